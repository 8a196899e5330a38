import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
import { type ImapTestServer, rawEmail, startImapServer } from '../imapServer.js'
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
 * Email in, in the browser: the inbox queue with its filters, an email shown as text with its
 * attachments (one refused), and each decision, through the forms the service already has; with
 * axe, with and without scripts, at a desktop's width and a phone's.
 */
let t: TestApp
let imap: ImapTestServer
let browser: Browser
let base: string
let officer: { id: string; email: string; password: string }

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

beforeAll(async () => {
  imap = await startImapServer()
  const served = await servedTestApp({
    imap: {
      host: imap.host,
      port: imap.port,
      secure: false,
      user: imap.user,
      auth: { password: imap.password },
      mailbox: 'INBOX',
      pollSeconds: 60,
    },
  })
  t = served.t
  base = served.base
  officer = await t.createStaff('complaints_officer')
  await imap.deliver(
    rawEmail({
      from: 'Ada Brown <ada.brown.with.a.rather.long.address@resident-association.example>',
      subject: 'The window in my bedroom has not been fixed since January and it is getting colder',
      html: '<p>I reported the <b>window</b> in January.</p><script>alert(1)</script><p>Nobody came.</p>',
      attachments: [
        { filename: 'photo-of-window.pdf', contentType: 'application/pdf', content: pdf },
        { filename: 'window.jpg', contentType: 'image/jpeg', content: Buffer.from('not a photo') },
      ],
    }),
    new Date('2026-03-02T08:40:00Z'),
  )
  await imap.deliver(
    rawEmail({ from: 'pat@resident.example', subject: 'Tap dripping', text: 'The kitchen tap drips.' }),
    new Date('2026-03-02T08:50:00Z'),
  )
  await t.services.inbox.poll()
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
  await imap?.stop()
})

describe('the inbox pages', () => {
  it.each([1280, 320])(
    'list and show emails safely, accessible with and without scripts, at %i px',
    async (width) => {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAs(page, base, officer)
      // Among the case lists, with the count of emails waiting.
      await page.goto(`${base}/complaints`)
      expect(await page.locator('[data-qa=section-navigation]').textContent()).toContain('Inbox (2 new)')
      await page.goto(`${base}/inbox`)
      expect(await page.locator('[data-qa=section-navigation] [aria-current=page]').textContent()).toContain(
        'Inbox (2 new)',
      )
      const rows = page.locator('[data-qa=inbox] tbody tr')
      expect(await rows.count()).toBe(2)
      expect(await rows.first().textContent()).toContain('Tap dripping')
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)
      if (process.env.SCREENSHOTS)
        await page.screenshot({ path: `/tmp/inbox-list-${width}.png`, fullPage: true })

      // Filtered by who sent it, and by a date that is not one.
      await page.fill('[data-qa=inbox-from]', 'pat@resident.example')
      await page.click('[data-qa=inbox-filter]')
      expect(await rows.count()).toBe(1)
      await page.goto(`${base}/inbox?since-day=31&since-month=2&since-year=2026`)
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('must be a real date')
      await expectAccessible(page)

      await page.goto(`${base}/inbox`)
      await page.click('text=The window in my bedroom')
      // Shown as text: the email's HTML (and its script) never reaches the page as HTML.
      const text = await page.locator('[data-qa=inbox-text]').textContent()
      expect(text).toMatch(/I reported the window in January./i)
      expect(await page.locator('[data-qa=inbox-text] b, [data-qa=inbox-text] script').count()).toBe(0)
      const attachments = await page.locator('[data-qa=inbox-attachments]').textContent()
      expect(attachments).toContain('photo-of-window.pdf')
      expect(attachments).toContain('Refused')
      expect(attachments).toContain('not really a JPEG image')
      expect(await horizontalOverflow(page)).toBe(0)
      await expectAccessible(page)
      await expectAccessibleWithoutScripts(browser, page)
      if (process.env.SCREENSHOTS)
        await page.screenshot({ path: `/tmp/inbox-item-${width}.png`, fullPage: true })

      await page.fill('#reference', 'CMP-1999-000001')
      await saveWithError(page, 'There is no complaint CMP-1999-000001', '[data-qa=inbox-add-to-case]')
      await context.close()
    },
    180_000,
  )

  it('logs an email as a complaint through the new-complaint form, the email its first document', async () => {
    const page = await browser.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/inbox`)
    await page.click('text=The window in my bedroom')
    await page.click('[data-qa=inbox-complaint]')
    expect(await page.locator('[data-qa=from-inbox]').textContent()).toContain(
      'becomes the complaint’s first document',
    )
    expect(await page.locator('input[name=channel][value=email]').isChecked()).toBe(true)
    expect(await page.locator('#receivedTime').inputValue()).toBe('08:40')
    expect(await page.locator('#description').inputValue()).toContain('Nobody came.')
    await expectAccessible(page)
    if (process.env.SCREENSHOTS) await page.screenshot({ path: '/tmp/inbox-intake-1280.png', fullPage: true })
    await page.click('[data-qa=submit]')
    await page.waitForURL(/\/complaints\/[0-9a-f-]{36}\?done=logged/)
    const id = /complaints\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? ''
    const { complaint } = await t.services.complaints.view(id, 'complaints_officer')
    expect(complaint.channel).toBe('email')
    expect(complaint.receivedAt).toEqual(new Date('2026-03-02T08:40:00Z'))
    const first = complaint.events.find((e) => e.type === 'complaint.document_attached')
    expect(first?.type === 'complaint.document_attached' && first.filename).toBe('email-2026-03-02.eml')

    await page.goto(`${base}/inbox?status=decided`)
    await page.click('text=The window in my bedroom')
    expect(await page.locator('[data-qa=inbox-decision]').textContent()).toContain(complaint.reference)
    await expectAccessible(page)
    await page.close()
  }, 120_000)

  it('logs an email as a service request through the service request form', async () => {
    const page = await browser.newPage()
    await signInAs(page, base, officer)
    await page.goto(`${base}/inbox`)
    await page.click('text=Tap dripping')
    await page.click('[data-qa=inbox-service-request]')
    expect(await page.locator('#email').inputValue()).toBe('pat@resident.example')
    await page.check('input[name=kind][value=repair]')
    await page.fill('#name', 'Pat Jones')
    await page.click('[data-qa=submit]')
    await page.waitForURL(/\/service-requests\/[0-9a-f-]{36}\?done=logged/)
    await page.goto(`${base}/inbox`)
    expect(await page.locator('[data-qa=inbox-empty]').textContent()).toContain('There are no emails here')
    expect(await page.locator('[data-qa=section-navigation]').textContent()).toContain('Inbox (0 new)')
    await page.close()
  }, 120_000)
})
