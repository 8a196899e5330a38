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

/** The remedy calculator and the landlord's compensation rates in Chromium, with axe, at a desk's width and a phone's. */
let t: TestApp
let browser: Browser
let base: string
let lead: { id: string; email: string; password: string }

beforeAll(async () => {
  const served = await servedTestApp()
  t = served.t
  base = served.base
  lead = await t.createStaff('senior_lead')
  t.clock.set('2026-04-20T09:00:00Z')
  await t.services.remedies.addLandlordRates(
    {
      source: 'Compensation policy v4, approved by the Board on 12 March 2026',
      effectiveFrom: '2026-04-01',
      rates: { lossOfHeating: 20, missedAppointment: 10 },
    },
    { id: lead.id, role: 'senior_lead' },
  )
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

const fillDate = async (
  page: import('playwright-core').Page,
  name: string,
  d: string,
  m: string,
  y: string,
) => {
  await page.fill(`#${name}-day`, d)
  await page.fill(`#${name}-month`, m)
  await page.fill(`#${name}-year`, y)
}

describe('the remedy calculator in the browser', () => {
  for (const width of [1280, 320]) {
    it(`works without JavaScript, passes axe and fits ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false })
      const page = await context.newPage()
      // Signing in needs no script either.
      await signInAs(page, base, lead)
      await page.goto(`${base}/remedies/calculator`)
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessibleWithoutScripts(browser, page)
      await fillDate(page, 'lossOfHeating-from', '3', '4', '2026')
      await fillDate(page, 'lossOfHeating-to', '10', '4', '2026')
      await page.fill('#missedAppointments', '2')
      await page.check('input[name=band][value="Minor failure"]')
      await page.fill('#offer', '150')
      await page.click('[data-qa=calculate]')
      await page.locator('[data-qa=calculation]').waitFor()
      // Measured once the page's styles have loaded, not while it is still arriving.
      await page.waitForLoadState('load')
      expect(page.url()).toContain('calculate=1')
      const lines = await page.locator('[data-qa=calculation]').textContent()
      // Ours for heating (£20 over £15): 8 × £20 = £160; the Ombudsman's for appointments: 2 × £15 = £30; band £50.
      expect(lines).toContain(
        'Heating and hot water lost 3–10 April 2026: 8 days × £20 = £160 (our policy from 1 April 2026; Ombudsman 2026 guidance sets £15)',
      )
      expect(lines).toContain('2 missed appointments × £15 = £30')
      expect(await page.locator('[data-qa=total]').textContent()).toContain('£240')
      expect(await page.locator('[data-qa=gap]').textContent()).toContain(
        'The offer of £150 is £90 below the guidance figure of £240',
      )
      if (process.env.SCREENSHOTS) {
        await page.screenshot({ path: `/tmp/remedy-calculator-${width}.png` })
        await page
          .locator('[data-qa=calculation]')
          .screenshot({ path: `/tmp/remedy-calculation-${width}.png` })
        await page.locator('[data-qa=rates]').screenshot({ path: `/tmp/remedy-rates-${width}.png` })
      }
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessibleWithoutScripts(browser, page)
      // The same result with scripts on, checked by axe as it runs.
      const scripted = await browser.newContext({ viewport: { width, height: 900 } })
      const again = await scripted.newPage()
      await signInAs(again, base, lead)
      await again.goto(page.url())
      await again.locator('[data-qa=calculation]').waitFor()
      expect(await horizontalOverflow(again)).toBe(0)
      await expectAccessible(again)
      await scripted.close()
      await context.close()
    }, 120_000)

    it(`the compensation rates page passes axe, with and without scripts, and fits ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAs(page, base, lead)
      await page.goto(`${base}/settings/compensation-rates`)
      expect(await page.locator('[data-qa=rates-1]').textContent()).toContain('£20 a day')
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)
      if (process.env.SCREENSHOTS)
        await page.screenshot({ path: `/tmp/compensation-rates-${width}.png`, fullPage: true })
      await page.fill('#lossOfPower', 'ten')
      await saveWithError(page, 'Enter the rate in pounds')
      expect(await horizontalOverflow(page)).toBe(0)
      await context.close()
    }, 120_000)
  }
})
