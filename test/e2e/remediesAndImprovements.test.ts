import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
import { loggedComplaint } from '../cases.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  launchChromium,
  saveWithError,
  servedTestApp,
  signInAs,
} from './browser.js'

/** The remedy pages, the compensation guidance and the improvement actions in Chromium, with axe. */
let t: TestApp
let browser: Browser
let base: string
let officer: { id: string; email: string; password: string }
let complaintId: string

beforeAll(async () => {
  const served = await servedTestApp()
  t = served.t
  base = served.base
  officer = await t.createStaff('complaints_officer')
  t.clock.set('2026-03-02T09:15:00Z')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  complaintId = await loggedComplaint(t, actor, {
    name: 'Eve Mensah',
    receivedAt: '2026-03-02T09:00:00Z',
    description: 'No heating for two weeks',
    categories: ['repairs'],
  })
  await t.services.complaints.acknowledge(complaintId, actor, {
    handlerId: officer.id,
    definition: { issues: ['Heating repair'], outcomesSought: ['Working heating'] },
  })
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('remedies and improvements in the browser', () => {
  it('the response form with its guidance, the remedy forms, the register and the guidance pass axe', async () => {
    t.clock.set('2026-03-09T10:00:00Z')
    const context = await browser.newContext()
    const page = await context.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/complaints/${complaintId}/respond`)
    await page.check('input[name^=issue-][value=upheld]')
    await page.check('input[name=decision][value=upheld]')
    await page.fill('#reasons', 'The heating was left broken for two weeks in winter.')
    await page.check('input[name=remedies][value=financial]')
    await page.fill('#amount', '300')
    await page.fill('#part-timeAndTrouble', '100')
    await page.fill('#part-distressAndInconvenience', '200')
    await page.fill('#remedy-financial', 'For two weeks without heating')
    await page.click('[data-qa=check-band]')
    await expect
      .poll(() => page.locator('[data-qa=band-placement]').textContent(), { timeout: 15_000 })
      .toContain('£300.00 is in the “Adverse effect” band')
    await page.click('[data-qa=compensation-guidance] summary')
    await expectAccessible(page)
    await expectAccessibleWithoutScripts(browser, page)
    // The letter is shown first (see before you send), then sent.
    await page.click('[data-qa=submit]')
    await page.locator('[data-qa=letter-preview]').waitFor()
    await expectAccessible(page)
    await page.click('[data-qa=send]')
    await page.waitForURL(/done=respond$/)
    expect(await page.locator('[data-qa=remedies]').textContent()).toContain('Time and trouble: £100.00')
    await expectAccessible(page)

    await page.goto(`${base}/complaints/${complaintId}/complete-remedy`)
    await expectAccessible(page)
    await page.check('input[name=remedyId][value="1-1"]')
    await page.fill('#offsetAgainstArrears', '50')
    await saveWithError(page, 'only with the resident’s agreement')
    await page.goto(`${base}/complaints/${complaintId}/answer-remedy`)
    await expectAccessible(page)
    await saveWithError(page, 'Choose the remedy the resident answered')

    await page.goto(`${base}/remedies`)
    expect(await page.locator('[data-qa=remedy-register]').textContent()).toContain('Eve Mensah')
    await expectAccessible(page)
    await page.goto(`${base}/settings/compensation`)
    await expectAccessible(page)
    await saveWithError(page, 'Give the guidance a title')
    await context.close()
  }, 60_000)

  it('the improvement pages and the public “You said, we did” page pass axe', async () => {
    t.clock.set('2026-03-10T10:00:00Z')
    const context = await browser.newContext()
    const page = await context.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/complaints/${complaintId}`)
    await page.click('[data-qa=raise-improvement]')
    await expectAccessible(page)
    await saveWithError(page, 'Give the improvement a short title')
    await page.fill('#title', 'Heating repairs within 24 hours in winter')
    await page.fill('#description', 'Heating failures between October and March are emergency repairs.')
    await page.fill('#director', 'Sam Okafor, Director of Property')
    await page.fill('#dueOn-day', '30')
    await page.fill('#dueOn-month', '4')
    await page.fill('#dueOn-year', '2026')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/\/improvements\/[0-9a-f-]{36}\?done=raised$/)
    await expectAccessible(page)
    const url = page.url().split('?')[0] as string
    await page.goto(`${url}/complete`)
    await expectAccessible(page)
    await saveWithError(page, 'give the evidence that the change was made')
    await page.fill('#evidence', 'Repairs policy section 4 updated on 10 March 2026.')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=complete$/)
    await page.goto(`${url}/publish`)
    await expectAccessible(page)
    await page.fill('#youSaid', 'Heating repairs took too long in winter.')
    await page.fill('#weDid', 'Heating failures in winter are now emergency repairs, fixed within 24 hours.')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=publish$/)
    await page.goto(`${base}/improvements?show=all`)
    await expectAccessible(page)

    const resident = await (await browser.newContext()).newPage()
    await resident.goto(`${base}/you-said-we-did`)
    expect(await resident.locator('[data-qa=you-said]').first().textContent()).toContain(
      'Heating repairs took too long in winter.',
    )
    await expectAccessible(resident)
    await expectAccessibleWithoutScripts(browser, resident)
    await context.close()
  }, 60_000)
})
