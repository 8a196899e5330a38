import type { ParsedMail } from 'mailparser'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, testConfig } from '../../../test/app.js'
import { FormSession } from '../../../test/browserlessSession.js'
import { testDatabaseKind } from '../../../test/db.js'
import { smtpMail, smtpServer } from '../../../test/smtp.js'
import { createJobs } from '../../jobs/index.js'
import type { Actor } from '../complaints.js'

const pdfText = async (content: Buffer) =>
  (await extractText(await getDocumentProxy(new Uint8Array(content)), { mergePages: true })).text

describe(`letters by email over SMTP (${testDatabaseKind})`, () => {
  const smtp = smtpServer()
  let t: TestApp
  let actor: Actor & { email: string; password: string }

  beforeAll(async () => {
    const port = await smtp.start()
    t = await createTestApp({
      mail: smtpMail(port),
    })
    const s = await t.createStaff('complaints_officer')
    actor = { id: s.id, role: 'complaints_officer', email: s.email, password: s.password }
  })
  afterAll(async () => {
    await t.close()
    await smtp.stop()
  })

  async function acknowledged(resident: {
    name: string
    email?: string
    address?: string
    postcode?: string
    postOnly?: boolean
    largePrint?: boolean
  }) {
    t.clock.set('2026-03-02T09:15:00Z')
    const { view } = await t.services.complaints.receive(
      { channel: 'phone', receivedAt: new Date('2026-03-02T09:00:00Z'), description: 'Mould', resident },
      actor,
    )
    await t.services.complaints.acknowledge(view.complaint.id, actor, {
      handlerId: actor.id,
      definition: { issues: ['Recurring black mould in the bedroom'], outcomesSought: ['Treat the cause'] },
    })
    return view.complaint
  }

  it('emails the acknowledgement with its PDF attached, and records the delivery on the case', async () => {
    const c = await acknowledged({ name: 'Asha Patel', email: 'asha@example.org' })
    expect(await t.jobs.runDue()).toBe(1)
    const mail = smtp.received.find((m) => m.subject?.includes(c.reference))
    expect(mail).toBeDefined()
    expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe('asha@example.org')
    expect(mail?.from?.text).toContain('complaints@test-homes.example')
    expect(mail?.subject).toBe(`Stage 1 acknowledgement: your complaint ${c.reference}`)
    expect(mail?.html).toContain('Recurring black mould in the bedroom')
    const attachment = mail?.attachments[0]
    expect(attachment?.contentType).toBe('application/pdf')
    const text = await pdfText(attachment?.content as Buffer)
    expect(text).toContain(c.reference)
    expect(text).toContain('Recurring black mould in the bedroom')
    const { messages } = await t.services.mail.deliveries(c.id)
    expect(messages).toEqual([
      expect.objectContaining({ status: 'sent', serverMessageId: expect.stringMatching(/.+/) }),
    ])
    // Nothing runs twice: the job is done.
    expect(await t.jobs.runDue()).toBe(0)
    expect(smtp.received.filter((m) => m.subject?.includes(c.reference))).toHaveLength(1)
  })

  it('retries a refused delivery with backoff, then shows it as not delivered and puts the letter in the print queue', async () => {
    const c = await acknowledged({ name: 'Refused Person', email: 'someone@refused.example' })
    expect(await t.jobs.runDue()).toBe(1)
    let [message] = (await t.services.mail.deliveries(c.id)).messages
    expect(message).toMatchObject({
      status: 'queued',
      lastError: expect.stringContaining('Mailbox unavailable'),
    })
    // Not again until the backoff has passed.
    expect(await t.jobs.runDue()).toBe(0)
    t.clock.advance(31_000)
    expect(await t.jobs.runDue()).toBe(1)
    t.clock.advance(61_000)
    expect(await t.jobs.runDue()).toBe(1)
    ;[message] = (await t.services.mail.deliveries(c.id)).messages
    expect(message?.status).toBe('not_delivered')
    const details = await t.services.mail.message(message?.id as string)
    expect(details.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed'])
    const queue = await t.services.mail.printQueue()
    expect(queue).toContainEqual(expect.objectContaining({ complaintId: c.id, reason: 'not_delivered' }))

    const browser = new FormSession(t.app)
    await browser.signIn(actor.email, actor.password)
    const page = await browser.get(`/complaints/${c.id}`)
    expect(page.body).toContain('Not delivered to someone@refused.example: send by post')
    const mailPage = await browser.get('/mail?status=not_delivered')
    expect(mailPage.body).toContain(c.reference)
    const messagePage = await browser.get(`/mail/${message?.id}`)
    expect(messagePage.body).toContain('Mailbox unavailable')
    const dashboard = await browser.get('/')
    expect(dashboard.body).toMatch(
      /data-qa="tile-notDelivered">\s*<a[^>]*href="\/mail\?status=not_delivered">\s*<span[^>]*data-qa="value">1</,
    )
  })

  it('sends letters for residents without email, or who asked for post, to the print queue; staff print them as one PDF', async () => {
    const noEmail = await acknowledged({
      name: 'No Email',
      address: 'Flat 2, 10 Mill Lane\nLeeds',
      postcode: 'ls6 2ab',
    })
    const byPost = await acknowledged({
      name: 'By Post',
      email: 'bypost@example.org',
      postOnly: true,
      largePrint: true,
    })
    expect((await t.services.mail.deliveries(byPost.id)).messages).toEqual([])
    const queue = await t.services.mail.printQueue()
    expect(queue).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ complaintId: noEmail.id, reason: 'no_email', printable: true }),
        expect.objectContaining({
          complaintId: byPost.id,
          reason: 'post_only',
          largePrint: true,
          printable: false,
        }),
      ]),
    )
    const browser = new FormSession(t.app)
    await browser.signIn(actor.email, actor.password)
    // A letter with no postal address cannot go in an envelope: the queue says what is missing.
    let page = await browser.get('/letters/print')
    expect(page.body).toContain(noEmail.reference)
    expect(page.body).toContain('By Post (the resident) has no postal address or postcode recorded')
    // (The letter whose email was refused, in the test before, has no address either.)
    expect(page.body).toMatch(/2 letters cannot be posted: they have no postal address/)
    const before = await pdfText((await browser.get('/letters/print/letters.pdf')).rawPayload)
    expect(before).toContain(noEmail.reference)
    expect(before).not.toContain(byPost.reference)
    // Recorded, then the letter reissued: the reissued letter is posted, the first is not as well.
    const form = await browser.get(`/complaints/${byPost.id}/postal-address`)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] as string
    const bad = await browser.post(`/complaints/${byPost.id}/postal-address`, {
      version,
      whose: 'resident',
      address: '3 Oak Road, York',
      postcode: 'not a postcode',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter a full UK postcode, like LS1 4AP')
    const saved = await browser.post(`/complaints/${byPost.id}/postal-address`, {
      version,
      whose: 'resident',
      address: '3 Oak Road, York',
      postcode: 'yo1 7hh',
    })
    expect(saved.statusCode).toBe(303)
    page = await browser.get('/letters/print')
    expect(page.body).toContain('which has been recorded since: reissue the letter to post it')
    const [first] = await t.services.complaints.letters(byPost.id)
    await t.services.complaints.reissueLetter(byPost.id, actor, { letterId: first?.id as string })
    page = await browser.get('/letters/print')
    expect(page.body).toContain('1 letter cannot be posted: it has no postal address')
    const blocked = page.body.slice(page.body.indexOf('data-qa="print-queue-blocked"'))
    expect(blocked.slice(0, blocked.indexOf('</table>'))).not.toContain(byPost.reference)
    expect(page.body).toContain('Large print')
    const pdf = await browser.get('/letters/print/letters.pdf')
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const text = await pdfText(pdf.rawPayload)
    expect(text).toContain(noEmail.reference)
    expect(text).toContain(byPost.reference)
    expect(text).toContain('3 Oak Road')
    expect(text).toContain('YO1 7HH')
    expect(text).toContain('LS6 2AB')
    const ids = [...page.body.matchAll(/name="letterId" value="([^"]+)"/g)].map((m) => m[1] as string)
    const body = new URLSearchParams([
      ['_csrf', browser.csrfToken()],
      ...ids.map((id): [string, string] => ['letterId', id]),
    ])
    const marked = await t.app.inject({
      method: 'POST',
      url: '/letters/print/printed',
      headers: {
        cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    })
    expect(marked.statusCode).toBe(303)
    // Only the letter that cannot be posted is left.
    expect((await t.services.mail.printQueue()).map((w) => w.printable)).toEqual([false])
    expect((await browser.get(`/complaints/${noEmail.id}`)).body).toContain('Posted ')
  })
})

