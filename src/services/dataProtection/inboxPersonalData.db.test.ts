import { randomUUID } from 'node:crypto'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { inboxRepository } from '../../db/repositories/inbox.js'

/**
 * Emails read from the complaints mailbox are personal data: a subject access request holds
 * those from the resident's address and those joined to their complaints; retention deletes those
 * of an anonymised complaint and those nobody decided on once past the period. Today is TEST_NOW
 * (Monday 2 March 2026); with six years, the cutoff is 2 March 2020.
 */
let t: TestApp
let uid = 0
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

/** An email in the inbox, with one attachment kept and one refused. */
async function email(from: string, subject: string, arrived: string) {
  const id = randomUUID()
  await inboxRepository(t.database.db).insertItem({
    id,
    mailbox: 'INBOX',
    uidvalidity: 1,
    uid: ++uid,
    messageId: `<${id}@example.org>`,
    inReplyTo: null,
    referenceIds: '',
    fromAddress: from,
    fromName: from.toLowerCase() === 'rosa@example.org' ? 'Rosa Ruiz' : 'Hal Helper',
    toAddresses: 'complaints@landlord.example',
    subject,
    arrivedAt: new Date(arrived),
    textBody: `${subject}: the damp is back in the bedroom.`,
    raw: new TextEncoder().encode(`Subject: ${subject}\r\n\r\nbody`),
    createdAt: new Date(arrived),
    attachments: [
      {
        id: randomUUID(),
        filename: 'damp.jpg',
        contentType: 'image/jpeg',
        size: 4,
        content: new Uint8Array([1, 2, 3, 4]),
        refusedReason: null,
      },
      {
        id: randomUUID(),
        filename: 'run-me.exe',
        contentType: 'application/octet-stream',
        size: 2,
        content: null,
        refusedReason: 'Not a kind of file the service takes',
      },
    ],
  })
  return id
}

const joinTo = (id: string, complaintId: string) =>
  inboxRepository(t.database.db).decide(id, {
    decision: 'existing_case',
    complaintId,
    by: null,
    at: new Date('2026-03-02T09:00:00Z'),
  })

const itemsLeft = async () =>
  (await t.database.db.selectFrom('inbox_items').select('subject').orderBy('subject').execute()).map(
    (r) => r.subject,
  )

