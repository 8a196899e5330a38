import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
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
 * more than one landlord.
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
})
