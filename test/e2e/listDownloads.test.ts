import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
import { loggedComplaint } from '../cases.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  horizontalOverflow,
  launchChromium,
  servedTestApp,
  signInAs,
} from './browser.js'

/** A list's download links, carrying its filters, and the whole case as a PDF, in Chromium with axe. */
let t: TestApp
let browser: Browser
let base: string
let officer: { id: string; email: string; password: string }
let caseId: string

beforeAll(async () => {
  const served = await servedTestApp()
  t = served.t
  base = served.base
  officer = await t.createStaff('complaints_officer')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  caseId = await loggedComplaint(t, actor, { name: 'Hana Pike', receivedAt: '2026-02-27T09:00:00Z' })
  await loggedComplaint(t, actor, { name: 'Ivo Marsh', receivedAt: '2026-02-26T09:00:00Z' })
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('downloading a list as it is filtered', () => {
  it.each([1280, 320])('offers CSV and XLSX with the filters, accessibly, at %i px', async (width) => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true })
    const page = await context.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/complaints?view=team&q=Hana&page=1`)
    const csv = page.locator('[data-qa=download-csv]')
    expect(await csv.getAttribute('href')).toBe('/complaints/download.csv?view=team&q=Hana')
    expect(await page.locator('[data-qa=download-xlsx]').getAttribute('href')).toBe(
      '/complaints/download.xlsx?view=team&q=Hana',
    )
    expect(await horizontalOverflow(page)).toBe(0)
    if (process.env.DOWNLOADS_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.DOWNLOADS_SCREENSHOTS}-${width}.png`, fullPage: true })
    await expectAccessible(page)
    await expectAccessibleWithoutScripts(browser, page)

    const [download] = await Promise.all([page.waitForEvent('download'), csv.click()])
    expect(download.suggestedFilename()).toBe('cases-2026-03-02.csv')
    const text = await (await download.createReadStream()).toArray()
    const lines = Buffer.concat(text as Buffer[])
      .toString()
      .trim()
      .split('\r\n')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('Hana Pike')

    await page.goto(`${base}/complaints/${caseId}`)
    expect(await page.locator('[data-qa=case-pdf]').getAttribute('href')).toBe(
      `/complaints/${caseId}/case.pdf`,
    )
    await context.close()
  })
})
