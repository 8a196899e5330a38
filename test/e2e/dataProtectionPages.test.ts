import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestApp, testConfig } from '../app.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  launchChromium,
  servedTestApp,
  signInAs,
} from './browser.js'

/**
 * Single sign-on and data protection in Chromium: the sign-in page with the organisation account,
 * its refusal, the access log and the subject access request pages; axe with JavaScript on and off.
 */
let t: TestApp
let oldDue: { id: string; reference: string }
let anonymised: { id: string; reference: string }
let browser: Browser
let base: string
let officer: { id: string; email: string; password: string }

beforeAll(async () => {
  ;({ t, base } = await servedTestApp({
    // The pages are checked, not the provider: nothing listens at the issuer (port 9 here), so
    // the page for a provider that cannot be reached is seen too.
    singleSignOn: {
      issuer: 'http://127.0.0.1:9/unused',
      clientId: 'complaints-service',
      clientSecret: 'not used by these pages',
      redirectUri: `${testConfig.publicUrl}/sign-in/oidc/callback`,
      rolesClaim: undefined,
      roleMap: {},
    },
  }))
  officer = await t.createStaff('complaints_officer')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  // Two complaints closed in 2019: one anonymised by the retention policy, one still due.
  const closedIn2019 = async (name: string) => {
    t.clock.set('2019-06-04T10:00:00Z')
    const { view } = await t.services.complaints.receive(
      { channel: 'phone', receivedAt: t.clock.now(), description: 'The gate is broken', resident: { name } },
      actor,
    )
    await t.services.complaints.withdraw(view.complaint.id, actor, { how: 'phone' })
    return view.complaint
  }
  oldDue = await closedIn2019('Resident still due')
  anonymised = await closedIn2019('Resident anonymised')
  t.clock.set('2026-03-02T09:15:00Z')
  await t.services.retention.placeHold(actor, { reference: oldDue.reference, reason: 'Kept for this test' })
  await t.services.retention.run('job')
  const hold = await t.database.db.selectFrom('retention_holds').select('id').executeTakeFirstOrThrow()
  await t.services.retention.releaseHold(actor, hold.id, 'Released for this test')
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe.each([
  ['on', true],
  ['off', false],
] as const)('sign-in and data protection pages, with JavaScript %s', (label, javaScriptEnabled) => {
  it('pass axe on every page and the sign-in refusal', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-03-02T09:00:00Z'),
        description: 'The lift has been broken for three weeks',
        resident: { name: `Resident ${label}`, email: `dp-${label}@example.org`, postcode: 'M1 1AE' },
      },
      { id: officer.id, role: 'complaints_officer' },
    )
    const context = await browser.newContext({ javaScriptEnabled })
    const page = await context.newPage()
    const checked = () =>
      javaScriptEnabled ? expectAccessible(page) : expectAccessibleWithoutScripts(browser, page)
    const visit = async (path: string) => {
      await page.goto(`${base}${path}`)
      await checked()
    }

    await visit('/sign-in')
    expect(await page.locator('[data-qa=sign-in-oidc]').textContent()).toContain('organisation account')
    await visit('/sign-in/oidc/callback?code=abc&state=not-this-browsers')
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('not started in this browser')
    await visit('/sign-in/oidc')
    expect(await page.locator('h1').textContent()).toContain(
      'you cannot sign in with your organisation account right now',
    )
    expect(await page.locator('[data-qa=use-password]').textContent()).toContain('email address and password')

    await signInAs(page, base, officer)
    await visit(`/complaints/${view.complaint.id}`)
    await visit('/data-protection')
    await visit('/data-protection/access-log')
    await visit(`/data-protection/access-log?complaint=${view.complaint.reference}`)
    expect(await page.locator('[data-qa=access-log]').textContent()).toContain(view.complaint.reference)
    await visit('/data-protection/access-log?complaint=CMP-1999-000001')
    await visit(`/residents/${view.complaint.personId}`)
    await visit(`/residents/${view.complaint.personId}/subject-access`)

    // Retention: the dry run, an anonymised case, a refused hold, a hold placed and released.
    await visit('/data-protection/retention')
    expect(await page.locator('[data-qa=due]').textContent()).toContain(oldDue.reference)
    expect(await page.locator('[data-qa=anonymised]').textContent()).toContain(anonymised.reference)
    await visit(`/complaints/${anonymised.id}`)
    expect(await page.locator('[data-qa=anonymised]').textContent()).toContain('anonymised')
    await page.goto(`${base}/data-protection/retention`)
    await page.fill('#reference', oldDue.reference)
    await page.click('[data-qa=place-hold]')
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Say why the complaint must be kept',
    )
    await checked()
    await page.fill('#reason', `Disrepair claim (${label})`)
    await page.click('[data-qa=place-hold]')
    expect(await page.locator('[data-qa=notice]').textContent()).toContain('Legal hold placed')
    await checked()
    await page.fill('textarea[id^=release-]', 'The claim was settled')
    await page.click(`[data-qa=release-${oldDue.reference}]`)
    expect(await page.locator('[data-qa=notice]').textContent()).toContain('Legal hold released')
    await context.close()
  }, 120_000)
})
