import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  launchChromium,
  servedTestApp,
  signInAs,
} from './browser.js'

/**
 * Resident records, restrictions on contact, triage and service requests in Chromium: axe on each
 * page and error state, with JavaScript on and off.
 */
let t: TestApp
let browser: Browser
let base: string
let officer: { id: string; email: string; password: string }

beforeAll(async () => {
  ;({ t, base } = await servedTestApp())
  officer = await t.createStaff('complaints_officer')
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe.each([
  ['on', true],
  ['off', false],
] as const)('resident, triage and service request pages, with JavaScript %s', (label, javaScriptEnabled) => {
  it('pass axe on every page and every error state', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-03-02T09:00:00Z'),
        description: 'Black mould in the bedroom and no hot water',
        resident: {
          name: `Resident ${label}`,
          email: `resident-${label}@example.org`,
          postcode: 'M1 1AE',
          address: '1 Mill Lane',
        },
        adjustments: { needs: ['large_print'] },
      },
      { id: officer.id, role: 'complaints_officer' },
    )
    const personId = view.complaint.personId as string
    const context = await browser.newContext({ javaScriptEnabled })
    const page = await context.newPage()
    const checked = () =>
      javaScriptEnabled ? expectAccessible(page) : expectAccessibleWithoutScripts(browser, page)
    const visit = async (path: string) => {
      await page.goto(`${base}${path}`)
      await checked()
    }
    const saveWithError = async (p: Page, message: string) => {
      await p.click('[data-qa=submit]')
      await expect
        .poll(() => p.locator('.govuk-error-summary').textContent(), {
          timeout: 15_000,
          message: `an error saying “${message}” on ${p.url()}`,
        })
        .toContain(message)
      await checked()
    }
    await signInAs(page, base, officer)

    // The case: triage, the resident, and the triage form.
    await visit(`/complaints/${view.complaint.id}`)
    await visit(`/complaints/${view.complaint.id}/triage`)
    await page.check('input[name=priority][value=normal]')
    await saveWithError(page, 'say why the priority or flags differ')

    // The record and each of its forms, with their errors.
    await visit(`/residents?q=${encodeURIComponent(`Resident ${label}`)}`)
    await visit(`/residents/${personId}`)
    for (const [path, message] of [
      ['details', 'Enter the resident’s name'],
      ['representative', 'Enter the representative’s name'],
      ['vulnerability', 'Choose what was disclosed'],
      ['adjustment', 'Choose the adjustment'],
      ['restriction', 'Code 5.14: describe the behaviour'],
      ['merge', 'Enter the reference of the duplicate record'],
    ] as const) {
      await visit(`/residents/${personId}/${path}`)
      if (path === 'details') await page.fill('#name', '')
      await saveWithError(page, message)
    }
    await page.goto(`${base}/residents/${personId}/vulnerability`)
    await page.check('input[name=kind][value=sensory_impairment]')
    await page.fill('#details', 'Partially sighted: large print and calls, not texts')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=vulnerability$/)
    await checked()
    await visit(`/residents/${personId}/vulnerabilities`)
    await page.goto(`${base}/residents/${personId}/restriction`)
    await page.fill('#behaviour', 'Repeated abusive calls')
    await page.fill('#evidence', 'Call log')
    await page.check('input[name=scope][value=written_only]')
    await page.fill('#restriction', 'Contact in writing only')
    await page.fill('#equalityConsideration', 'Large print letters keep contact accessible')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=restriction$/)
    await checked()
    const reviewHref = await page.locator('a[href*="/review/adjustment/"]').first().getAttribute('href')
    await visit(reviewHref as string)
    await saveWithError(page, 'Code 5.10: record what the review found')
    const endHref = await page
      .goto(`${base}/residents/${personId}`)
      .then(() =>
        page
          .locator('a[href*="/end/representative/"], a[href*="/end/adjustment/"]')
          .first()
          .getAttribute('href'),
      )
    await visit(endHref as string)
    await saveWithError(page, 'Say why the')
    // The contact form warns about the restriction.
    await visit(`/complaints/${view.complaint.id}/contact`)
    await page.check('input[name=direction][value=outgoing]')
    await page.fill('#summary', 'Called them')
    await saveWithError(page, 'Tick to confirm')

    // Triage rules.
    await visit('/settings/triage')
    await visit('/settings/triage/rules/new')
    await saveWithError(page, 'its id must be')
    await visit('/settings/triage/rules/vulnerable')

    // Service requests.
    await visit('/service-requests')
    await visit('/service-requests/new')
    await saveWithError(page, 'Choose the kind of request')
    await page.check('input[name=kind][value=repair]')
    await page.fill('#summary', 'Broken window catch')
    await page.fill('#name', `Resident ${label}`)
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=logged$/)
    await checked()
    const requestUrl = page.url().split('?')[0] as string
    for (const [path, message] of [
      ['complaint', 'Choose how the complaint was made'],
      ['survey-comment', 'Enter the resident’s comment'],
      ['close', 'Say how the request was completed'],
    ] as const) {
      await page.goto(`${requestUrl}/${path}`)
      await checked()
      await saveWithError(page, message)
    }
    await visit('/service-requests?show=to-offer')
    await context.close()
  }, 200_000)
})