describe('emails received are personal data', () => {
  it('are in the subject access request: from the resident’s address, or joined to their complaint', async () => {
    const admin = await t.createStaff('admin')
    const actor = { id: admin.id, role: 'admin' as const }
    const { view } = await t.services.complaints.receive(
      {
        channel: 'email',
        receivedAt: new Date('2026-02-02T10:00:00Z'),
        description: 'Damp in the bedroom',
        resident: { name: 'Rosa Ruiz', email: 'rosa@example.org' },
      },
      actor,
    )
    await email('Rosa@Example.org', 'From Rosa, undecided', '2026-02-20T10:00:00Z')
    await joinTo(
      await email('hal@example.org', 'From Hal, about Rosa', '2026-02-21T10:00:00Z'),
      view.complaint.id,
    )
    await email('stranger@example.org', 'From a stranger', '2026-02-22T10:00:00Z')

    // A complaints officer may answer one (an administrator may not see vulnerabilities).
    const officer = await t.createStaff('complaints_officer')
    const sar = await t.services.subjectAccess.export(view.complaint.personId as string, {
      id: officer.id,
      role: 'complaints_officer',
    })
    const files = unzipSync(sar.zip)
    const received = Object.keys(files)
      .filter((f) => f.startsWith('emails-received/'))
      .sort()
    expect(received).toEqual([
      'emails-received/01-2026-02-20/attachments/01-damp.jpg',
      'emails-received/01-2026-02-20/email.txt',
      'emails-received/02-2026-02-21/attachments/01-damp.jpg',
      'emails-received/02-2026-02-21/email.txt',
    ])
    const first = strFromU8(files['emails-received/01-2026-02-20/email.txt'] as Uint8Array)
    expect(first).toContain('From: Rosa Ruiz <Rosa@Example.org>')
    expect(first).toContain('Subject: From Rosa, undecided')
    expect(first).toContain('the damp is back in the bedroom')
    expect(strFromU8(files['emails-received/02-2026-02-21/email.txt'] as Uint8Array)).toContain(
      'Subject: From Hal, about Rosa',
    )
    expect([...(files['emails-received/01-2026-02-20/attachments/01-damp.jpg'] as Uint8Array)]).toEqual([
      1, 2, 3, 4,
    ])
    // The sender who is not the resident is listed for review before release.
    expect(sar.thirdParties.map((p) => p.name)).toContain('Hal Helper')
    expect(Object.values(files).some((f) => strFromU8(f).includes('From a stranger'))).toBe(false)
  })

  it('go with their complaint when it is anonymised, and undecided ones once past the period', async () => {
    const handler = { id: (await t.createStaff('handler')).id, role: 'handler' as const }
    await t.database.db.deleteFrom('inbox_attachments').execute()
    await t.database.db.deleteFrom('inbox_items').execute()
    // A complaint received, answered and closed in 2019: past six years, anonymised.
    t.clock.set('2019-01-07T10:00:00Z')
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2019-01-07T10:00:00Z'),
        description: 'The roof leaks',
        resident: { name: 'Olive Old', email: 'olive@example.org' },
      },
      handler,
    )
    const id = view.complaint.id
    await t.services.complaints.acknowledge(id, handler, {
      handlerId: handler.id,
      definition: { issues: ['The roof leaks'], outcomesSought: ['The leak fixed'] },
    })
    t.clock.set('2019-01-21T10:00:00Z')
    await t.services.complaints.respond(id, handler, {
      decision: 'not_upheld',
      reasons: 'The roof was sound when inspected.',
      remedies: [],
    })
    await t.services.complaints.close(id, handler, {})
    t.clock.set('2026-03-02T09:00:00Z')
    // Its email (joined to it, though it came later); two undecided, one old and one recent.
    await joinTo(await email('olive@example.org', 'Olive’s email', '2024-06-01T10:00:00Z'), id)
    await email('old@example.org', 'Undecided, 2019', '2019-05-01T10:00:00Z')
    await email('new@example.org', 'Undecided, 2025', '2025-05-01T10:00:00Z')

    const result = await t.services.retention.run('job')
    expect(result.anonymised).toBe(1)
    expect(result.undecidedEmails).toBe(1)
    // The recent undecided email stays; the rest went with their attachments.
    expect(await itemsLeft()).toEqual(['Undecided, 2025'])
    const attachments = await t.database.db
      .selectFrom('inbox_attachments')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(attachments.n)).toBe(2)
    const recorded = await t.database.db
      .selectFrom('retention_anonymisations')
      .select('removed')
      .where('complaint_id', '=', id)
      .executeTakeFirstOrThrow()
    expect(recorded.removed).toMatchObject({ inboxEmails: 1 })
  })

  it('go with the service request they were logged as, when it is anonymised', async () => {
    const staff = { id: (await t.createStaff('complaints_officer')).id, role: 'complaints_officer' as const }
    await t.database.db.deleteFrom('inbox_attachments').execute()
    await t.database.db.deleteFrom('inbox_items').execute()
    // A request logged from an email in 2019 and closed then: past six years, anonymised.
    t.clock.set('2019-02-04T10:00:00Z')
    const old = await t.services.serviceRequests.log(
      { kind: 'repair', summary: 'Dripping tap', resident: { name: 'Tam Tapper', email: 'tam@example.org' } },
      staff,
      'staff',
    )
    await t.services.serviceRequests.close(old.id, staff, 'Washer replaced')
    // One still open, logged from an email too: it is kept, with its email.
    const open = await t.services.serviceRequests.log(
      { kind: 'repair', summary: 'Fence down', resident: { name: 'Fen Fencer', email: 'fen@example.org' } },
      staff,
      'staff',
    )
    t.clock.set('2026-03-02T09:00:00Z')
    const inbox = inboxRepository(t.database.db)
    for (const [item, requestId] of [
      [await email('tam@example.org', 'Tam’s tap', '2019-02-04T09:00:00Z'), old.id],
      [await email('fen@example.org', 'Fen’s fence', '2019-02-04T09:30:00Z'), open.id],
    ] as const)
      await inbox.decide(item, {
        decision: 'service_request',
        serviceRequestId: requestId,
        by: null,
        at: new Date('2019-02-04T10:00:00Z'),
      })

    const result = await t.services.retention.run('job')
    expect(result.serviceRequests).toBe(1)
    expect(await itemsLeft()).toEqual(['Fen’s fence'])
    const attachments = await t.database.db
      .selectFrom('inbox_attachments')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(attachments.n)).toBe(2)
  })
})
