import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approvedAssessment, publishedLinks } from '../annualSubmissions.js'
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
 * In Chromium, with axe, at a desk and on a phone: the annual submission to the Ombudsman
 * prepared from the approved self-assessment, refused until every link is https and the answers
 * are confirmed, then recorded; and the dashboard's task to re-submit after a revision.
 */
let t: TestApp
let browser: Browser
let base: string
let officer: { id: string; email: string; password: string }
let board: { id: string; email: string; password: string }

beforeAll(async () => {
  ;({ t, base } = await servedTestApp())
  officer = await t.createStaff('complaints_officer')
  board = await t.createStaff('board')
  t.clock.set('2026-05-01T09:00:00Z')
  await t.services.tsm.recordHomes(
    2025,
    { lcra: 4200, lcho: 310 },
    { id: officer.id, role: 'complaints_officer' },
  )
  await approvedAssessment(t, 2025, officer, board)
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('the annual submission pages in the browser', () => {
  it('are accessible and fit a phone, refuse an http link, and record the submission', async () => {
    for (const width of [1280, 320]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAs(page, base, officer)
      await page.goto(`${base}/annual-submission/2025`)
      expect(await page.locator('[data-qa=deadline-why]').textContent()).toContain(
        'Due 30 September 2026: a landlord with more than 1,000 homes (4,510 homes at the end of 2025/26)',
      )
      expect(await page.locator('[data-qa=answers] tbody tr').count()).toBe(72)
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)
      expect(await horizontalOverflow(page)).toBe(0)
      if (process.env.SCREENSHOTS)
        await page.screenshot({ path: `/tmp/annual-submission-${width}.png`, fullPage: true })
      if (width === 320) {
        await context.close()
        continue
      }
      await page.fill('#registeredProviderNumber', 'L4242')
      await page.fill('#link-complaintsPolicy', publishedLinks.complaintsPolicy)
      await page.fill('#link-selfAssessment', publishedLinks.selfAssessment)
      await page.fill('#link-annualReport', 'http://test-homes.example.org/report')
      await page.fill('#link-governingBodyResponse', publishedLinks.governingBodyResponse)
      await saveWithError(
        page,
        'Code 8.2: give the web address where the annual complaints performance and service improvement report is published, starting https://',
      )
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Confirm that the yes and no answers',
      )
      expect(await horizontalOverflow(page)).toBe(0)
      if (process.env.SCREENSHOTS)
        await page.screenshot({ path: `/tmp/annual-submission-errors-${width}.png`, fullPage: true })
      await page.fill('#link-annualReport', publishedLinks.annualReport)
      await page.check('#confirmed')
      await page.click('[data-qa=submit]')
      await page.waitForURL(/done=recorded$/)
      expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
        'The submission has been recorded.',
      )
      expect(await page.locator('[data-qa=history] tbody tr').count()).toBe(1)
      await expectAccessible(page)
      await context.close()
    }
  }, 180_000)

  it('shows the task to re-submit on the dashboard and the page, at a desk and on a phone', async () => {
    t.clock.set('2026-08-03T09:00:00Z')
    await approvedAssessment(t, 2025, officer, board, { trigger: 'merger', note: 'Merged with Hillside' })
    for (const width of [1280, 320]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAs(page, base, officer)
      expect(await page.locator('[data-qa=tile-resubmit] [data-qa=value]').textContent()).toBe('1')
      await page.click('[data-qa=tile-resubmit] a')
      await page.waitForURL(/\/annual-submission\/2025$/)
      expect(await page.locator('[data-qa=resubmit]').textContent()).toContain(
        'Re-submit: the self-assessment for 2025/26 was revised after the submission of 1 May 2026 (A merger (Code 8.3))',
      )
      await expectAccessible(page)
      expect(await horizontalOverflow(page)).toBe(0)
      if (process.env.SCREENSHOTS)
        await page.screenshot({ path: `/tmp/annual-submission-resubmit-${width}.png`, fullPage: true })
      await context.close()
    }
  }, 180_000)
})
