import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulkLoad } from '../../bench/reports.js'
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
 * The lists as they page at scale: the team queue numbered to page 10 and on by
 * keyset, the learning queue by keyset, the themes as kept for the day; in Chromium with axe, at
 * a desktop's width and a phone's.
 */
let t: TestApp
let browser: Browser
let base: string
let officer: { id: string; email: string; password: string }

beforeAll(async () => {
  const served = await servedTestApp()
  t = served.t
  base = served.base
  officer = await t.createStaff('complaints_officer')
  await bulkLoad(t.database, 1_300, officer.id, { from: '2025-03-01', today: '2026-03-01' })
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('the desk a team works at all day, in the browser', () => {
  it.each([1280, 320])(
    'has one row of navigation, compact case rows and no sideways scrolling at %i px',
    async (width) => {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAs(page, base, officer)

      await page.goto(`${base}/complaints?view=team`)
      const items = page.locator('[data-qa=service-navigation] .govuk-service-navigation__item')
      expect(await items.allTextContents()).toHaveLength(9)
      if (width === 1280) {
        // Every item of the service navigation on one row.
        const tops = await items.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top))
        expect(new Set(tops).size).toBe(1)
      } else {
        // On a phone it folds behind its menu button.
        expect(await page.locator('.govuk-service-navigation__toggle').isVisible()).toBe(true)
      }
      // The case list's own navigation, the list shown marked.
      expect(await page.locator('[data-qa=section-navigation] [aria-current=page]').textContent()).toContain(
        'Team cases',
      )
      // 100 cases a page of 1,300, each one compact row at a desktop's width.
      const rows = page.locator('.app-case-table tbody tr')
      expect(await rows.count()).toBe(100)
      const heights = await rows.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))
      if (width === 1280) expect(Math.max(...heights)).toBeLessThan(80)
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/desk-queue-${width}.png` })

      // A case, a settings page with its side navigation, the mail list: none wider than the window.
      await page.click('.app-case-table tbody tr:first-child a')
      await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/)
      expect(await horizontalOverflow(page)).toBe(0)
      // The case's Code panel: each provision with where it stands.
      expect(await page.locator('[data-qa=code-panel] tbody tr').count()).toBeGreaterThan(0)
      await expectAccessible(page)
      if (process.env.SCREENSHOTS)
        await page.screenshot({ path: `/tmp/desk-case-${width}.png`, fullPage: true })
      await page.goto(`${base}/settings/policy`)
      expect(
        await page.locator('[data-qa=section-navigation] [aria-current=location]').textContent(),
      ).toContain('Timescales')
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)
      if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/desk-settings-${width}.png` })
      await page.goto(`${base}/mail`)
      expect(await horizontalOverflow(page)).toBe(0)
      await context.close()
    },
    180_000,
  )
})

describe('lists that page at scale, in the browser', () => {
  it.each([1280, 320])(
    'pages the team queue and the learning queue on, at %i px, and pass axe',
    async (width) => {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAs(page, base, officer)

      await page.goto(`${base}/complaints?view=team&page=10`)
      await expectAccessible(page)
      await page.click('.govuk-pagination__next a')
      await page.waitForURL(/after=/)
      // Paging on is not filtering: the count is of every complaint.
      expect(await page.locator('[data-qa=result-count]').textContent()).toBe('1,300 complaints.')
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)
      if (process.env.SCREENSHOTS)
        await page.screenshot({ path: `/tmp/queue-keyset-${width}.png`, fullPage: false })
      await page.click('.govuk-pagination__prev a')
      await page.waitForURL(/before=/)

      await page.goto(`${base}/complaints?view=team&channel=phone`)
      expect(await page.locator('[data-qa=result-count]').textContent()).toMatch(
        /complaints match the filters/,
      )

      await page.goto(`${base}/learning`)
      await page.click('.govuk-pagination__next a')
      await page.waitForURL(/learning\?after=/)
      await expectAccessible(page)
      if (process.env.SCREENSHOTS)
        await page.screenshot({ path: `/tmp/learning-${width}.png`, fullPage: false })

      await page.goto(`${base}/themes`)
      expect(await page.locator('[data-qa=computed-at]').count()).toBe(1)
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)
      if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/themes-${width}.png`, fullPage: true })
      await context.close()
    },
    180_000,
  )
})
