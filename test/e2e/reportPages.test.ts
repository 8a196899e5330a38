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

/** The report pages in Chromium, with axe: the Tenant Satisfaction Measures and the tenure form. */
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
  t.clock.set('2025-06-02T09:15:00Z')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  complaintId = await loggedComplaint(t, actor, {
    name: 'Kemi Bello',
    receivedAt: '2025-06-02T09:00:00Z',
    description: 'Broken boiler',
    tenure: 'lcra',
  })
  await t.services.complaints.acknowledge(complaintId, actor, {
    handlerId: officer.id,
    definition: { issues: ['The boiler'], outcomesSought: ['Heating'] },
  })
  t.clock.set('2025-06-10T09:15:00Z')
  await t.services.complaints.respond(complaintId, actor, {
    decision: 'not_upheld',
    reasons: 'It was fixed on time.',
  })
  t.clock.set('2026-05-01T09:00:00Z')
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('the report pages in the browser', () => {
  it('the TSM page, its complaints and the homes form pass axe, with and without JavaScript', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/reports`)
    await expectAccessible(page)
    await page.goto(`${base}/reports/tsm?year=2025`)
    expect(await page.locator('[data-qa=row-stage1Responses]').textContent()).toContain('1')
    await expectAccessible(page)
    await expectAccessibleWithoutScripts(browser, page)
    await page.fill('#lcra', 'many')
    await saveWithError(page, 'Enter the number of LCRA homes as a whole number')
    await page.fill('#lcra', '1200')
    await page.fill('#lcho', '300')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=homes$/)
    expect(await page.locator('[data-qa=row-ch01Stage1]').textContent()).toContain('0.8')
    await page.click('[data-qa=row-stage1Responses] a >> nth=0')
    await page.waitForURL(/\/reports\/tsm\/complaints/)
    expect(await page.locator('[data-qa=tsm-complaints]').textContent()).toContain('within the timescale')
    await expectAccessible(page)
    await page.goto(`${base}/complaints/${complaintId}/tenure`)
    await expectAccessible(page)
    const refused: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) refused.push(m.text())
    })
    await page.goto(`${base}/reports/board?period=2025-Q1`)
    expect(await page.locator('h1').textContent()).toContain('Quarter 1 of 2025/26')
    await expectAccessible(page)
    expect(await page.locator('[data-qa=chart-category] svg').count()).toBe(1)
    // The chart breaks no Content Security Policy and is not set in a serif font.
    expect(refused).toEqual([])
    expect(
      await page
        .locator('[data-qa=chart-category] svg text >> nth=0')
        .evaluate(
          (e) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { fontFamily: string } }
            ).getComputedStyle(e).fontFamily,
        ),
    ).toMatch(/sans-serif$/)
    expect(await page.locator('[data-qa=table-by-category] tbody tr').count()).toBe(1)
    await page.click('[data-qa=table-volumes] a >> nth=0')
    await page.waitForURL(/\/reports\/board\/complaints/)
    expect(await page.locator('[data-qa=behind-total]').textContent()).toContain('complaint')
    await expectAccessible(page)
    await page.goBack()
    await expectAccessibleWithoutScripts(browser, page)
    await context.close()
  }, 120_000)
})

describe('the annual report in the browser', () => {
  it('the annual report page, its forms and the published web pages pass axe, with and without JavaScript', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/reports/annual?year=2025`)
    expect(await page.locator('h1').textContent()).toContain('2025/26')
    await expectAccessible(page)
    await expectAccessibleWithoutScripts(browser, page)
    await page.fill('#url-e', 'not a link')
    await page.fill('#title-e', 'Ombudsman review')
    await saveWithError(page, 'Code 8.1(e): give the web address', '[data-qa=add-publication-e]')
    await page.fill('#commentary-performance', 'Faster than last year.')
    await page.click('[data-qa=commentary-performance] button')
    await page.waitForURL(/done=commentary/)
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Commentary saved')
    await expectAccessible(page)

    // Approved by the board and published: the public pages pass axe too.
    const board = await t.createStaff('board')
    const boardActor = { id: board.id, role: 'board' as const }
    await t.services.annualReport.setResponse(2025, 'The board is content.', boardActor)
    await t.services.annualReport.approve(2025, boardActor)
    await t.services.annualReport.publish(2025, { id: officer.id, role: 'complaints_officer' })
    await page.goto(`${base}/annual-report`)
    await expectAccessible(page)
    await page.click('text=Annual complaints report 2025/26')
    await page.waitForURL(/\/annual-report\/2025$/)
    expect(await page.locator('h1').textContent()).toContain('Annual complaints performance')
    await expectAccessible(page)
    // Code 8.2: the governing body's response, its own page beside the report.
    await page.goto(`${base}/annual-report`)
    await page.click('text=our governing body’s response')
    await page.waitForURL(/\/annual-report\/2025\/response$/)
    expect(await page.locator('body').textContent()).toContain('The board is content.')
    await expectAccessible(page)
    await context.close()
  }, 120_000)
})

describe('the self-assessment in the browser', () => {
  it('its list, overview and section pages pass axe, with and without JavaScript, errors shown too', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/self-assessment`)
    await expectAccessible(page)
    await page.fill('#year', '2025')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/\/self-assessment\/[0-9a-f-]{36}$/)
    await expectAccessible(page)
    await page.click('text=6. Complaint stages')
    await page.waitForURL(/\/section\/6$/)
    await expectAccessible(page)
    await expectAccessibleWithoutScripts(browser, page)
    await page.check('#p6_2-comply-3')
    await saveWithError(
      page,
      'Provision 6.2: explain why you do not fully comply',
      '[data-qa=answer-p6_2] button',
    )
    await page.fill('#p6_2-commentary', 'Some acknowledgements were late in the summer.')
    await page.click('[data-qa=answer-p6_2] button')
    await page.waitForURL(/saved=6\.2/)
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Provision 6.2 saved')
    await expectAccessible(page)

    // Completed and approved, the published page in the Ombudsman's table layout passes axe too.
    const id = /\/self-assessment\/([0-9a-f-]{36})\//.exec(page.url())?.[1] as string
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    const { codeProvisions } = await import('../../src/domain/selfAssessment/code2024.js')
    // A "yes" the year's figures contradict is approved with the action being taken and its timescale.
    const measures = await t.services.selfAssessment.measures(2025)
    for (const p of codeProvisions)
      if (p.id !== '6.2')
        await t.services.selfAssessment.answer(
          id,
          {
            provision: p.id,
            comply: 'yes',
            evidence: 'Policy',
            ...((measures[p.id] ?? []).some((m) => m.concern)
              ? { explanation: { action: 'A board pack each quarter', timescale: 'From June 2026' } }
              : {}),
          },
          actor,
        )
    await t.services.selfAssessment.complete(id, actor)
    const board = await t.createStaff('board')
    await t.services.selfAssessment.approve(id, { id: board.id, role: 'board' })
    await page.goto(`${base}/annual-report/2025/self-assessment`)
    expect(await page.locator('h1').textContent()).toContain(
      'Complaint Handling Code self-assessment 2025/26',
    )
    await expectAccessible(page)
    await context.close()
  }, 120_000)
})