describe(`without SMTP_URL, mail waits in the outbox (${testDatabaseKind})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t.close()
  })

  it('keeps the acknowledgement email, with its letter, in the outbox staff can open', async () => {
    const s = await t.createStaff('handler')
    const actor = { id: s.id, role: 'handler' as const }
    const { view } = await t.services.complaints.receive(
      {
        channel: 'email',
        receivedAt: new Date('2026-03-02T09:00:00Z'),
        description: 'Leak',
        resident: { name: 'Out Box', email: 'outbox@example.org' },
      },
      actor,
    )
    await t.services.complaints.acknowledge(view.complaint.id, actor, {
      definition: { issues: ['Leak from the roof'], outcomesSought: ['Fix it'] },
    })
    expect(await t.jobs.runDue()).toBe(0)
    const browser = new FormSession(t.app)
    await browser.signIn(s.email, s.password)
    const outbox = await browser.get('/mail?status=outbox')
    expect(outbox.statusCode).toBe(200)
    expect(outbox.body).toContain(`Stage 1 acknowledgement: your complaint ${view.complaint.reference}`)
    const id = /href="\/mail\/([0-9a-f-]{36})"/.exec(outbox.body)?.[1] as string
    const message = await browser.get(`/mail/${id}`)
    expect(message.body).toContain('Leak from the roof')
    const attachment = await browser.get(`/mail/${id}/attachment`)
    expect(attachment.headers['content-type']).toBe('application/pdf')
    expect(await pdfText(attachment.rawPayload)).toContain(view.complaint.reference)
    const api = await t.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/${view.complaint.id}/letters/${(await t.services.complaints.letters(view.complaint.id))[0]?.id}/pdf`,
      headers: { authorization: `Bearer ${await t.tokenFor('complaints_officer')}` },
    })
    expect(api.statusCode).toBe(200)
    expect(await pdfText(api.rawPayload)).toContain('Leak from the roof')
  })
})

