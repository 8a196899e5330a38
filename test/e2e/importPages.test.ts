import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { csvText } from '../../src/domain/text/csv.js'
import type { TestApp } from '../app.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  horizontalOverflow,
  launchChromium,
  servedTestApp,
  signInAs,
} from './browser.js'

/** Importing a complaint history in Chromium: the start page, a refusal, the dry run, confirming; axe on each. */
let t: TestApp
let browser: Browser
let base: string
let admin: { id: string; email: string; password: string }

beforeAll(async () => {
  const served = await servedTestApp()
  t = served.t
  base = served.base
  admin = await t.createStaff('admin')
  await t.createStaff('handler', 'hal@example.org')
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('importing a complaint history in the browser', () => {
  it.each([1280, 320])(
    'checks a file, shows what it would do and imports it when confirmed, at %i px, and passes axe',
    async (width) => {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAs(page, base, admin)
      await page.goto(`${base}/settings/import`)
      await page.click('.govuk-details__summary')
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)
      expect(await horizontalOverflow(page)).toBe(0)

      await page.click('button:has-text("Check the file")')
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent())
        .toContain('Select a CSV or XLSX file')
      await expectAccessible(page)

      const file = join(tmpdir(), `history-${width}.csv`)
      writeFileSync(
        file,
        csvText([
          [
            'legacy_reference',
            'received_date',
            'channel',
            'resident_name',
            'handler',
            'acknowledged_date',
            'stage1_response_date',
            'outcome',
          ],
          [
            `W${width}-1`,
            '2025-06-02',
            'email',
            'Ann Example',
            'hal@example.org',
            '2025-06-03',
            '2025-06-10',
            'not_upheld',
          ],
          [`W${width}-2`, '2025-06-02', 'phone', 'Bea Example', '', '', '', ''],
          [
            `W${width}-3`,
            '2025-06-02',
            'phone',
            'Cal Example',
            'hal@example.org',
            '2025-06-03',
            '2025-05-30',
            'upheld',
          ],
        ]),
      )
      await page.setInputFiles('#file', file)
      await page.click('button:has-text("Check the file")')
      await page.waitForSelector('[data-qa=refused]')
      expect(await page.locator('[data-qa=refused]').textContent()).toContain(
        'Code 6.5: the stage 1 response date is before the complaint was received',
      )
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)
      expect(await horizontalOverflow(page)).toBe(0)

      await page.click('button:has-text("Confirm and import 2 complaints")')
      await expect
        .poll(() => page.locator('.govuk-notification-banner').textContent())
        .toContain('Imported: 2 complaints created.')
      await expectAccessible(page)
      expect(await horizontalOverflow(page)).toBe(0)
      await context.close()
    },
    120_000,
  )
})
