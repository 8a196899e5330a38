import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
import { loggedComplaint } from '../cases.js'
import { png } from '../residents.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  horizontalOverflow,
  launchChromium,
  saveWithError,
  servedTestApp,
  signInAs,
} from './browser.js'

/** The Ombudsman's interventions pages in Chromium: axe on each page and error, at 1280 and 320 px. */
let t: TestApp
let base: string
let browser: Browser
let officer: { id: string; email: string; password: string }
let complaintReference: string

beforeAll(async () => {
  ;({ t, base } = await servedTestApp())
  officer = await t.createStaff('complaints_officer')
  t.clock.set('2026-03-02T09:15:00Z')
  const id = await loggedComplaint(
    t,
    { id: officer.id, role: 'complaints_officer' },
    {
      name: 'Asha Patel',
      receivedAt: '2026-03-02T09:00:00Z',
    },
  )
  complaintReference = (await t.services.complaints.view(id, 'admin')).complaint.reference
  t.clock.set('2026-06-01T09:00:00Z')
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

async function fillDate(page: Page, name: string, iso: string) {
  await page.fill(`#${name}-day`, String(Number(iso.slice(8, 10))))
  await page.fill(`#${name}-month`, String(Number(iso.slice(5, 7))))
  await page.fill(`#${name}-year`, iso.slice(0, 4))
}

/** axe with and without scripts, no sideways scrolling, and a screenshot to look at. */
async function check(page: Page, name: string, width: number) {
  await expectAccessible(page)
  await expectAccessibleWithoutScripts(browser, page)
  expect(await horizontalOverflow(page), `${name} at ${width} px`).toBe(0)
  if (process.env.SCREENSHOTS)
    await page.screenshot({ path: `/tmp/intervention-${name}-${width}.png`, fullPage: true })
}

describe('the Ombudsman’s interventions pages', () => {
  it('record one, its compliance (late, with a copy) and an improvement action, each page passing axe', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/ombudsman-interventions`)
    expect(await page.locator('[data-qa=interventions-empty]').textContent()).toContain('No intervention')
    await page.click('[data-qa=record-intervention]')
    await expectAccessible(page)
    await saveWithError(page, 'Choose what the Ombudsman issued')
    await page.check('input[name=kind][value=failure_order]')
    await page.check('input[name=failureType][value=not_progressed]')
    await page.fill('#ombudsmanReference', 'CHFO-2026-01')
    await fillDate(page, 'receivedOn', '2026-05-01')
    await page.fill('#description', 'Progress the complaint to a stage 2 response')
    await saveWithError(page, 'Name the complaint that was not progressed')
    await page.fill('#complaintId', complaintReference)
    await fillDate(page, 'dueOn', '2026-05-15')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/\/ombudsman-interventions\/[0-9a-f-]{36}\?done=recorded$/)
    expect(await page.locator('[data-qa=status]').textContent()).toContain('Overdue')
    expect(await page.locator('[data-qa=due]').textContent()).toContain('Due 15 May 2026')
    await expectAccessible(page)

    await page.click('[data-qa=comply]')
    await expectAccessible(page)
    await saveWithError(page, 'Describe the evidence of compliance')
    await page.fill('#evidence', 'The stage 2 response, sent to the resident and the Ombudsman')
    await page.setInputFiles('#file', { name: 'response.png', mimeType: 'image/png', buffer: png })
    await fillDate(page, 'compliedOn', '2026-05-20')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=complied$/)
    expect(await page.locator('[data-qa=compliance]').textContent()).toContain('Late')
    expect(await page.locator('[data-qa=compliance] a').textContent()).toBe('response.png')

    await page.click('[data-qa=raise-improvement]')
    await expectAccessible(page)
    await saveWithError(page, 'Give the improvement a short title')
    await page.fill('#title', 'A weekly check of stage 2 requests')
    await page.fill('#description', 'Team leaders check every stage 2 request waiting each Monday')
    await page.fill('#director', 'Sam Okafor, Director of Housing')
    await fillDate(page, 'dueOn', '2026-07-31')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=improvement$/)
    expect(await page.locator('[data-qa=improvements]').textContent()).toContain(
      'A weekly check of stage 2 requests',
    )
    expect(await page.locator('[data-qa=history]').textContent()).toContain(
      'Complied with on 20 May 2026, late',
    )
    await context.close()

    // A second, open and not yet due, for the list and its filter.
    await t.services.interventions.record(
      { id: officer.id, role: 'complaints_officer' },
      {
        kind: 'policy_recommendation',
        provision: '5.8',
        ombudsmanReference: 'PCC-2026-04',
        receivedOn: '2026-05-20',
        description: 'Set out in the policy how the complaint definition is agreed with the resident',
        ownerId: officer.id,
        dueOn: '2026-08-31',
      },
    )
  }, 120_000)

  for (const width of [1280, 320]) {
    it(`lists, filters and shows them at ${width} px without sideways scrolling`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAs(page, base, officer)
      await page.goto(`${base}/ombudsman-interventions`)
      expect(await page.locator('[data-qa=interventions] tbody tr').count()).toBe(2)
      await check(page, 'list', width)
      await page.selectOption('#state', 'open')
      await page.click('[data-qa=filter]')
      await page.waitForURL(/state=open/)
      expect(await page.locator('[data-qa=interventions] tbody tr').count()).toBe(1)
      expect(await page.locator('[data-qa=interventions]').textContent()).toContain('Code 5.8')
      await page.click('text=PCC-2026-04')
      await check(page, 'view', width)
      await page.click('[data-qa=comply]')
      await check(page, 'comply', width)
      await page.goto(`${base}/ombudsman-interventions/new`)
      await check(page, 'new', width)
      await page.goto(`${base}/`)
      expect(await page.locator('body').textContent()).toContain(
        'Ombudsman interventions past the date to comply by',
      )
      await context.close()
    }, 120_000)
  }
})
