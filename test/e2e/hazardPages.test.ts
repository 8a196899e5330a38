import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  launchChromium,
  servedTestApp,
  signInAs,
} from './browser.js'

/** Awaab's Law pages in Chromium, with axe on each page and each error state, with and without JavaScript. */
let t: TestApp
let browser: Browser
let base: string
let handler: { id: string; email: string; password: string }

beforeAll(async () => {
  ;({ t, base } = await servedTestApp())
  handler = await t.createStaff('handler')
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe.each([
  ['on', true],
  ['off', false],
] as const)('the hazard pages, with JavaScript %s', (_label, javaScriptEnabled) => {
  it('pass axe from recording the hazard, through each step, to the queues', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-03-02T09:00:00Z'),
        description: 'The ceiling light sparks when it rains',
        resident: { name: `Resident ${_label}` },
      },
      { id: handler.id, role: 'handler' },
    )
    const context = await browser.newContext({ javaScriptEnabled })
    const page = await context.newPage()
    // axe needs JavaScript: without it, the page as shown is checked in a copy with its own scripts blocked.
    const checked = () =>
      javaScriptEnabled ? expectAccessible(page) : expectAccessibleWithoutScripts(browser, page)
    // The decision: who, when (typed, never filled in for the person) and on what.
    const decide = async (basis: string) => {
      await page.fill('#decidedBy', 'Sam Patel, repairs surveyor')
      await page.fill('#decided-day', '2')
      await page.fill('#decided-month', '3')
      await page.fill('#decided-year', '2026')
      await page.fill('#decidedTime', '09:15')
      await page.fill('#basis', basis)
    }
    const saveWithError = async (message: string) => {
      await page.click('[data-qa=submit]')
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent(), { timeout: 15_000 })
        .toContain(message)
      await checked()
    }
    await signInAs(page, base, handler)

    await page.goto(`${base}/complaints/${view.complaint.id}`)
    await checked()
    await page.click('[data-qa=record-hazard]')
    await checked()
    await saveWithError('decide whether the report is a potential emergency hazard')
    await page.check('input[name=kind][value=damp_and_mould]')
    await page.fill('#description', 'Water coming through the light fitting')
    await decide('Photos of the light fitting from the resident')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/\/hazards\/[0-9a-f-]{36}\?done=identified$/)
    await checked()
    const hazardUrl = page.url().split('?')[0] ?? ''

    // Reclassified as an emergency before the investigation.
    await page.click('[data-qa=hazard-action-kind]')
    await checked()
    await saveWithError('Say why the report is now assessed differently')
    await page.check('input[name=kind][value=emergency]')
    await page.fill('#reason', 'Electrics affected: an imminent risk of harm')
    await decide('The electrician’s call')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=kind$/)

    await page.click('[data-qa=hazard-action-decant]')
    await checked()
    await saveWithError('Say where the household is staying')
    await page.goto(hazardUrl)
    await page.click('[data-qa=hazard-action-safety]')
    await checked()
    await saveWithError('Describe the safety work')
    await page.fill('#what', 'Circuit isolated by the electrician')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=safety$/)
    // The 24 hours ask for the home made safe: the work completed, recorded on its own.
    await page.click('[data-qa=hazard-action-made-safe]')
    await checked()
    await saveWithError('Describe how the home was made safe')
    await page.fill('#what', 'Circuit isolated, light fitting removed')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=made-safe$/)

    await page.click('[data-qa=hazard-action-investigation]')
    await checked()
    await saveWithError('Say whether the investigation found a hazard')
    await page.check('input[name=hazardFound][value=yes]')
    await page.fill('#findings', 'Roof leak into the light fitting')
    await page.check('input[name=furtherWorksNeeded][value=yes]')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=investigation$/)
    await checked()
    expect(await page.locator('[data-qa=hazard-decision]').nth(1).textContent()).toContain(
      'Sam Patel, repairs surveyor',
    )

    for (const [action, message] of [
      ['summary', 'Say how the summary was given'],
      ['further-deferred', 'say why the works cannot reasonably begin'],
      ['further-started', 'Describe the works'],
    ] as const) {
      await page.goto(`${hazardUrl}/${action}`)
      await checked()
      await saveWithError(message)
    }

    // A report decided not to be a hazard, then a material change: both forms pass axe.
    await page.goto(`${base}/complaints/${view.complaint.id}/hazards/new`)
    await page.check('input[name=kind][value=not_a_hazard]')
    await page.fill('#description', 'Condensation on the bedroom window')
    await decide('The resident’s description')
    await saveWithError('give the reasons the report is not a hazard')
    await page.fill('#reasons', 'Condensation only, no mould; ventilation advice given')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=identified$/)
    await checked()
    await page.click('[data-qa=hazard-action-material-change]')
    await checked()
    await saveWithError('Describe what has changed since the last assessment')

    await page.goto(`${base}/hazards`)
    await checked()
    await page.goto(`${base}/hazards?mine=yes`)
    await checked()
    await page.goto(`${base}/complaints?view=team&hazard=running`)
    await checked()
    await context.close()
  }, 300_000)
})
