import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../app.js'
import { expectAccessible, launchChromium } from './browser.js'

/**
 * A complaint taken by phone, carried through both stages entirely through the pages, with
 * the queues and dashboard checked at each step and axe run on every page visited.
 */
let t: TestApp
let browser: Browser
let base: string
let first: { id: string; email: string; password: string }
let second: { id: string; email: string; password: string }
const visited = new Set<string>()

beforeAll(async () => {
  // The journey moves the clock on by weeks; sessions must outlive it.
  t = await createTestApp({ apiTokenDays: 3650, sessionHours: 24 * 100 })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  first = await t.createStaff('handler', 'first.handler@example.org')
  second = await t.createStaff('handler', 'second.handler@example.org')
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

async function signedIn(who: {
  email: string
  password: string
}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  await page.goto(`${base}/sign-in`)
  await checked(page)
  await page.fill('[data-qa=email]', who.email)
  await page.fill('[data-qa=password]', who.password)
  await page.click('[data-qa=sign-in]')
  await page.waitForURL(`${base}/`)
  return { context, page }
}

/** axe on each kind of page once (by its path with ids taken out). */
async function checked(page: Page) {
  const key = new URL(page.url()).pathname.replace(/[0-9a-f-]{36}/g, ':id')
  if (visited.has(key)) return
  visited.add(key)
  await expectAccessible(page)
}

/** Waits (up to 15 s, for a loaded CI machine) for the element to contain the text, as a person reading the page would. */
async function seeText(locator: ReturnType<Page['locator']>, text: string) {
  await expect
    .poll(async () => (await locator.allTextContents()).join(' '), { timeout: 15_000 })
    .toContain(text)
}

/**
 * Submits an action's form and waits for the case page it redirects to. Writing a letter's PDF and
 * queueing its email can take seconds on a loaded CI machine, so this waits for the navigation
 * itself (up to a minute) rather than for text; a form that comes back with errors fails at once
 * with what it said.
 */
async function submitToCase(page: Page, caseUrl: string) {
  const casePath = new URL(caseUrl).pathname
  await page.click('[data-qa=submit]')
  const arrived = () =>
    expect
      .poll(
        async () => {
          if (new URL(page.url()).pathname === casePath) return 'case page'
          if ((await page.locator('[data-qa=letter-preview]').count()) > 0) return 'letter shown'
          const errors = page.locator('.govuk-error-summary')
          return (await errors.count()) > 0 ? `form errors: ${await errors.innerText()}` : 'waiting'
        },
        { timeout: 60_000, interval: 250 },
      )
      .toMatch(/^case page$|^letter shown$|^form errors/)
  await arrived()
  // See before you send: an action that issues a letter shows it first, and sends it when told.
  if ((await page.locator('[data-qa=letter-preview]').count()) > 0) {
    await expectAccessible(page)
    await page.click('[data-qa=send]')
    await expect
      .poll(async () => new URL(page.url()).pathname, { timeout: 60_000, interval: 250 })
      .toBe(casePath)
  }
  expect(new URL(page.url()).pathname, await page.locator('body').innerText()).toBe(casePath)
  await page.waitForLoadState('load')
}

const tile = async (page: Page, key: string) =>
  Number(await page.locator(`[data-qa=tile-${key}] [data-qa=value]`).textContent())

describe('a caseworker’s journey through both stages', () => {
  it('logs, acknowledges, extends, answers, escalates, acknowledges at stage 2 with another handler, and gives the final response', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    const { page } = await signedIn(first)
    await checked(page)
    const unacknowledgedBefore = await tile(page, 'unacknowledged')

    // Log the complaint taken by phone.
    await page.click('nav >> text=Cases')
    await checked(page)
    await page.click('[data-qa=log-new]')
    await checked(page)
    await page.check('input[name=channel][value=phone]')
    await page.fill('[data-qa=resident-name]', 'Marcia Okoro')
    await page.fill('#residentPostcode', 'ST4 7QB')
    await page.fill('#residentEmail', 'marcia.okoro@example.org')
    await page.fill(
      '[data-qa=description]',
      'Water has been coming through the ceiling since January and the repair keeps being cancelled.',
    )
    await page.fill('#outcomeSought', 'Fix the roof and repair the ceiling')
    await page.check('input[name=categories][value=repairs]')
    await page.click('[data-qa=submit]')
    await seeText(page.locator('[data-qa=notice]'), 'logged')
    await checked(page)
    const caseUrl = page.url().split('?')[0] as string
    const reference = (await page.locator('[data-qa=reference]').textContent())?.trim() as string
    expect(reference).toMatch(/^CMP-2026-\d{6}$/)
    await seeText(page.locator('[data-qa=state]'), 'Received')
    await seeText(page.locator('[data-qa=deadline-acknowledgement]'), '9 March 2026')
    await seeText(
      page.locator('[data-qa=deadline-acknowledgement] [data-qa=explanation]'),
      'received Mon 2 Mar 2026; 5 working days',
    )

    // The queue and dashboard show it as waiting for acknowledgement. (The whole reference would
    // go straight to the case; its number finds its row in the queue.)
    await page.goto(`${base}/complaints?view=team&q=${reference.slice(4)}`)
    await seeText(page.locator(`[data-qa=row-${reference}]`), '5 working days left')
    await page.goto(`${base}/`)
    expect(await tile(page, 'unacknowledged')).toBe(unacknowledgedBefore + 1)

    // Acknowledge and define, the next day.
    t.clock.set('2026-03-03T10:00:00Z')
    await page.goto(caseUrl)
    await page.click('[data-qa=action-acknowledge]')
    await checked(page)
    await page.click('[data-qa=submit]')
    await seeText(page.locator('.govuk-error-summary'), 'Choose who will handle the complaint')
    await checked(page)
    await page.selectOption('#handlerId', first.id)
    // Code 5.8: the handler's conflict of interest is asked, never assumed.
    await page.check('#conflictAnswer')
    await page.fill(
      '[data-qa=issues]',
      'Roof leak not repaired\nRepair appointments cancelled without notice',
    )
    // The letter is shown before it is sent, word for word as it will go.
    await page.click('[data-qa=submit]')
    await seeText(page.locator('[data-qa=letter-preview]'), 'Repair appointments cancelled without notice')
    await checked(page)
    await page.click('[data-qa=send]')
    await seeText(page.locator('[data-qa=notice]'), 'acknowledged')
    await seeText(page.locator('[data-qa=state]'), 'Stage 1')
    await seeText(page.locator('[data-qa=deadline-stage1Response]'), '17 March 2026')
    await seeText(page.locator('[data-qa=letters]'), 'Stage 1 acknowledgement letter')

    // Extend by 5 working days, with the reason.
    await page.click('[data-qa=action-extend]')
    await checked(page)
    await page.fill('[data-qa=working-days]', '5')
    await page.fill('[data-qa=reason]', 'We need a roofer’s report before we can answer properly.')
    await submitToCase(page, caseUrl)
    await seeText(page.locator('[data-qa=deadline-stage1Response]'), '24 March 2026')
    await seeText(page.locator('[data-qa=letters]'), 'Extension letter')

    // Answer at stage 1.
    t.clock.set('2026-03-20T11:00:00Z')
    await page.goto(caseUrl)
    await page.click('[data-qa=action-respond]')
    await checked(page)
    for (const radio of await page.locator('fieldset:has-text("Decision on: ") input[value=upheld]').all())
      await radio.check()
    await page.check('#decision-2')
    await page.fill(
      '[data-qa=reasons]',
      'Two repair appointments were cancelled without telling you. The roof is now booked for repair.',
    )
    await page.check('input[name=remedies][value=apology]')
    await page.fill('#action-0-description', 'Repair the roof and the ceiling')
    await page.fill('#action-0-due-day', '10')
    await page.fill('#action-0-due-month', '4')
    await page.fill('#action-0-due-year', '2026')
    await submitToCase(page, caseUrl)
    await seeText(page.locator('[data-qa=state]'), 'Stage 1 responded')
    await seeText(page.locator('[data-qa=outstanding-actions]'), 'Repair the roof and the ceiling')

    // Read the response letter.
    await page.click('text=Stage 1 response letter')
    await checked(page)
    await seeText(page.locator('[data-qa=letter-text]'), 'ask us to consider your complaint at stage 2')
    await page.goto(caseUrl)

    // The resident asks for stage 2.
    t.clock.set('2026-03-23T09:30:00Z')
    await page.goto(caseUrl)
    await page.click('[data-qa=action-escalate]')
    await checked(page)
    await submitToCase(page, caseUrl)
    await seeText(page.locator('[data-qa=state]'), 'Stage 2 requested')
    await seeText(page.locator('[data-qa=deadline-stage2Acknowledgement]'), '30 March 2026')

    // The first handler may not take stage 2: they are not even offered.
    await page.click('[data-qa=action-acknowledge]')
    expect(await page.locator(`#handlerId option[value="${first.id}"]`).count()).toBe(0)

    // A second handler, in their own session, sees it waiting and takes it on.
    const other = await signedIn(second)
    expect(await tile(other.page, 'awaitingStage2')).toBeGreaterThanOrEqual(1)
    await other.page.click('[data-qa=tile-awaitingStage2] a')
    await checked(other.page)
    await other.page.click(`text=${reference}`)
    await other.page.click('[data-qa=action-acknowledge]')
    await other.page.selectOption('#handlerId', second.id)
    await other.page.check('#conflictAnswer-2')
    await other.page.fill('#conflict', 'Managed the repairs team in 2024')
    await other.page.fill('#howHandled', 'The head of housing reviews the final response')
    await submitToCase(other.page, caseUrl)
    await seeText(other.page.locator('[data-qa=conflict-2]'), 'Managed the repairs team in 2024')
    await seeText(other.page.locator('[data-qa=state]'), 'Stage 2')
    await seeText(other.page.locator('[data-qa=handler]'), 'Test handler')
    await seeText(other.page.locator('[data-qa=deadline-stage2Response]'), '22 April 2026')

    // The final response.
    t.clock.set('2026-04-14T15:00:00Z')
    await other.page.goto(caseUrl)
    await other.page.click('[data-qa=action-respond]')
    for (const radio of await other.page
      .locator('fieldset:has-text("Decision on: ") input[value=upheld]')
      .all())
      await radio.check()
    await other.page.check('#decision')
    await other.page.fill('[data-qa=reasons]', 'On review, we uphold the complaint in full.')
    await other.page.check('input[name=remedies][value=financial]')
    await other.page.fill('#amount', '150')
    await other.page.fill(
      '#remedy-financial',
      'For the damage to your belongings and the cancelled appointments',
    )
    // Code 6.20: who was involved in the final response.
    await other.page.fill('[data-qa=involved]', 'Sam Green, repairs manager\nPriya Shah, head of housing')
    await submitToCase(other.page, caseUrl)
    await seeText(
      other.page.locator('[data-qa=involved]'),
      'Sam Green (repairs manager); Priya Shah (head of housing)',
    )
    await seeText(other.page.locator('[data-qa=state]'), 'Stage 2 responded')
    await checked(other.page)
    await seeText(other.page.locator('[data-qa=letters]'), 'Stage 2 final response letter')
    await seeText(other.page.locator('[data-qa=timeline]'), 'Stage 2 response: upheld')

    // The queues now show no Code deadline running for it.
    await other.page.goto(`${base}/complaints?view=team&q=${reference.slice(4)}`)
    await seeText(other.page.locator('[data-qa=group-none]'), reference)

    // Every other page a caseworker uses passes axe too.
    for (const path of [
      '/complaints?view=mine',
      '/settings/working-days',
      '/settings/policy',
      '/account/password',
      `${new URL(caseUrl).pathname}/note`,
      `${new URL(caseUrl).pathname}/contact`,
      // Mail and post: the outbox (no mail server here), one message, and the print queue.
      '/mail',
      '/mail?status=outbox',
      `/mail/${(await t.services.mail.messages()).items[0]?.id ?? 'none'}`,
      '/letters/print',
    ]) {
      await other.page.goto(`${base}${path}`)
      await checked(other.page)
    }
    expect(visited.size).toBeGreaterThanOrEqual(12)
  }, 120_000)
})

describe('the administration pages', () => {
  it('pass axe too, with their forms showing errors', async () => {
    const admin = await t.createStaff('admin', 'e2e.admin@example.org')
    const { page } = await signedIn(admin)
    for (const path of [
      // Today with the first day's setup list (no address, logo or sign-off set yet), and where they are set.
      '/',
      '/settings/letters',
      '/settings/users',
      '/settings/lists',
      '/settings/working-days?from-day=18&from-month=12&from-year=2026&days=5',
    ]) {
      await page.goto(`${base}${path}`)
      await expectAccessible(page)
    }
    await page.goto(`${base}/settings/users`)
    await page.click('[data-qa=add-user]')
    await seeText(page.locator('.govuk-error-summary'), 'Enter the person’s name')
    await expectAccessible(page)
    await page.goto(`${base}/no-such-page`)
    await expectAccessible(page)
    // Letter wording: the list, the editor, its preview against a real case, and its errors.
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-03-02T09:00:00Z'),
        description: 'Damp',
        resident: { name: 'Axe Letters' },
      },
      { id: admin.id, role: 'admin' },
    )
    await page.goto(`${base}/settings/letters`)
    await expectAccessible(page)
    await page.click('[data-qa=edit-acknowledgement]')
    await expectAccessible(page)
    await page.click('[data-qa=preview]')
    await seeText(page.locator('.govuk-error-summary'), 'Enter the reference of a complaint')
    await expectAccessible(page)
    await page.fill('#opening', 'Your complaint is with Test admin now. Thank you for telling us.')
    await page.fill('#reference', view.complaint.reference)
    await page.click('[data-qa=preview]')
    await seeText(page.locator('[data-qa=checklist]'), 'The complaint definition')
    await seeText(page.locator('[data-qa=preview-text]'), 'Thank you for telling us.')
    await expectAccessible(page)
    await page.click('[data-qa=save]')
    await seeText(page.locator('[data-qa=notice]'), 'Version 1 saved')
    await expectAccessible(page)
    // Removing a closure day asks why; the page and its error pass axe.
    await t.services.calendar.addClosureDay({ date: '2026-12-29', title: 'Christmas shutdown' }, admin.id)
    await page.goto(`${base}/settings/working-days/closure-days/2026-12-29/remove`)
    await expectAccessible(page)
    await page.click('[data-qa=confirm-remove-closure]')
    await seeText(page.locator('.govuk-error-summary'), 'Say why the closure day is being removed')
    await expectAccessible(page)
  }, 60_000)
})

