import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { codeProvisions } from '../../src/domain/selfAssessment/code2024.js'
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
 * In Chromium, with axe: the overview of a self-assessment read as a person reads it
 * (the sign-off rows there, and no empty rows), and a provision carried over from last year
 * confirmed unchanged from its section page.
 */
let t: TestApp
let browser: Browser
let base: string
let officer: { id: string; email: string; password: string }

beforeAll(async () => {
  ;({ t, base } = await servedTestApp())
  officer = await t.createStaff('complaints_officer')
  const board = await t.createStaff('board')
  // Last year's assessment, answered, completed and approved: this year's starts from it.
  t.clock.set('2025-04-22T09:00:00Z')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  const sa = t.services.selfAssessment
  const last = await sa.start({ year: 2024 }, actor)
  const measures = await sa.measures(2024)
  for (const p of codeProvisions)
    await sa.answer(
      last.id,
      {
        provision: p.id,
        comply: 'yes',
        evidence: `Complaints policy, for ${p.id}`,
        ...((measures[p.id] ?? []).some((m) => m.concern)
          ? { explanation: { action: 'Put right by the complaints team', timescale: 'By March 2026' } }
          : {}),
      },
      actor,
    )
  await sa.complete(last.id, actor)
  await sa.approve(last.id, { id: board.id, role: 'board' })
  t.clock.set('2026-04-20T09:00:00Z')
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

/** Every row the page shows, as a person reads it: table rows and summary list rows, by their words. */
const rowsOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .evaluateAll((rows) =>
      rows.map((r) => ((r as { innerText?: string }).innerText ?? '').replace(/\s+/g, ' ').trim()),
    )

describe('the self-assessment overview in the browser', () => {
  it('shows the sign-off rows and no empty rows, and a carried-over provision is confirmed in a named person’s name', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/self-assessment`)
    await page.fill('#year', '2025')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/\/self-assessment\/[0-9a-f-]{36}$/)
    const overview = page.url()

    const signOff = await rowsOf(page, '[data-qa=sign-off] .govuk-summary-list__row')
    expect(signOff).toEqual([
      'Status In progress',
      'Carried over, still to review 72 of the 72 provisions carried over from the earlier assessment',
      'Completed by Not yet',
      'Reviewed and approved by Not yet',
    ])
    for (const text of ['Completed by', 'Reviewed and approved by'])
      expect(await page.locator('[data-qa=sign-off]').getByText(text).isVisible()).toBe(true)
    const all = await rowsOf(page, 'tr, .govuk-summary-list__row')
    expect(all.filter((r) => r === '')).toEqual([])
    expect(await rowsOf(page, '[data-qa=sections] tbody tr')).toHaveLength(9)
    await expectAccessible(page)
    await expectAccessibleWithoutScripts(browser, page)

    // Which are still to review, one link each to the provision on its section page.
    await page.click('[data-qa=to-review-list] summary')
    expect(await page.locator('[data-qa=to-review-list] a').count()).toBe(72)
    await page.click('[data-qa=to-review-list] a >> text=6.2')
    await page.waitForURL(/\/section\/6#p6_2$/)
    expect(await page.locator('[data-qa=to-review-p6_2]').textContent()).toContain('Carried over: to review')
    await expectAccessible(page)
    await page.click('[data-qa=confirm-p6_2]')
    await page.waitForURL(/reviewed=6\.2#p6_2$/)
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'Provision 6.2 confirmed unchanged',
    )
    expect(await page.locator('[data-qa=to-review-p6_2]').count()).toBe(0)
    expect(await page.locator('[data-qa=reviewed-p6_2]').textContent()).toContain(
      'Confirmed unchanged by Test complaints_officer',
    )
    await expectAccessible(page)

    // Completing is refused while any is still to review, naming how many and which.
    await page.goto(overview)
    expect(await rowsOf(page, '[data-qa=sign-off] .govuk-summary-list__row')).toContain(
      'Carried over, still to review 71 of the 72 provisions carried over from the earlier assessment',
    )
    await page.click('[data-qa=complete]')
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent(), { timeout: 15_000 })
      .toContain('71 still to review (1.2, 1.3,')
    expect(await page.locator('.govuk-error-summary').textContent()).not.toContain(' 6.2,')
    await expectAccessible(page)
    await context.close()
  }, 120_000)

  it('asks whose assessment it is in a group, and names the landlord on the one started (issue 34)', async () => {
    const admin = await t.createStaff('admin')
    await t.services.entities.add({ name: 'North Homes', rpNumber: 'L0001' }, { id: admin.id, role: 'admin' })
    const north = (await t.services.entities.list()).find((e) => e.displayName === 'North Homes')
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/self-assessment`)
    expect(await page.locator('[data-qa=group-note]').isVisible()).toBe(true)
    await page.fill('#year', '2025')
    await page.selectOption('[data-qa=entity]', north?.id as string)
    await expectAccessible(page)
    await page.click('[data-qa=submit]')
    await page.waitForURL(/\/self-assessment\/[0-9a-f-]{36}$/)
    expect(await page.locator('[data-qa=landlord]').textContent()).toBe(
      'North Homes (registered provider L0001)',
    )
    await expectAccessible(page)
    await page.goto(`${base}/self-assessment`)
    const rows = await rowsOf(page, '[data-qa=assessments] tbody tr')
    // Each row says whose it is: North's started here, and last year's, the group's.
    expect(rows).toContainEqual(
      expect.stringMatching(
        /^2025\/26.* North Homes \(registered provider L0001\) The annual self-assessment \(Code 8\.1\) In progress$/,
      ),
    )
    expect(rows).toContainEqual(
      expect.stringMatching(
        /^2024\/25.* The group: Test Homes, North Homes The annual self-assessment \(Code 8\.1\) Approved$/,
      ),
    )
    await expectAccessible(page)
    await expectAccessibleWithoutScripts(browser, page)
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 })
      expect(await horizontalOverflow(page), `${width} px`).toBe(0)
    }
    await context.close()
  }, 120_000)
})
