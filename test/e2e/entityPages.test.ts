import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  horizontalOverflow,
  launchChromium,
  saveWithError,
  servedTestApp,
  signInAs,
} from './browser.js'

/**
 * Issue 34 in Chromium, with axe: the landlord entities pages, the choice of landlord at intake
 * and on a resident's record, and the TSM page for one landlord or the group.
 */
let t: TestApp
let browser: Browser
let base: string
let admin: { id: string; email: string; password: string }
let officer: { id: string; email: string; password: string }

beforeAll(async () => {
  const served = await servedTestApp()
  t = served.t
  base = served.base
  admin = await t.createStaff('admin')
  officer = await t.createStaff('complaints_officer')
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('the landlord entities in the browser', () => {
  it('an administrator lists, adds and changes landlords; the pages pass axe with and without JavaScript', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signInAs(page, base, admin)
    await page.goto(`${base}/settings/entities`)
    expect(await page.locator('[data-qa=entities]').textContent()).toContain('Test Homes')
    await expectAccessible(page)
    await expectAccessibleWithoutScripts(browser, page)
    await page.click('[data-qa=add-entity]')
    await page.waitForURL(/\/settings\/entities\/new$/)
    await expectAccessible(page)
    await page.fill('#website', 'north')
    await saveWithError(page, 'Enter the landlord’s name', '[data-qa=save-entity]')
    await page.fill('#name', 'North Homes')
    await page.fill('#rpNumber', 'L0001')
    await page.fill('#address', 'North House\n1 High Street\nLeeds LS1 1AA')
    await page.fill('#website', 'https://north.example')
    await page.click('[data-qa=save-entity]')
    await page.waitForURL(/\/settings\/entities\?saved=1$/)
    expect(await page.locator('[data-qa=entities]').textContent()).toContain('North Homes')
    await page.click('text=Change North Homes')
    await page.waitForURL(/\/settings\/entities\/[0-9a-f-]{36}$/)
    await expectAccessible(page)
    await expectAccessibleWithoutScripts(browser, page)
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 })
      expect(await horizontalOverflow(page)).toBe(0)
    }
    await page.goto(`${base}/settings/entities`)
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 })
      expect(await horizontalOverflow(page)).toBe(0)
    }
    await context.close()
  }, 180_000)

  it('asks for the landlord at intake when there is more than one, and shows each landlord’s TSM and the group’s', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/complaints/new`)
    const north = (await t.services.entities.list()).find((e) => e.name === 'North Homes')?.id as string
    await page.selectOption('[data-qa=entity]', north)
    await expectAccessible(page)
    await expectAccessibleWithoutScripts(browser, page)
    await page.goto(`${base}/reports/tsm?year=2025&entity=${north}`)
    expect(await page.locator('[data-qa=landlord]').textContent()).toBe('North Homes')
    await expectAccessible(page)
    await expectAccessibleWithoutScripts(browser, page)
    await page.goto(`${base}/reports/tsm?year=2025`)
    expect(await page.locator('[data-qa=homes-per-landlord]').count()).toBe(1)
    await expectAccessible(page)
    await context.close()
  }, 180_000)
})
