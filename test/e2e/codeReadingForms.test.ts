import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
import { loggedComplaint } from '../cases.js'
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
 * The forms that ask what the Code now requires of them, in Chromium at a desktop's and a
 * phone's width: the conflict of interest at assignment and acknowledgement (5.8), the update
 * interval agreed or not (5.9), the dates and the decision on discretion before refusing a
 * complaint as older than 12 months (2.3), and who was involved in the final response (6.20).
 * axe runs on each, with scripts and without; none runs past a 320 px window.
 */
let t: TestApp
let base: string
let browser: Browser
let officer: { id: string; email: string; password: string }
let first: { id: string }
let received: string
let toRefuse: string
let atStage2: string

beforeAll(async () => {
  ;({ t, base } = await servedTestApp())
  officer = await t.createStaff('complaints_officer', 'readings.officer@example.org')
  first = await t.createStaff('handler', 'readings.first@example.org')
  const second = await t.createStaff('handler', 'readings.second@example.org')
  const one = { id: first.id, role: 'handler' as const }
  const two = { id: second.id, role: 'handler' as const }
  const definition = { issues: ['The repair'], outcomesSought: ['Put it right'] }
  received = await loggedComplaint(t, one, { name: 'Asha Patel', receivedAt: '2026-03-02T09:00:00Z' })
  toRefuse = await loggedComplaint(t, one, { name: 'Ben Okafor', receivedAt: '2026-03-02T09:05:00Z' })
  atStage2 = await loggedComplaint(t, one, { name: 'Cara Doyle', receivedAt: '2026-03-02T09:10:00Z' })
  t.clock.set('2026-03-03T10:00:00Z')
  await t.services.complaints.acknowledge(atStage2, one, {
    definition,
    conflictOfInterest: { answer: 'none' },
  })
  t.clock.set('2026-03-05T10:00:00Z')
  await t.services.complaints.respond(atStage2, one, { decision: 'not_upheld', reasons: 'On time' })
  t.clock.set('2026-03-09T10:00:00Z')
  await t.services.complaints.requestEscalation(atStage2, one, {})
  t.clock.set('2026-03-10T10:00:00Z')
  await t.services.complaints.acknowledge(atStage2, two, {
    definition,
    conflictOfInterest: { answer: 'none' },
  })
  t.clock.set('2026-03-12T10:00:00Z')
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

/** axe with and without scripts, nothing past the window, and a screenshot when asked for. */
async function looked(page: Page, name: string, width: number) {
  expect(await horizontalOverflow(page), `${name} at ${width} px`).toBe(0)
  await expectAccessible(page)
  await expectAccessibleWithoutScripts(browser, page)
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/${name}-${width}.png`, fullPage: true })
}

describe('the forms that ask what the Code requires', () => {
  for (const width of [1280, 320]) {
    it(`ask it, refuse without it and pass axe at ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAs(page, base, officer)

      await page.goto(`${base}/complaints/${received}/assign`)
      await looked(page, 'assign', width)
      await page.selectOption('#handlerId', first.id)
      await saveWithError(
        page,
        'Code 5.8: say whether the handler has any actual or perceived conflict of interest',
      )
      await page.check('#conflictAnswer-2')
      await saveWithError(page, 'Code 5.8: record the measures taken to address the conflict of interest')
      await looked(page, 'assign-errors', width)

      await page.goto(`${base}/complaints/${received}/acknowledge`)
      expect(await page.locator('input[name=conflictAnswer]:checked').count()).toBe(0)
      expect(await page.locator('input[name=updateIntervalAgreed]').isChecked()).toBe(false)
      await looked(page, 'acknowledge', width)

      await page.goto(`${base}/complaints/${toRefuse}/refuse`)
      // Code 2.3: no decision on discretion is made for the person.
      expect(await page.locator('input[name=discretionDecision]:checked').count()).toBe(0)
      await looked(page, 'refuse', width)
      await page.check('input[name=reason][value=older_than_12_months]')
      await page.fill('#explanation', 'What happened was in 2023, more than 12 months before you complained.')
      await saveWithError(page, 'Code 2.3: record when the issue happened')
      const summary = await page.locator('.govuk-error-summary').innerText()
      expect(summary).toContain('Code 2.3: record when the resident became aware of the issue')
      expect(summary).toContain('Code 2.3: decide whether to exercise discretion')
      await looked(page, 'refuse-errors', width)

      await page.goto(`${base}/complaints/${atStage2}/respond`)
      await looked(page, 'respond-stage-2', width)
      await page.check('input[name=decision][value=not_upheld]')
      await page.check('input[name^="issue-"][value=not_upheld]')
      await page.fill('[data-qa=reasons]', 'On review, the repair was on time.')
      await saveWithError(page, 'Code 6.20: the final response must involve all suitable staff')
      await context.close()
    }, 180_000)
  }

  it('records each answer, shown on the case', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await signInAs(page, base, officer)

    await page.goto(`${base}/complaints/${received}/assign`)
    await page.selectOption('#handlerId', first.id)
    await page.check('#conflictAnswer-2')
    await page.fill('#conflict', 'Knows the resident from a previous tenancy')
    await page.fill('#howHandled', 'A team leader reads each letter before it goes')
    await page.click('[data-qa=submit]')
    await page.waitForURL(`${base}/complaints/${received}?done=assign`, { timeout: 60_000 })
    // Before acknowledgement the stage has no summary yet: the case's history shows it.
    expect(await page.locator('[data-qa=timeline]').innerText()).toContain(
      'Code 5.8: Conflict of interest: Knows the resident from a previous tenancy. How it is handled: A team leader reads each letter before it goes',
    )

    await page.goto(`${base}/complaints/${toRefuse}/refuse`)
    await page.check('input[name=reason][value=older_than_12_months]')
    await page.fill('#explanation', 'What happened was in 2023, more than 12 months before you complained.')
    for (const [name, day, month, year] of [
      ['issueOccurredOn', '5', '1', '2023'],
      ['residentAwareOn', '5', '1', '2023'],
    ])
      for (const [part, value] of [
        ['day', day],
        ['month', month],
        ['year', year],
      ])
        await page.fill(`#${name}-${part}`, value as string)
    await page.check('#discretionDecision-2')
    await page.fill('#discretionReason', 'No records of the 2023 repair survive to investigate.')
    await page.click('[data-qa=submit]')
    await page.locator('[data-qa=letter-preview]').waitFor({ timeout: 60_000 })
    await page.click('[data-qa=send]')
    await page.waitForURL(`${base}/complaints/${toRefuse}?done=refuse`, { timeout: 60_000 })
    expect(await page.locator('[data-qa=timeline]').innerText()).toContain(
      'Discretion to accept it considered (Code 2.3) and not used: No records of the 2023 repair survive to investigate.',
    )

    await page.goto(`${base}/complaints/${atStage2}/respond`)
    await page.check('input[name=decision][value=not_upheld]')
    await page.check('input[name^="issue-"][value=not_upheld]')
    await page.fill('[data-qa=reasons]', 'On review, the repair was on time.')
    await page.fill('[data-qa=involved]', 'Sam Green, repairs manager')
    await page.click('[data-qa=submit]')
    await page.locator('[data-qa=letter-preview]').waitFor({ timeout: 60_000 })
    await page.click('[data-qa=send]')
    await page.waitForURL(`${base}/complaints/${atStage2}?done=respond`, { timeout: 60_000 })
    expect(await page.locator('[data-qa=involved]').innerText()).toContain('Sam Green (repairs manager)')
    await expectAccessible(page)
    await context.close()
  }, 180_000)
})
