import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
import { latestCode } from '../residents.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  horizontalOverflow,
  launchChromium,
  servedTestApp,
  signInAs,
} from './browser.js'

/**
 * Issue 34 in Chromium, with axe: the annual report for one landlord or the group, a resident's
 * complaint with another landlord, and the policy naming each landlord it covers.
 * `ENTITY_SHOTS=/tmp/dir` also saves each page at 1280 and 320 pixels wide, to look at.
 */
let t: TestApp
let browser: Browser
let base: string
let officer: { id: string; email: string; password: string }
let north: string

beforeAll(async () => {
  const served = await servedTestApp()
  t = served.t
  base = served.base
  officer = await t.createStaff('complaints_officer')
  const admin = await t.createStaff('admin')
  north = await t.services.entities.add(
    { name: 'North Homes', rpNumber: 'L0001', phone: '0113 496 0001', email: 'complaints@north.example' },
    { id: admin.id, role: 'admin' },
  )
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

/** axe with and without scripts, nothing wider than a 320 px phone; saved when asked. */
async function checked(page: Page, name: string) {
  await expectAccessible(page)
  await expectAccessibleWithoutScripts(browser, page)
  const shots = process.env.ENTITY_SHOTS
  if (shots) await page.screenshot({ path: `${shots}/${name}-1280.png`, fullPage: true })
  await page.setViewportSize({ width: 320, height: 800 })
  expect(await horizontalOverflow(page)).toBe(0)
  if (shots) await page.screenshot({ path: `${shots}/${name}-320.png`, fullPage: true })
  await page.setViewportSize({ width: 1280, height: 900 })
}

describe('each landlord’s documents in the browser', () => {
  it('the annual report page chooses a landlord or the group, and passes axe', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/reports/annual`)
    await checked(page, 'annual-group')
    await page.selectOption('#entity', north)
    await page.click('form[action="/reports/annual"] button')
    await page.waitForURL(/entity=/)
    expect(await page.locator('[data-qa=annual-landlord]').textContent()).toContain(
      'North Homes (registered provider L0001)',
    )
    expect(await page.locator('[data-qa=one-landlord]').count()).toBe(1)
    await checked(page, 'annual-north')
    await context.close()
  }, 180_000)

  it('a resident following a complaint with North Homes sees North Homes, and the policy names both landlords', async () => {
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: t.clock.now(),
        description: 'The lift has been broken for weeks',
        resident: { name: 'Ada North', email: 'ada@example.org' },
        entityId: north,
      },
      actor,
    )
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(`${base}/track`)
    await page.fill('[data-qa=reference]', view.complaint.reference)
    await page.fill('[data-qa=email]', 'ada@example.org')
    await page.click('[data-qa=send-code]')
    await page.waitForURL(`${base}/track/code`)
    await page.fill('#code', (await latestCode(t, 'ada@example.org')) ?? '')
    await page.click('button[type=submit]')
    await page.waitForURL(/\/track\/complaints\/[0-9a-f-]{36}$/)
    expect(await page.locator('.app-header__landlord').textContent()).toContain('North Homes')
    expect(await page.locator('[data-qa=landlord-contact]').textContent()).toContain('0113 496 0001')
    await checked(page, 'track-north')

    await page.goto(`${base}/complaints-policy`)
    const covers = (await page.locator('[data-qa=landlords]').textContent()) ?? ''
    expect(covers).toContain('Test Homes')
    expect(covers).toContain('North Homes')
    await checked(page, 'policy-group')
    await context.close()
  }, 180_000)
})