describe(`the mail pages at a landlord's volume (${testDatabaseKind})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t.close()
  })

  it('are paged newest first and found by a complaint’s reference or the address, and say what a search needs', async () => {
    const s = await t.createStaff('handler')
    const actor = { id: s.id, role: 'handler' as const }
    const references: string[] = []
    for (let n = 0; n < 55; n++) {
      t.clock.set(new Date(Date.parse('2026-03-02T09:00:00Z') + n * 60_000).toISOString())
      const { view } = await t.services.complaints.receive(
        {
          channel: 'email',
          receivedAt: new Date('2026-03-02T08:00:00Z'),
          description: 'Leak',
          resident: { name: `Resident ${n}`, email: `resident${n}@example.org` },
        },
        actor,
      )
      await t.services.complaints.acknowledge(view.complaint.id, actor, {
        definition: { issues: ['Leak'], outcomesSought: ['Fix it'] },
      })
      references.push(view.complaint.reference)
    }
    const browser = new FormSession(t.app)
    await browser.signIn(s.email, s.password)
    const rowsOf = (body: string) =>
      [...body.matchAll(/href="\/complaints\/[0-9a-f-]{36}">([^<]+)</g)].map((m) => m[1])
    const first = await browser.get('/mail')
    expect(rowsOf(first.body)).toHaveLength(50)
    // Newest first: the last complaint's letter heads the first page.
    expect(rowsOf(first.body)[0]).toBe(references[54])
    const older = /href="(\/mail\?after=[^"]+)"/.exec(first.body)?.[1]?.replaceAll('&amp;', '&') as string
    expect(older).toBeDefined()
    const second = await browser.get(older)
    expect(rowsOf(second.body)).toEqual(references.slice(0, 5).reverse())
    expect(second.body).toContain('href="/mail"')
    // Found by reference, or by the address it went to, in any case.
    const byReference = await browser.get(`/mail?q=${references[7]?.toLowerCase()}`)
    expect(rowsOf(byReference.body)).toEqual([references[7]])
    const byAddress = await browser.get('/mail?q=RESIDENT12%40example.org')
    expect(rowsOf(byAddress.body)).toEqual([references[12]])
    const nothing = await browser.get('/mail?q=CMP-2026-999999')
    expect(nothing.body).toContain('There are no messages here for “CMP-2026-999999”')
    const wrong = await browser.get('/mail?q=leak')
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain(
      'Search by a complaint’s reference, like CMP-2026-000123, or an email address',
    )
    // A page link this service did not make is refused.
    expect((await browser.get('/mail?after=bm90LW91cnM')).statusCode).toBe(400)
  })
})

describe(`the daily prompts (${testDatabaseKind})`, () => {
  const smtp = smtpServer()
  let t: TestApp
  let config: typeof testConfig

  beforeAll(async () => {
    const port = await smtp.start()
    config = {
      ...testConfig,
      mail: smtpMail(port),
      dailyPromptTime: { hour: 7, minute: 30 },
    }
    t = await createTestApp(config)
  })
  afterAll(async () => {
    await t.close()
    await smtp.stop()
  })

  it('arrive once on a working day after the set time, even with two instances, with links to the cases', async () => {
    const handler = await t.createStaff('handler', 'prompt.handler@test-homes.example')
    await t.createStaff('complaints_officer', 'prompt.leader@test-homes.example')
    const other = await t.createStaff('handler', 'idle.handler@test-homes.example')
    const as = { id: handler.id, role: 'handler' as const }
    t.clock.set('2026-03-02T09:00:00Z')
    const mine = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-03-02T08:30:00Z'),
        description: 'Damp',
        resident: { name: 'Prompt One' },
      },
      as,
    )
    await t.services.complaints.acknowledge(mine.view.complaint.id, as, {
      handlerId: handler.id,
      definition: { issues: ['Damp'], outcomesSought: ['Dry'] },
    })
    const unassigned = await t.services.complaints.receive(
      {
        channel: 'letter',
        receivedAt: new Date('2026-03-02T08:40:00Z'),
        description: 'Noise',
        resident: { name: 'Prompt Two' },
      },
      as,
    )
    await t.jobs.runDue()
    // Monday 16 March, 07:00: before the time, nothing. The stage 1 response is due today.
    t.clock.set('2026-03-16T07:00:00Z')
    await t.jobs.runDue()
    const on17 = () =>
      smtp.received.filter((m) => m.subject?.includes('to act on today, Monday 16 March 2026'))
    expect(on17()).toHaveLength(0)
    t.clock.set('2026-03-16T07:31:00Z')
    // A second instance on the same database, polling at the same moment.
    const second = createJobs({ db: t.database.db, clock: t.clock, config, calendar: t.services.calendar })
    await Promise.all([t.jobs.runDue(), second.runDue()])
    const prompts = on17()
    const to = (m: ParsedMail) => (m.to && 'text' in m.to ? m.to.text : '')
    expect(prompts.map(to).sort()).toEqual([
      'prompt.handler@test-homes.example',
      'prompt.leader@test-homes.example',
    ])
    const mineMail = prompts.find((m) => to(m) === 'prompt.handler@test-homes.example')
    expect(mineMail?.subject).toBe('Your complaints to act on today, Monday 16 March 2026: 1')
    expect(mineMail?.text).toContain(`Due today (1):`)
    expect(mineMail?.text).toContain(
      `${mine.view.complaint.reference}, Prompt One: Stage 1 response, due Mon 16 Mar 2026 http://complaints.test-homes.example/complaints/${mine.view.complaint.id}`,
    )
    const teamMail = prompts.find((m) => to(m) === 'prompt.leader@test-homes.example')
    expect(teamMail?.text).toContain('Overdue (1):')
    expect(teamMail?.text).toContain(unassigned.view.complaint.reference)
    expect(teamMail?.text).toContain('New, not yet acknowledged (1):')
    expect(prompts.some((m) => to(m) === other.email)).toBe(false)
    // Later the same day, and on the weekend, nothing more.
    t.clock.set('2026-03-16T15:00:00Z')
    await t.jobs.runDue()
    t.clock.set('2026-03-21T09:00:00Z')
    await t.jobs.runDue()
    expect(on17()).toHaveLength(2)
    expect(smtp.received.filter((m) => m.subject?.includes('Saturday'))).toHaveLength(0)
  })
})
