import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../app.js'
import { loggedComplaint } from '../cases.js'
import { expectAccessible, launchChromium } from './browser.js'

/**
 * Recording a response days after it was sent, through the pages as a handler does
 * it: the form asks why and for the letter actually sent, says so beside the fields, and the
 * case marks the response "Recorded late" with the reason. axe runs on each page.
 */
let t: TestApp
let browser: Browser
let base: string
let handler: { id: string; email: string; password: string }
let id: string

beforeAll(async () => {
  t = await createTestApp({ lateRecordingDays: 2, sessionHours: 24 * 30 })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  handler = await t.createStaff('handler', 'late.handler@example.org')
  const actor = { id: handler.id, role: 'handler' as const }
  // Received Monday 2 March 2026, acknowledged Tuesday 3 March.
  id = await loggedComplaint(t, actor, { name: 'Asha Patel', receivedAt: '2026-03-02T09:15:00Z' })
  t.clock.set('2026-03-03T10:00:00Z')
  await t.services.complaints.acknowledge(id, actor, {
    definition: { issues: ['The repair'], outcomesSought: ['Put it right'] },
  })
  // The response letter was posted on Friday 13 March; it is recorded on Wednesday 18 March.
  t.clock.set('2026-03-18T10:00:00Z')
  await t.services.complaints.attachDocument(id, actor, {
    filename: 'response-as-posted.pdf',
    bytes: Buffer.from('%PDF-1.4\nThe response as posted\n%%EOF\n'),
  })
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('a response recorded days after it was sent', () => {
  it('asks why and for the letter sent, then marks it on the case', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(`${base}/sign-in`)
    await page.fill('[data-qa=email]', handler.email)
    await page.fill('[data-qa=password]', handler.password)
    await page.click('[data-qa=sign-in]')
    await page.waitForURL(`${base}/`)

    await page.goto(`${base}/complaints/${id}/respond`)
    await page.check('input[name=decision][value=not_upheld]')
    await page.check(`input[name^="issue-"][value=not_upheld]`)
    await page.fill('textarea[name=reasons]', 'The repair was booked and done on time.')
    await page.fill('#when-day', '13')
    await page.fill('#when-month', '3')
    await page.fill('#when-year', '2026')
    await page.fill('#whenTime', '15:00')
    await page.click('[data-qa=submit]')
    // Refused, naming both things missing, beside their fields, in the details opened for them.
    const summary = page.locator('.govuk-error-summary')
    await expect
      .poll(() => summary.innerText(), { timeout: 30_000 })
      .toContain('say why it is recorded only now')
    await expect(summary.innerText()).resolves.toContain('attach a copy of the letter you sent')
    expect(await page.locator('[data-qa=recorded-late]').getAttribute('open')).not.toBeNull()
    await expectAccessible(page)

    await page.fill('#recordedLateReason', 'Posted by the area office; the copy reached us today')
    await page.selectOption('#sentLetterDocumentId', { label: 'response-as-posted.pdf' })
    await page.click('[data-qa=submit]')
    // The letter the service will issue is shown first; sent when told.
    await page.locator('[data-qa=letter-preview]').waitFor({ timeout: 60_000 })
    await expectAccessible(page)
    await page.click('[data-qa=send]')
    await page.waitForURL(`${base}/complaints/${id}?done=respond`, { timeout: 60_000 })
    const mark = page.locator('[data-qa=timeline] [data-qa=recorded-late]').first()
    await expect
      .poll(() => mark.innerText(), { timeout: 15_000 })
      .toContain('Recorded late 3 working days after it happened. Why: Posted by the area office')
    expect(await page.locator('[data-qa=recorded-late-summary]').innerText()).toContain(
      'recorded more than the allowed working days after',
    )
    await expectAccessible(page)
    await context.close()
  }, 120_000)
})
