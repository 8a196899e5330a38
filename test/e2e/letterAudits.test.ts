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
 * Letter audits in Chromium, as a team leader and a handler use them: sample, audit, read the
 * feedback, keep the checklist; axe on each page at a desktop's width and a phone's.
 */
let t: TestApp
let browser: Browser
let base: string
let officer: { id: string; email: string; password: string }
let handler: { id: string; email: string; password: string }

beforeAll(async () => {
  const served = await servedTestApp()
  t = served.t
  base = served.base
  officer = await t.createStaff('complaints_officer')
  handler = await t.createStaff('handler')
  const actor = { id: handler.id, role: 'handler' as const }
  t.clock.set('2026-11-02T10:00:00Z')
  for (const name of ['Ada Browser', 'Ben Browser']) {
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-11-02T09:00:00Z'),
        description: 'Leak',
        resident: { name },
      },
      actor,
    )
    await t.services.complaints.acknowledge(view.complaint.id, actor, {
      handlerId: handler.id,
      definition: { issues: ['Leak under the sink'], outcomesSought: ['Fix it'] },
    })
  }
  t.clock.set('2026-12-01T10:00:00Z')
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('letter audits in the browser', () => {
  it.each([1280, 320])(
    'samples a letter, audits it and shows the handler the feedback, at %i px, and pass axe',
    async (width) => {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAs(page, base, officer)
      await page.goto(`${base}/letter-audits`)
      await page.selectOption('#month', '2026-11')
      await page.click('[data-qa=sample]')
      await page.waitForURL(/sample=1/)
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)

      await page.locator('[data-qa=sample] a[href^="/letter-audits/letters/"]').first().click()
      await expect(page.locator('[data-qa=letter-text]').textContent()).resolves.toContain(
        'Leak under the sink',
      )
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      // Sent without an answer: every item named in the error summary, focus on it.
      await page.click('[data-qa=submit]')
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'Write the overall feedback',
      )
      await expectAccessible(page)
      for (const radio of await page.locator('input[type=radio][value=yes]').all()) await radio.check()
      await page.fill('#summary', 'Clear and kind. Well done.')
      await page.click('[data-qa=submit]')
      await page.waitForURL(/done=recorded/)
      await expect(page.locator('[data-qa=score]').textContent()).resolves.toBe('100%')
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)

      await page.goto(`${base}/letter-audits/checklist`)
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/audit-checklist-${width}.png` })

      const own = await context.browser()?.newContext({ viewport: { width, height: 900 } })
      const handlerPage = await own?.newPage()
      if (!handlerPage) throw new Error('no page')
      await signInAs(handlerPage, base, handler)
      await handlerPage.goto(`${base}/letter-audits`)
      await expect(handlerPage.locator('[data-qa=unseen]').textContent()).resolves.toContain(
        'you have not read yet',
      )
      await expectAccessible(handlerPage)
      await own?.close()
      await context.close()
    },
    180_000,
  )
})