describe('every case form', () => {
  it('passes axe, empty and with its errors shown', async () => {
    t.clock.set('2026-03-02T10:00:00Z')
    const officer = await t.createStaff('complaints_officer', 'e2e.officer@example.org')
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    const log = async () =>
      (
        await t.services.complaints.receive(
          {
            channel: 'letter',
            receivedAt: new Date('2026-03-02T09:00:00Z'),
            description: 'Noise',
            resident: { name: 'Axe Test' },
          },
          actor,
        )
      ).view.complaint.id
    const received = await log()
    const considering = await log()
    await t.services.complaints.acknowledge(considering, actor, {
      handlerId: first.id,
      definition: { issues: ['Noise'], outcomesSought: ['Quiet'] },
    })
    const responded = await log()
    const withRepresentative = (
      await t.services.complaints.receive(
        {
          channel: 'letter',
          receivedAt: new Date('2026-03-02T09:00:00Z'),
          description: 'Noise',
          resident: { name: 'Axe Consent' },
          representative: { name: 'Cllr Axe', relationship: 'councillor', consentGiven: false },
        },
        actor,
      )
    ).view.complaint.id
    await t.services.complaints.acknowledge(responded, actor, {
      handlerId: first.id,
      definition: { issues: ['Noise'], outcomesSought: ['Quiet'] },
    })
    await t.services.complaints.respond(responded, actor, {
      decision: 'upheld',
      reasons: 'r',
      remedies: [{ type: 'apology' }],
      outstandingActions: [{ description: 'Visit', dueOn: '2026-04-01' }],
    })
    const { page } = await signedIn(officer)
    const forms = [
      [received, 'assign'],
      [received, 'issue'],
      [received, 'refuse'],
      [received, 'withdraw'],
      [received, 'document'],
      [responded, 'close'],
      [responded, 'complete-action'],
      [responded, 'escalate'],
      [responded, 'contact'],
      [withRepresentative, 'consent'],
      [withRepresentative, 'postal-address'],
      [considering, 'update'],
      [responded, 'reschedule-action'],
    ] as const
    for (const [id, form] of forms) {
      await page.goto(`${base}/complaints/${id}/${form}`)
      await expectAccessible(page)
      await page.click('[data-qa=submit]')
      await expectAccessible(page)
    }
    // The case page of a complaint awaiting consent, and a new complaint linked to an earlier one.
    await page.goto(`${base}/complaints/${withRepresentative}`)
    await seeText(page.locator('[data-qa=consent-needed]'), 'Consent needed (Code 1.3)')
    await expectAccessible(page)
    // The print queue with letters in it (these residents gave no email address, nor a postal
    // address: the queue says so and what to do).
    await page.goto(`${base}/letters/print`)
    await seeText(page.locator('[data-qa=print-queue-blocked]'), 'Stage 1 acknowledgement letter')
    await seeText(page.locator('[data-qa=print-queue-blocked]'), 'has no postal address or postcode recorded')
    await expectAccessible(page)
    await page.goto(`${base}/complaints/new?linkedFrom=${received}`)
    await seeText(page.locator('[data-qa=linked-from]'), 'New issues from')
    await expectAccessible(page)
    await page.click('[data-qa=submit]')
    await expectAccessible(page)
  }, 90_000)
})

describe('the accessibility check itself', () => {
  it('fails on a page that breaks WCAG (so a pass above means something)', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.setContent(
      '<html lang="en"><head><title>x</title></head><body><main><img src="a.png"><input type="text"></main></body></html>',
    )
    await expect(expectAccessible(page)).rejects.toThrow(/image-alt|label/)
    await context.close()
  })
})
