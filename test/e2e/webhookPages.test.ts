import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  horizontalOverflow,
  launchChromium,
  saveWithError,
  servedTestApp,
  signInAs,
} from './browser.js'

/**
 * Settings › Webhooks in Chromium, as an administrator uses it: register an endpoint (a real
 * receiver on a free port), send it a test, see the answer, pause and resume it, send a delivery
 * again, change the endpoint and remove it; axe on each page
 * at a desktop's width and a phone's, with scripts and without (the forms post without them: the
 * browserless tests in src/web/staff/webhooks drive them so).
 */
let t: TestApp
let browser: Browser
let base: string
let admin: { id: string; email: string; password: string }
let calls = 0
const receiver = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    calls++
    // Every other call fails, so the page shows both kinds of answer.
    response.writeHead(calls % 2 ? 502 : 200, { 'content-type': 'application/json' })
    response.end(calls % 2 ? `{"error":"upstream ${'unavailable '.repeat(40)}"}` : '{"ok":true}')
  })
})
let receiverUrl = ''

beforeAll(async () => {
  const served = await servedTestApp()
  t = served.t
  base = served.base
  admin = await t.createStaff('admin')
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/housing-management-system/complaints/webhooks`
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
  await new Promise((resolve) => receiver.close(resolve))
})

describe('webhooks in the browser', () => {
  it.each([1280, 320])(
    'registers an endpoint, tests, pauses, resumes, redelivers, changes and removes it at %i px, and passes axe with and without scripts',
    async (width) => {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAs(page, base, admin)
      await page.goto(`${base}/settings/webhooks`)
      await expect(page.locator('h1').textContent()).resolves.toBe('Webhooks')
      await expectAccessibleWithoutScripts(browser, page)
      await expectAccessibleWithoutScripts(browser, page)
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)

      await page.click('[data-qa=register]')
      await page.fill('#url', 'http://hms.example.org/hooks')
      await saveWithError(page, 'The address must start with https://')
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'Choose at least one event',
      )
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessibleWithoutScripts(browser, page)

      await page.fill('#url', receiverUrl)
      await page.fill('#description', `Housing management system (${width})`)
      await page.check('input[value="complaint.logged"]')
      await page.check('input[value="complaint.closed"]')
      await page.click('[data-qa=submit]')
      await page.waitForURL(/done=registered/)
      await expect(page.locator('[data-qa=secret]').textContent()).resolves.toMatch(/^whsec_/)
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)

      // Two test pings: one answered 502 (retried later), one 200.
      for (let i = 0; i < 2; i++) {
        await page.click('[data-qa=test]')
        await page.waitForURL(/done=tested/)
        await t.jobs.runDue()
      }
      await page.reload()
      const deliveries = page.locator('[data-qa=deliveries]')
      await expect(deliveries.textContent()).resolves.toContain('HTTP 502')
      await expect(deliveries.textContent()).resolves.toContain('Delivered')
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)

      await page.click('[data-qa=pause]')
      await page.waitForURL(/done=paused/)
      await expect(page.locator('[data-qa=paused]').textContent()).resolves.toContain('Paused by')
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      await page.click('[data-qa=resume]')
      await page.waitForURL(/done=resumed/)
      await expect(page.locator('[data-qa=paused]').count()).resolves.toBe(0)
      const endpointUrl = page.url().split('?')[0] as string

      // The delivered ping, sent again.
      await page.click('[data-qa=redeliver]')
      await page.waitForURL(/done=redelivered/)
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      await t.jobs.runDue()

      // Changed through the same form as registering, which holds the endpoint as it is.
      await page.click('[data-qa=edit]')
      await expect(page.inputValue('#description')).resolves.toBe(`Housing management system (${width})`)
      await page.uncheck('input[value="complaint.logged"]')
      await page.uncheck('input[value="complaint.closed"]')
      await saveWithError(page, 'Choose at least one event')
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessibleWithoutScripts(browser, page)
      await page.check('input[value="complaint.escalated"]')
      await page.fill('#description', `Repairs system (${width})`)
      await page.click('[data-qa=submit]')
      await page.waitForURL(/done=changed/)
      await expect(page.locator('[data-qa=settings]').textContent()).resolves.toContain('Complaint escalated')

      // Removed, after asking: kept with its deliveries, listed apart.
      await page.click('[data-qa=remove]')
      await expect(page.locator('h1').textContent()).resolves.toBe(`Remove Repairs system (${width})`)
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)
      await page.click('[data-qa=confirm-remove]')
      await page.waitForURL(/done=removed/)
      expect(page.url().split('?')[0]).toBe(endpointUrl)
      await expect(page.locator('[data-qa=removed]').count()).resolves.toBe(1)
      await expect(page.locator('[data-qa=deliveries]').textContent()).resolves.toContain('Test ping')
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)

      await page.goto(`${base}/settings/webhooks`)
      await expect(page.locator('[data-qa=removed-endpoints]').textContent()).resolves.toContain(
        `Repairs system (${width})`,
      )
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)
      await context.close()
    },
    120_000,
  )
})
