import { randomUUID } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
import { emailInInbox } from '../inboxEmails.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  horizontalOverflow,
  launchChromium,
  servedTestApp,
  signInAs,
} from './browser.js'

/**
 * Issue 34, roles limited to an entity, in Chromium with axe: the staff accounts page asks which
 * landlord a new account is limited to, and changes it for an existing one, only when there is
 * more than one landlord; a person limited to one sees the inbox's emails that joined its cases,
 * told that emails not yet sorted are for staff of the whole group.
 */
let t: TestApp
let browser: Browser
let base: string
let admin: { id: string; email: string; password: string }

beforeAll(async () => {
  const served = await servedTestApp()
  t = served.t
  base = served.base
  admin = await t.createStaff('admin')
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('limiting a staff account to a landlord in the browser', () => {
  it('asks for the landlord only with more than one; adds and changes it; passes axe with and without JavaScript', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signInAs(page, base, admin)
    await page.goto(`${base}/settings/users`)
    expect(await page.locator('[data-qa=entity]').count()).toBe(0)

    const north = await t.services.entities.add({ name: 'North Homes' }, { id: admin.id, role: 'admin' })
    await page.goto(`${base}/settings/users`)
    await page.fill('#name', 'Nia North')
    await page.fill('#email', 'nia@example.org')
    await page.selectOption('#role', 'handler')
    await page.selectOption('[data-qa=entity]', north)
    await expectAccessible(page)
    await page.click('[data-qa=add-user]')
    await page.locator('[data-qa=created]').waitFor()
    const nia = await t.services.staffAccounts.findByEmail('nia@example.org')
    expect(nia.entityId).toBe(north)
    expect(await page.locator(`#entity-${nia.id}`).inputValue()).toBe(north)

    // Changed back to the whole group on the list.
    await page.selectOption(`#entity-${nia.id}`, '')
    await page.click(`text=Change landlord for Nia North`)
    await page.waitForURL(/\/settings\/users$/)
    expect((await t.services.staffAccounts.get(nia.id)).entityId).toBeNull()
    await expectAccessible(page)
    await expectAccessibleWithoutScripts(browser, page)
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 })
      expect(await horizontalOverflow(page), `${width} px`).toBe(0)
    }
    await context.close()
  }, 180_000)

  it('shows a person limited to North Homes the emails that joined its cases, saying who sorts the rest; passes axe with and without JavaScript', async () => {
    const adminActor = { id: admin.id, role: 'admin' as const }
    const north =
      (await t.services.entities.list()).find((e) => e.displayName === 'North Homes')?.id ??
      (await t.services.entities.add({ name: 'North Homes' }, adminActor))
    const nora = await t.createStaff('complaints_officer')
    await t.services.staffAccounts.changeEntity(nora.id, north, adminActor)
    const actor = { id: nora.id, role: 'complaints_officer' as const }
    const { view } = await t.services.complaints.receive(
      {
        channel: 'email',
        receivedAt: new Date('2026-03-02T09:00:00Z'),
        description: 'The window',
        resident: { name: 'Ada Brown', email: 'ada@example.org' },
        entityId: north,
      },
      actor,
    )
    for (const [uid, subject, complaintId] of [
      [
        1,
        'The window in my bedroom has not been fixed since January and it is getting colder',
        view.complaint.id,
      ],
      [2, 'Not yet sorted', undefined],
    ] as const)
      await emailInInbox(t.database.db, {
        id: randomUUID(),
        uid,
        subject,
        at: new Date(`2026-03-02T10:0${uid}:00Z`),
        from: {
          address: 'ada.brown.with.a.rather.long.address@resident-association.example',
          name: 'Ada Brown',
        },
        ...(complaintId ? { joinedTo: { complaintId, by: nora.id } } : {}),
      })
    for (const width of [1280, 320]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAs(page, base, nora)
      await page.goto(`${base}/inbox?status=all`)
      expect(await page.locator('[data-qa=inbox-limited]').textContent()).toContain(
        'Emails not yet sorted are handled by staff who cover the whole group',
      )
      expect(await page.locator('[data-qa=inbox] tbody tr').count()).toBe(1)
      expect(await horizontalOverflow(page), `${width} px`).toBe(0)
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)
      if (process.env.SCREENSHOTS)
        await page.screenshot({ path: `/tmp/inbox-limited-${width}.png`, fullPage: true })
      await context.close()
    }
  }, 180_000)
})
