import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { testDatabaseKind } from '../../../test/db.js'
import { type ImapTestServer, rawEmail, startImapServer } from '../../../test/imapServer.js'
import { smtpMail, smtpServer } from '../../../test/smtp.js'
import type { ImapConfig } from '../../config.js'
import { inboxRepository } from '../../db/repositories/inbox.js'
import type { Actor } from '../complaints.js'
import { inboxService } from './inbox.js'
import { INBOX_POLL_JOB } from './poll.js'

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

describe(`email in, from a real IMAP server (${testDatabaseKind})`, () => {
  const smtp = smtpServer()
  let imap: ImapTestServer
  let t: TestApp
  let actor: Actor
  let imapConfig: ImapConfig

  beforeAll(async () => {
    imap = await startImapServer()
    imapConfig = {
      host: imap.host,
      port: imap.port,
      secure: false,
      user: imap.user,
      auth: { password: imap.password },
      mailbox: 'INBOX',
      pollSeconds: 60,
    }
    t = await createTestApp({ mail: smtpMail(await smtp.start()), imap: imapConfig })
    const s = await t.createStaff('complaints_officer')
    actor = { id: s.id, role: 'complaints_officer' }
  }, 30_000)
  afterAll(async () => {
    await t?.close()
    await smtp.stop()
    await imap?.stop()
  })

  const items = async () => (await t.services.inbox.list({})).items
  const itemWithSubject = async (subject: string) => {
    const found = (await items()).filter((i) => i.subject === subject)
    expect(found).toHaveLength(1)
    return t.services.inbox.item(found[0]?.id ?? '')
  }

  it('reads a new email into the queue exactly once, however often and from however many instances it polls', async () => {
    await imap.deliver(
      rawEmail({
        from: 'Ruth Okafor <ruth@resident.example>',
        subject: 'Damp in my flat',
        text: 'The damp is back.',
      }),
      new Date('2026-03-02T08:30:00Z'),
    )
    // Two instances at once (each its own service over the same database), then one again.
    const other = inboxService({
      db: t.database.db,
      clock: t.clock,
      complaints: t.services.complaints,
      serviceRequests: t.services.serviceRequests,
      imap: imapConfig,
    })
    const [a, b] = await Promise.all([t.services.inbox.poll(), other.poll()])
    expect(a.new + b.new).toBe(1)
    expect((await t.services.inbox.poll()).read).toBe(0)
    const item = await itemWithSubject('Damp in my flat')
    expect(item).toMatchObject({
      status: 'new',
      fromAddress: 'ruth@resident.example',
      fromName: 'Ruth Okafor',
      toAddresses: 'complaints@landlord.example',
      arrivedAt: new Date('2026-03-02T08:30:00Z'),
    })
    expect(item.textBody.trim()).toBe('The damp is back.')
    expect(await t.services.inbox.newCount()).toBeGreaterThanOrEqual(1)
    // The mailbox keeps the message, unflagged: nothing is deleted, moved or marked \Seen.
    expect(await imap.flags(1)).not.toContain('\\Seen')
  })

  it('polls through the job runner, once per interval for the whole cluster', async () => {
    await imap.deliver(rawEmail({ from: 'sam@resident.example', subject: 'Broken boiler', text: 'No heat' }))
    await t.jobs.runDue()
    await t.jobs.runDue()
    await itemWithSubject('Broken boiler')
    const polls = await t.database.db
      .selectFrom('jobs')
      .select('unique_key')
      .where('kind', '=', INBOX_POLL_JOB)
      .execute()
    expect(polls).toHaveLength(1)
  })

  it('checks attachments as uploads are: a refused one is kept as refused, with the reason', async () => {
    await imap.deliver(
      rawEmail({
        from: 'lee@resident.example',
        subject: 'Photos of the leak',
        text: 'See attached',
        attachments: [
          { filename: 'report.pdf', contentType: 'application/pdf', content: pdf },
          { filename: 'leak.jpg', contentType: 'image/jpeg', content: Buffer.from('not a photo at all') },
          { filename: 'run-me.exe', contentType: 'application/octet-stream', content: Buffer.from('MZ...') },
        ],
      }),
    )
    await t.services.inbox.poll()
    const item = await itemWithSubject('Photos of the leak')
    expect(item.attachments.map((a) => [a.filename, a.refusedReason])).toEqual([
      ['report.pdf', null],
      ['leak.jpg', 'The selected file is not really a JPEG image; it may be damaged or renamed'],
      ['run-me.exe', expect.stringContaining('The selected file must be one of: PDF')],
    ])
    const kept = item.attachments[0]
    expect(Buffer.from((await t.services.inbox.attachment(item.id, kept?.id ?? '')).content)).toEqual(pdf)
    await expect(t.services.inbox.attachment(item.id, item.attachments[1]?.id ?? '')).rejects.toThrow(
      /refused/,
    )
  })

  it('logs an email as a complaint through the intake: channel email, received when it arrived, the email its first document', async () => {
    const arrived = new Date('2026-03-02T08:45:00Z')
    await imap.deliver(
      rawEmail({
        from: 'Ada Brown <ada@resident.example>',
        subject: 'Repairs never done',
        text: 'I reported the window in January and nobody came.',
        attachments: [{ filename: 'letter.pdf', contentType: 'application/pdf', content: pdf }],
      }),
      arrived,
    )
    await t.services.inbox.poll()
    const item = await itemWithSubject('Repairs never done')
    const intake = {
      channel: 'email',
      receivedAt: item.arrivedAt,
      description: item.textBody,
      resident: { name: 'Ada Brown', email: item.fromAddress },
      categories: [],
    }
    const { view } = await t.services.complaints.receive(
      intake,
      actor,
      undefined,
      await t.services.inbox.asComplaint(item.id, actor),
    )
    const c = view.complaint
    expect(c.channel).toBe('email')
    expect(c.receivedAt).toEqual(arrived)
    const documents = c.events.filter((e) => e.type === 'complaint.document_attached')
    expect(documents.map((d) => d.type === 'complaint.document_attached' && d.filename)).toEqual([
      'email-2026-03-02.eml',
      'letter.pdf',
    ])
    const decided = await t.services.inbox.item(item.id)
    expect(decided).toMatchObject({
      status: 'decided',
      decision: 'complaint',
      complaintId: c.id,
      decidedBy: actor.id,
    })
    // It left the queue: deciding it again is refused.
    await expect(t.services.inbox.asComplaint(item.id, actor)).rejects.toThrow(/already been decided/)
  })

  /** A complaint acknowledged by letter, emailed to the resident (so sent with our Message-ID). */
  async function acknowledgedByEmail(resident: string) {
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-03-02T09:00:00Z'),
        description: 'Mould',
        resident: { name: 'Resident', email: resident },
        categories: [],
      },
      actor,
    )
    await t.services.complaints.acknowledge(view.complaint.id, actor, {
      handlerId: actor.id,
      definition: { issues: ['Mould in the bedroom'], outcomesSought: ['Treat it'] },
    })
    await t.jobs.runDue()
    const sent = smtp.received.find((m) => m.subject?.includes(view.complaint.reference))
    expect(sent?.messageId).toMatch(/^<mail-[0-9a-f-]{36}@test-homes\.example>$/)
    return { complaint: view.complaint, messageId: sent?.messageId ?? '' }
  }

  it('joins a reply to our letter to its case at once (by In-Reply-To), and tells its handler', async () => {
    const handler = await t.createStaff('handler')
    const { complaint, messageId } = await acknowledgedByEmail('kim@resident.example')
    await t.services.complaints.reassign(complaint.id, actor, { handlerId: handler.id })
    await imap.deliver(
      rawEmail({
        from: 'kim@resident.example',
        subject: 'Re: your letter',
        text: 'Thank you, the mould is worse now.',
        inReplyTo: messageId,
        references: messageId,
      }),
    )
    await t.services.inbox.poll()
    const item = await itemWithSubject('Re: your letter')
    expect(item).toMatchObject({
      status: 'decided',
      decision: 'joined',
      complaintId: complaint.id,
      decidedBy: null,
    })
    const { complaint: after } = await t.services.complaints.view(complaint.id, 'complaints_officer')
    const added = after.events.slice(-2)
    expect(added.map((e) => e.type)).toEqual(['complaint.information_added', 'complaint.document_attached'])
    expect(added[0]?.type === 'complaint.information_added' && added[0].text).toContain(
      'Thank you, the mould is worse now.',
    )
    const told = await t.database.db
      .selectFrom('mail_messages')
      .select(['to_address', 'subject'])
      .where('kind', '=', 'email_received')
      .where('complaint_id', '=', complaint.id)
      .execute()
    expect(told).toEqual([{ to_address: handler.email, subject: `Email received: ${complaint.reference}` }])
  })

  it('joins a reply that names only our reference in its subject', async () => {
    const { complaint } = await acknowledgedByEmail('jo@resident.example')
    await imap.deliver(
      rawEmail({
        from: 'jo@resident.example',
        subject: `About ${complaint.reference.toLowerCase()}`,
        text: 'More',
      }),
    )
    await t.services.inbox.poll()
    const item = await itemWithSubject(`About ${complaint.reference.toLowerCase()}`)
    expect(item).toMatchObject({ decision: 'joined', complaintId: complaint.id })
  })

  it('leaves an email that answers nothing of ours in the queue', async () => {
    await imap.deliver(
      rawEmail({
        from: 'stranger@elsewhere.example',
        subject: 'Re: something else',
        text: 'Hello',
        inReplyTo: '<not-ours@elsewhere.example>',
      }),
    )
    await t.services.inbox.poll()
    expect(await itemWithSubject('Re: something else')).toMatchObject({ status: 'new', decision: null })
  })

  it('adds an email to an existing case by its reference, as an incoming email recorded by the person deciding', async () => {
    const { complaint } = await acknowledgedByEmail('mo@resident.example')
    await imap.deliver(
      rawEmail({ from: 'councillor@council.example', subject: 'On behalf of Mo', text: 'Please help' }),
    )
    await t.services.inbox.poll()
    const item = await itemWithSubject('On behalf of Mo')
    await expect(t.services.inbox.asPartOfCase(item.id, actor, 'CMP-1999-000001')).rejects.toThrow(
      /There is no complaint CMP-1999-000001/,
    )
    const view = await t.services.inbox.asPartOfCase(item.id, actor, complaint.reference)
    const contact = view?.complaint.events.find((e) => e.type === 'complaint.contact_recorded')
    expect(contact).toMatchObject({ direction: 'incoming', method: 'email', by: actor.id })
    expect(await t.services.inbox.item(item.id)).toMatchObject({
      decision: 'existing_case',
      decidedBy: actor.id,
    })
  })

  it('logs an email as a service request, and the item leaves the queue', async () => {
    await imap.deliver(
      rawEmail({ from: 'pat@resident.example', subject: 'Tap dripping', text: 'Kitchen tap' }),
    )
    await t.services.inbox.poll()
    const item = await itemWithSubject('Tap dripping')
    const request = await t.services.inbox.asServiceRequest(item.id, actor, {
      kind: 'repair',
      summary: 'Kitchen tap dripping',
      resident: { name: 'Pat', email: 'pat@resident.example' },
    })
    expect(await t.services.inbox.item(item.id)).toMatchObject({
      decision: 'service_request',
      serviceRequestId: request?.id,
    })
    expect(await inboxRepository(t.database.db).countNew()).toBe(await t.services.inbox.newCount())
  })
})

