import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { testDatabaseKind } from '../../../../test/db.js'
import { type ImapTestServer, rawEmail, startImapServer } from '../../../../test/imapServer.js'
import type { Actor } from '../../../services/complaints.js'

describe(`the inbox pages over HTTP (${testDatabaseKind})`, () => {
  let imap: ImapTestServer
  let t: TestApp
  let officer: { id: string; email: string; password: string }

  beforeAll(async () => {
    imap = await startImapServer()
    t = await createTestApp({
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
    officer = await t.createStaff('complaints_officer')
  }, 30_000)
  afterAll(async () => {
    await t?.close()
    await imap?.stop()
  })

  it('shows an email only as escaped text, offers its download sandboxed, and adds it to a case by reference', async () => {
    const actor: Actor = { id: officer.id, role: 'complaints_officer' }
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-03-02T09:00:00Z'),
        description: 'Mould',
        resident: { name: 'Mo Khan' },
        categories: [],
      },
      actor,
    )
    await imap.deliver(
      rawEmail({
        from: 'mp@parliament.example',
        subject: 'On behalf of my constituent',
        text: 'Please look at this <script>alert(1)</script> urgently.',
      }),
    )
    await t.services.inbox.poll()
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const list = await s.get('/inbox')
    expect(list.statusCode).toBe(200)
    const id = /href="\/inbox\/([0-9a-f-]{36})"/.exec(list.body)?.[1] ?? ''
    const page = await s.get(`/inbox/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Please look at this &lt;script&gt;alert(1)&lt;/script&gt; urgently.')
    expect(page.body).not.toContain('<script>alert(1)')

    const eml = await s.get(`/inbox/${id}/email`)
    expect(eml.headers['content-type']).toBe('message/rfc822')
    expect(eml.headers['content-disposition']).toMatch(/^attachment;/)
    expect(eml.headers['content-security-policy']).toContain('sandbox')
    expect(eml.body).toContain('Subject: On behalf of my constituent')

    const wrong = await s.post(`/inbox/${id}/case`, { reference: 'not a reference' })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('Enter the complaint’s reference, like CMP-2026-000123')
    const added = await s.post(`/inbox/${id}/case`, { reference: view.complaint.reference })
    expect(added.statusCode).toBe(303)
    expect(added.headers.location).toBe(`/complaints/${view.complaint.id}?done=email`)
    expect((await s.get(`/inbox/${id}`)).body).toContain('Added to an existing case')
    const again = await s.post(`/inbox/${id}/case`, { reference: view.complaint.reference })
    expect(again.statusCode).toBe(422)
    expect(again.body).toContain('already been decided')
  })

  it('is for those who handle complaints: the board is refused', async () => {
    const board = await t.createStaff('board')
    const s = new FormSession(t.app)
    await s.signIn(board.email, board.password)
    expect((await s.get('/inbox')).statusCode).toBe(403)
  })
})

describe(`without a mailbox set up (${testDatabaseKind})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  it('lists no inbox among the case lists', async () => {
    const officer = await t.createStaff('complaints_officer')
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const page = await s.get('/complaints')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Team cases')
    expect(page.body).not.toContain('href="/inbox"')
  })
})
