import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../app.js'
import { png, staffResponds } from '../residents.js'
import { smtpMail, smtpServer } from '../smtp.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  horizontalOverflow,
  launchChromium,
} from './browser.js'

/**
 * A resident with no help from staff: complains online with an adjustment and a photo, follows
 * the complaint with the code emailed to them (read from a real SMTP server), reads the
 * letter, asks for stage 2 without a reason and answers the survey; and representatives with
 * and without the resident's consent. In Chromium with JavaScript on and off, with axe on
 * every page and every error state.
 */
const smtp = smtpServer()
let t: TestApp
let browser: Browser
let base: string
let handler: { id: string; role: 'handler' }
let reviewer: { id: string; role: 'handler' }

beforeAll(async () => {
  const port = await smtp.start()
  t = await createTestApp({ mail: smtpMail(port) })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  handler = { id: (await t.createStaff('handler')).id, role: 'handler' }
  reviewer = { id: (await t.createStaff('handler')).id, role: 'handler' }
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
  await smtp.stop()
})

/** Every page and error state is checked with axe; each state once per JavaScript setting. */
const checked = new Set<string>()
async function accessible(page: Page, state = '') {
  const js = (await page.locator('body.govuk-frontend-supported').count()) > 0
  const key = `${js}:${new URL(page.url()).pathname.replace(/[0-9a-f-]{36}/g, ':id')}:${state}`
  if (checked.has(key)) return
  checked.add(key)
  if (js) await expectAccessible(page)
  else await expectAccessibleWithoutScripts(browser, page)
}

async function continueTo(page: Page, path: string) {
  await page.click('[data-qa=continue]')
  await page.waitForURL(`${base}${path}`)
  await accessible(page)
}

/** Submits the page and expects it to come back with the error, then checks the error state. */
async function expectError(page: Page, button: string, message: string) {
  await page.click(button)
  await expect
    .poll(() => page.locator('.govuk-error-summary').textContent(), { timeout: 15_000 })
    .toContain(message)
  expect(await page.title()).toMatch(/^Error: /)
  await accessible(page, 'error')
}

/** Sends whatever mail is queued through the SMTP server, as the job runner does. */
async function deliverMail() {
  while ((await t.jobs.runDue()) > 0) {}
}

function mailTo(address: string, subject: string) {
  return smtp.received.filter(
    (m) => (m.to && 'text' in m.to ? m.to.text : '') === address && (m.subject ?? '').includes(subject),
  )
}

/** The online form from the start page to the confirmation; returns the reference. */
async function complain(
  page: Page,
  who: {
    email: string
    representative?: { name: string; relationship: string; consent: 'resident_agrees' | 'contact_resident' }
    withErrors?: boolean
  },
): Promise<string> {
  const errors = who.withErrors ?? false
  await page.goto(`${base}/make-a-complaint`)
  await accessible(page)
  await page.click('[data-qa=start]')
  await page.waitForURL(`${base}/make-a-complaint/who`)
  await accessible(page)
  if (errors)
    await expectError(page, '[data-qa=continue]', 'Select whether the complaint is about your own home')
  const rep = who.representative
  await page.check(`input[name=who][value=${rep ? 'representative' : 'resident'}]`)
  if (rep) {
    await continueTo(page, '/make-a-complaint/about-you')
    await page.fill('#representativeName', rep.name)
    await page.fill('#relationship', rep.relationship)
  }
  await continueTo(page, '/make-a-complaint/resident')
  if (errors) await expectError(page, '[data-qa=continue]', 'Enter the postcode')
  await page.fill('#residentName', 'Grace Mensah')
  await page.fill('#address', '4 Canal Row\nStoke-on-Trent')
  await page.fill('#postcode', 'ST4 7QB')
  if (rep) {
    await continueTo(page, '/make-a-complaint/consent')
    if (errors) await expectError(page, '[data-qa=continue]', 'Select how the resident agrees')
    await page.check(`input[name=consentRoute][value=${rep.consent}]`)
    if (rep.consent === 'resident_agrees') {
      await continueTo(page, '/make-a-complaint/consent-agree')
      if (errors) await expectError(page, '[data-qa=continue]', 'The resident must tick')
      await page.check('input[name=residentAgrees]')
    }
  }
  await continueTo(page, '/make-a-complaint/contact')
  if (errors) {
    await page.fill('#email', 'not-an-email')
    await expectError(page, '[data-qa=continue]', 'Enter an email address in the correct format')
  }
  await page.fill('#email', who.email)
  await page.fill('#phone', '07700 900982')
  await continueTo(page, '/make-a-complaint/updates')
  if (errors)
    await expectError(page, '[data-qa=continue]', 'Select how you would like us to keep you updated')
  await page.check('input[name=method][value=email]')
  await page.check('input[name=frequency][value=weekly]')
  await continueTo(page, '/make-a-complaint/what-happened')
  if (errors) await expectError(page, '[data-qa=continue]', 'Tell us what happened')
  await page.fill('#description', 'Black mould in the bedroom since the roof leak in January.')
  await continueTo(page, '/make-a-complaint/when')
  if (errors) {
    await page.fill('#occurred-day', '1')
    await page.fill('#occurred-month', '1')
    await page.fill('#occurred-year', '2099')
    await expectError(page, '[data-qa=continue]', 'must be today or in the past')
  }
  await page.fill('#occurred-day', '12')
  await page.fill('#occurred-month', '1')
  await page.fill('#occurred-year', '2026')
  await continueTo(page, '/make-a-complaint/outcome')
  if (errors) await expectError(page, '[data-qa=continue]', 'Tell us what you would like us to do')
  await page.fill('#outcome', 'Fix the roof and treat the mould.')
  await continueTo(page, '/make-a-complaint/support')
  if (errors) await expectError(page, '[data-qa=continue]', 'Select the support you need')
  await page.check('input[name=needs][value=large_print]')
  await page.check('input[name=needs][value=another_language]')
  if (errors) await expectError(page, '[data-qa=continue]', 'Say which language')
  await page.fill('#language', 'Polish')
  await continueTo(page, '/make-a-complaint/files')
  if (errors) await expectError(page, '[data-qa=add-file]', 'Select a file to add')
  await page.setInputFiles('#file', { name: 'mould.png', mimeType: 'image/png', buffer: png })
  await page.click('[data-qa=add-file]')
  await expect
    .poll(() => page.locator('[data-qa=files]').textContent(), { timeout: 15_000 })
    .toContain('mould.png')
  await accessible(page, 'with a file')
  await continueTo(page, '/make-a-complaint/check-answers')
  const answers = await page.locator('[data-qa=answers]').textContent()
  expect(answers).toContain('Information in another language (Polish)')
  expect(answers).toContain('mould.png')
  await page.click('[data-qa=send]')
  await page.waitForURL(`${base}/make-a-complaint/sent`)
  await accessible(page)
  const reference = (await page.locator('[data-qa=reference]').textContent()) ?? ''
  expect(reference).toMatch(/^CMP-2026-\d{6}$/)
  expect(await page.locator('[data-qa=hear-by]').textContent()).toContain('2026')
  return reference
}

