import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../app.js'
import { expectAccessible, launchChromium, saveWithError, signInAs } from './browser.js'

/** The Ombudsman's case pages in Chromium, with axe on each page and each error state. */
let t: TestApp
let browser: Browser
let base: string
let officer: { id: string; email: string; password: string }
let complaintId: string

beforeAll(async () => {
  t = await createTestApp({ sessionHours: 24 * 100 })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  officer = await t.createStaff('complaints_officer')
  t.clock.set('2026-03-02T09:15:00Z')
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: 'Mould',
      resident: { name: 'Asha Patel' },
    },
    { id: officer.id, role: 'complaints_officer' },
  )
  complaintId = view.complaint.id
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

describe('the Ombudsman case pages', () => {
  it('pass axe, empty and with their errors shown, from recording the case to compliance', async () => {
    t.clock.set('2026-06-01T09:00:00Z')
    const context = await browser.newContext()
    const page = await context.newPage()
    await signInAs(page, base, officer)

    await page.goto(`${base}/complaints/${complaintId}`)
    await page.click('[data-qa=record-ombudsman]')
    await expectAccessible(page)
    await saveWithError(page, 'Enter the Ombudsman’s reference')
    await page.fill('#ombudsmanReference', '202612345')
    await page.check('input[name=kind][value=formal_investigation]')
    await fillDate(page, 'receivedOn', '2026-05-01')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/\/ombudsman-cases\/[0-9a-f-]{36}\?done=opened$/)
    await expectAccessible(page)

    await page.click('[data-qa=kind]')
    await expectAccessible(page)
    await saveWithError(page, 'Choose what kind of case it is now')
    await page.goto(page.url().replace(/\/kind$/, ''))
    await page.click('[data-qa=evidence-pack]')
    await expectAccessible(page)
    await page.goBack()
    await page.click('[data-qa=evidence-request]')
    await expectAccessible(page)
    await saveWithError(page, 'Say what the Ombudsman asked for')
    await page.fill('#what', 'The complaint file')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=evidence-request$/)

    await page.click('[data-qa=determination]')
    await expectAccessible(page)
    await saveWithError(page, 'Enter the date of the report')
    await fillDate(page, 'reportOn', '2026-05-29')
    await page.fill('[name=element0]', 'Complaint handling')
    await page.selectOption('[name=finding0]', 'maladministration')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=determination$/)

    await page.click('[data-qa=direction]')
    await expectAccessible(page)
    await saveWithError(page, 'Describe what the Ombudsman asked for')
    await page.check('input[name=kind][value=apology]')
    await page.fill('#description', 'Apologise in writing')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=direction$/)
    expect(await page.locator('[data-qa=directions]').textContent()).toContain('Apologise in writing')

    await page.click('text=Record compliance')
    await expectAccessible(page)
    await saveWithError(page, 'Describe the evidence of compliance')
    await page.fill('#evidence', 'A copy of the apology letter')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/done=directions$/)
    await expectAccessible(page)

    await page.goto(`${base}/ombudsman-cases`)
    await expectAccessible(page)
    expect(await page.locator('[data-qa=ombudsman-cases] tbody tr').count()).toBe(1)
    await page.goto(`${base}/ombudsman-cases?show=open`)
    await expectAccessible(page)
    await context.close()
  }, 60_000)

  it('the themes and trends page and the learning queue pass axe, charts and tables alike', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } })
    const page = await context.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/themes`)
    expect(await page.locator('[data-qa=chart-received] svg title').textContent()).toBe(
      'Complaints received, by month',
    )
    await expectAccessible(page)
    await page.click('text=Complaints received, by month as a table')
    await expectAccessible(page)
    await page.goto(`${base}/learning`)
    await expectAccessible(page)
    await context.close()
  }, 60_000)
})