describe(`with an OAuth2 access token, over XOAUTH2 (${testDatabaseKind})`, () => {
  // Dovecot checks each bearer token by asking this introspection endpoint, as a provider's
  // would; the same server is the provider's token endpoint for the client credentials grant,
  // issuing `issued-1`, `issued-2`… to the right client, each lasting `lifetime` seconds.
  const asked: string[] = []
  const issued: string[] = []
  let lifetime = 3600
  const introspection = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      const form = new URLSearchParams(body)
      res.setHeader('content-type', 'application/json')
      if (req.url === '/token') {
        const right =
          form.get('grant_type') === 'client_credentials' &&
          form.get('client_id') === 'complaints-service' &&
          form.get('client_secret') === 'the-client-secret' &&
          form.get('scope') === 'https://outlook.office365.com/.default'
        if (!right) {
          res.statusCode = 401
          res.end(
            JSON.stringify({ error: 'invalid_client', error_description: 'Client authentication failed' }),
          )
          return
        }
        issued.push(`issued-${issued.length + 1}`)
        res.end(JSON.stringify({ access_token: issued.at(-1), token_type: 'Bearer', expires_in: lifetime }))
        return
      }
      const token = form.get('token') ?? ''
      asked.push(token)
      res.end(
        JSON.stringify(
          token === 'a-valid-token' || issued.includes(token)
            ? { active: true, username: 'complaints' }
            : { active: false },
        ),
      )
    })
  })
  let imap: ImapTestServer
  let t: TestApp
  const config = (accessToken: string): ImapConfig => ({
    host: imap.host,
    port: imap.port,
    secure: false,
    user: imap.user,
    auth: { accessToken },
    mailbox: 'INBOX',
    pollSeconds: 60,
  })

  beforeAll(async () => {
    await new Promise<void>((resolve) => introspection.listen(0, '127.0.0.1', resolve))
    const { port } = introspection.address() as AddressInfo
    imap = await startImapServer({ oauth2IntrospectionUrl: `http://127.0.0.1:${port}/introspect` })
    t = await createTestApp({ imap: config('a-valid-token') })
  }, 30_000)
  afterAll(async () => {
    await t?.close()
    await imap?.stop()
    introspection.close()
  })

  it('reads the mailbox with a valid token, and fails the poll (reading nothing) with one that is not', async () => {
    await imap.deliver(rawEmail({ from: 'ruth@resident.example', subject: 'Signed in by token', text: 'Hi' }))
    expect(await t.services.inbox.poll()).toMatchObject({ read: 1, new: 1 })
    expect(asked).toContain('a-valid-token')
    expect(imap.log()).toMatch(/Login: user=<complaints>, method=XOAUTH2/)
    const refused = inboxService({
      db: t.database.db,
      clock: t.clock,
      complaints: t.services.complaints,
      serviceRequests: t.services.serviceRequests,
      imap: config('an-expired-token'),
    })
    await expect(refused.poll()).rejects.toThrow()
    expect(asked).toContain('an-expired-token')
  })

  it('fetches its own tokens with the client credentials, and renews one before it expires', async () => {
    const { port } = introspection.address() as AddressInfo
    const withClient = (clientSecret: string) =>
      inboxService({
        db: t.database.db,
        clock: t.clock,
        complaints: t.services.complaints,
        serviceRequests: t.services.serviceRequests,
        imap: {
          ...config('unused'),
          auth: {
            oauth: {
              tokenUrl: `http://127.0.0.1:${port}/token`,
              clientId: 'complaints-service',
              clientSecret,
              scope: 'https://outlook.office365.com/.default',
            },
          },
        },
      })
    const inbox = withClient('the-client-secret')
    await imap.deliver(rawEmail({ from: 'sam@resident.example', subject: 'Signed in by client', text: 'Hi' }))
    // An hour's token: fetched once, used for both polls.
    expect(await inbox.poll()).toMatchObject({ read: 1, new: 1 })
    expect(await inbox.poll()).toMatchObject({ read: 0 })
    expect(issued).toEqual(['issued-1'])
    expect(asked).toContain('issued-1')
    // A token with less than five minutes left is renewed before the next poll signs in.
    lifetime = 120
    const shortLived = withClient('the-client-secret')
    await shortLived.poll()
    await shortLived.poll()
    expect(issued).toEqual(['issued-1', 'issued-2', 'issued-3'])
    expect(asked).toContain('issued-3')
    // A client the provider refuses: the poll fails, naming the setting and the provider's words.
    await expect(withClient('a-wrong-secret').poll()).rejects.toThrow(
      'The OAuth2 token endpoint (IMAP_OAUTH_TOKEN_URL) gave no access token for the mailbox: HTTP 401, invalid_client: Client authentication failed',
    )
  })
})

describe(`without a mailbox set up (${testDatabaseKind})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t.close())

  it('reads nothing and schedules no poll', async () => {
    expect(t.services.inbox.enabled).toBe(false)
    expect(await t.services.inbox.poll()).toEqual({ read: 0, new: 0, joined: 0 })
    await t.jobs.runDue()
    const polls = await t.database.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', INBOX_POLL_JOB)
      .execute()
    expect(polls).toEqual([])
  })
})