/** Asks for a code and enters the one emailed to the address, as the resident does. */
async function signInToFollow(page: Page, reference: string, email: string, withErrors = false) {
  await page.goto(`${base}/track`)
  await accessible(page)
  if (withErrors) await expectError(page, '[data-qa=send-code]', 'Enter your complaint reference')
  await page.fill('[data-qa=reference]', reference)
  await page.fill('[data-qa=email]', email)
  await page.click('[data-qa=send-code]')
  await page.waitForURL(`${base}/track/code`)
  await accessible(page)
  await deliverMail()
  const mail = mailTo(email, `Your code to follow complaint ${reference}`).at(-1)
  const code = /is (\d{6})/.exec(mail?.text ?? '')?.[1] ?? ''
  expect(code).toMatch(/^\d{6}$/)
  if (withErrors) {
    await page.fill('[data-qa=code]', code === '000000' ? '111111' : '000000')
    await expectError(page, '[data-qa=continue]', 'tries left')
  }
  await page.fill('[data-qa=code]', code)
  await page.click('[data-qa=continue]')
  await page.waitForURL(/\/track\/complaints\/[0-9a-f-]{36}$/)
  await accessible(page)
}

describe.each([
  ['on', true],
  ['off', false],
] as const)('a resident on their own, with JavaScript %s', (_label, javaScriptEnabled) => {
  let context: BrowserContext
  let page: Page
  beforeAll(async () => {
    context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1024, height: 900 } })
    page = await context.newPage()
  })
  afterAll(async () => {
    await context?.close()
  })

  it('complains with an adjustment and a photo, follows it by code, reads the letter, asks for stage 2 and answers the survey', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    const email = `resident.js-${javaScriptEnabled}@example.org`
    const reference = await complain(page, { email, withErrors: true })
    const id = (await t.services.complaints.findIdByReference(reference)) ?? ''
    const logged = await t.services.complaints.view(id, 'admin')
    expect(logged.complaint.channel).toBe('web')
    expect(logged.complaint.adjustments).toMatchObject({
      needs: ['large_print', 'another_language'],
      language: 'Polish',
    })
    await deliverMail()
    expect(mailTo(email, `We have received your complaint ${reference}`)).toHaveLength(1)

    // Staff acknowledge and respond (their pages are the caseworker journey's).
    t.clock.set('2026-03-03T10:00:00Z')
    await t.services.complaints.acknowledge(id, handler, {
      handlerId: handler.id,
      definition: { issues: ['Black mould in the bedroom'], outcomesSought: ['Treat the mould'] },
    })
    t.clock.set('2026-03-10T10:00:00Z')
    await t.services.complaints.respond(id, handler, {
      decision: 'upheld',
      reasons: 'The roof repair was missed.',
      remedies: [{ type: 'apology' }],
      outstandingActions: [{ description: 'Treat the mould in the bedroom', dueOn: '2026-03-31' }],
    })
    await deliverMail()
    expect(mailTo(email, 'Stage 1 response')).toHaveLength(1)

    await signInToFollow(page, reference, email, true)
    expect(await page.locator('[data-qa=state]').textContent()).toContain(
      'We have sent you our response (stage 1)',
    )
    expect(await page.locator('[data-qa=promised]').textContent()).toContain('Treat the mould in the bedroom')
    await page.click('[data-qa=letters] a >> text=Stage 1 response')
    await page.waitForURL(/\/letters\/[0-9a-f-]{36}$/)
    await accessible(page)
    expect(await page.locator('[data-qa=letter]').textContent()).toContain('The roof repair was missed.')
    await page.goBack()

    // More information, then an empty send (an error state).
    await page.fill('[data-qa=information]', 'The mould has spread to the hall.')
    await page.click('[data-qa=send-information]')
    await page.waitForURL(/done=information/)
    await accessible(page, 'done')
    await expectError(page, '[data-qa=send-information]', 'Write the information you want to add')

    // Stage 2, no reason given (Code 6.12).
    await page.goto(`${base}/track/complaints/${id}`)
    await page.click('[data-qa=ask-stage-2]')
    await page.waitForURL(/ask-for-stage-2$/)
    await accessible(page)
    await page.click('[data-qa=confirm]')
    await page.waitForURL(/done=escalated/)
    expect(await page.locator('[data-qa=state]').textContent()).toContain(
      'You have asked us to look at your complaint again',
    )
    const escalated = await t.services.complaints.view(id, 'admin')
    expect(escalated.complaint.escalation).toMatchObject({ how: 'online' })
    expect(escalated.complaint.escalation?.residentReason).toBeUndefined()

    // The final response, then the survey.
    await staffResponds(t, id, reviewer, 2)
    await page.goto(`${base}/track/complaints/${id}`)
    expect(await page.locator('[data-qa=state]').textContent()).toContain('final response')
    await page.click('[data-qa=survey]')
    await page.waitForURL(/survey$/)
    await accessible(page)
    await expectError(page, '[data-qa=send-survey]', 'Choose how satisfied you are')
    await page.check('input[name=satisfaction][value=fairly_satisfied]')
    await page.click('[data-qa=send-survey]')
    await page.waitForURL(/done=survey/)
    await accessible(page, 'survey done')
    const surveys = await t.database.db
      .selectFrom('satisfaction_responses')
      .selectAll()
      .where('complaint_id', '=', id)
      .execute()
    expect(surveys).toEqual([expect.objectContaining({ stage: 2, satisfaction: 'fairly_satisfied' })])

    await page.click('[data-qa=sign-out]')
    await page.waitForURL(`${base}/track?signedOut=1`)
    await page.goto(`${base}/complaints-policy`)
    await accessible(page)
    expect(await page.locator('[data-qa=ombudsman]').textContent()).toContain('0300 111 3000')
    // With JavaScript off each page is a full load: about 75 s alone, twice that beside the other suites in CI.
  }, 240_000)

  it('complains for a resident, with their consent by a tick, and without it yet (Code 1.3)', async () => {
    t.clock.set('2026-03-02T11:00:00Z')
    const withConsent = await complain(page, {
      email: `daughter.js-${javaScriptEnabled}@example.org`,
      representative: { name: 'Ama Mensah', relationship: 'Daughter', consent: 'resident_agrees' },
      withErrors: true,
    })
    const a = await t.services.complaints.view(
      (await t.services.complaints.findIdByReference(withConsent)) ?? '',
      'admin',
    )
    expect(a.complaint.representative?.consent.given).toBe(true)

    const email = `councillor.js-${javaScriptEnabled}@example.org`
    const withoutConsent = await complain(page, {
      email,
      representative: { name: 'Cllr Jones', relationship: 'Ward councillor', consent: 'contact_resident' },
    })
    expect(await page.locator('[data-qa=consent-needed]').textContent()).toContain('contact the resident')
    await signInToFollow(page, withoutConsent, email)
    expect(await page.locator('[data-qa=consent-needed]').textContent()).toContain('agreement')
    expect(await page.locator('[data-qa=letters]').count()).toBe(0)
  }, 120_000)
})

describe('on a phone, and at 400% zoom (320 CSS pixels wide)', () => {
  it('fits every resident page without scrolling sideways (WCAG 1.4.10 reflow)', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } })
    try {
      const page = await context.newPage()
      const fits = async (path: string) => {
        if (path) await page.goto(`${base}${path}`)
        expect(await horizontalOverflow(page), `${page.url()} runs past the window`).toBe(0)
      }
      await fits('/make-a-complaint')
      await page.click('[data-qa=start]')
      await page.waitForURL(`${base}/make-a-complaint/who`)
      await fits('')
      for (const path of [
        '/make-a-complaint/resident',
        '/make-a-complaint/when',
        '/make-a-complaint/support',
        '/make-a-complaint/files',
        '/track',
        '/complaints-policy',
      ])
        await fits(path)
    } finally {
      await context.close()
    }
  })
})
