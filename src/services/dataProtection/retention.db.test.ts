import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_NOW, type TestApp } from '../../../test/app.js'
import { remedyId } from '../../domain/remedies/followThrough.js'

/**
 * Retention counts from when a complaint ended, as it took effect, not from when it was typed in:
 * a history recorded late (from paper, or imported) is kept as long as one recorded on the day.
 * Today is TEST_NOW (Monday 2 March 2026); with six years, the cutoff is 2 March 2020.
 */
let t: TestApp
let handler: { id: string; role: 'handler' }
/** Closed in February 2019 (its closing typed in yesterday); withdrawn in March 2019 (all typed in yesterday). */
let closedLongAgoRecordedYesterday: { id: string; reference: string }
let withdrawnLongAgoRecordedYesterday: { id: string; reference: string }
/** Closed in February 2019, compensation accepted and paid after it in April 2021: all typed in yesterday. */
let remedyPaidLaterRecordedYesterday: { id: string; reference: string }
/** Closed in March 2021 (five years ago), recorded at the time: its row last written then. */
let closedFiveYearsAgo: { id: string; reference: string }

const YESTERDAY = '2026-03-01T10:00:00Z'
/** Why it is recorded only now, for a service that asks (it is ignored by one that does not). */
const late = { recordedLateReason: 'Typed in from the paper file' }

/**
 * A complaint received, acknowledged and answered at stage 1, each recorded at the time; and
 * closed at `closed`, recorded at `closingRecorded`.
 */
async function closedComplaint(
  name: string,
  times: { received: string; responded: string; closed: string; closingRecorded: string },
  /** Compensation offered, which the resident declined before the complaint was closed. */
  declined?: number,
) {
  t.clock.set(times.received)
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date(times.received),
      description: `${name} says the kitchen ceiling leaks`,
      resident: { name, email: `${name.split(' ')[0]?.toLowerCase()}@example.org` },
    },
    handler,
  )
  const id = view.complaint.id
  await t.services.complaints.acknowledge(id, handler, {
    handlerId: handler.id,
    definition: { issues: ['The kitchen ceiling leaks'], outcomesSought: ['The leak fixed'] },
  })
  t.clock.set(times.responded)
  await t.services.complaints.respond(id, handler, {
    decision: 'upheld',
    reasons: 'The roofer did not come when promised.',
    remedies: [
      { type: 'apology' },
      ...(declined ? [{ type: 'financial' as const, amount: declined, description: 'For the delay' }] : []),
    ],
  })
  if (declined)
    await t.services.complaints.answerRemedy(id, handler, { remedyId: remedyId(1, 1), answer: 'declined' })
  t.clock.set(times.closingRecorded)
  await t.services.complaints.close(id, handler, { ...late, closedAt: new Date(times.closed) })
  return { id, reference: view.complaint.reference }
}

beforeAll(async () => {
  t = await createTestApp()
  handler = { id: (await t.createStaff('handler')).id, role: 'handler' }

  closedFiveYearsAgo = await closedComplaint('Rosalind Recent', {
    received: '2021-02-01T10:00:00Z',
    responded: '2021-02-15T10:00:00Z',
    closed: '2021-03-01T15:00:00Z',
    closingRecorded: '2021-03-01T15:00:00Z',
  })
  closedLongAgoRecordedYesterday = await closedComplaint('Percival Paperfile', {
    received: '2019-01-07T10:00:00Z',
    responded: '2019-01-21T10:00:00Z',
    closed: '2019-02-04T10:00:00Z',
    closingRecorded: YESTERDAY,
  })
  remedyPaidLaterRecordedYesterday = await closedComplaint(
    'Mortimer Latepay',
    {
      received: '2019-01-07T11:00:00Z',
      responded: '2019-01-21T11:00:00Z',
      closed: '2019-02-04T11:00:00Z',
      closingRecorded: YESTERDAY,
    },
    50,
  )
  // The resident changed their mind: accepted in 2021, and paid then (Code 7.3, after closing).
  await t.services.complaints.answerRemedy(remedyPaidLaterRecordedYesterday.id, handler, {
    ...late,
    remedyId: remedyId(1, 1),
    answer: 'accepted',
    answeredAt: new Date('2021-04-01T10:00:00Z'),
  })
  await t.services.complaints.completeRemedy(remedyPaidLaterRecordedYesterday.id, handler, {
    ...late,
    remedyId: remedyId(1, 1),
    completedAt: new Date('2021-04-06T10:00:00Z'),
  })
  // Logged and withdrawn in 2019, all typed in from the paper file yesterday.
  const { view } = await t.services.complaints.receive(
    {
      channel: 'letter',
      receivedAt: new Date('2019-03-04T10:00:00Z'),
      description: 'Winifred Backlog says the fence is down',
      resident: { name: 'Winifred Backlog' },
    },
    handler,
  )
  await t.services.complaints.withdraw(view.complaint.id, handler, {
    ...late,
    how: 'letter',
    withdrawnAt: new Date('2019-03-11T10:00:00Z'),
  })
  withdrawnLongAgoRecordedYesterday = view.complaint

  t.clock.set(TEST_NOW)
}, 120_000)
afterAll(async () => {
  await t?.close()
})

describe('retention counts from when a complaint ended, as it took effect', () => {
  it('keeps when each complaint ended, not when it was typed in', async () => {
    const rows = await t.database.db
      .selectFrom('complaints')
      .select(['reference', 'closed_at', 'updated_at'])
      .execute()
    const row = (reference: string) => rows.find((r) => r.reference === reference)
    expect(row(closedLongAgoRecordedYesterday.reference)).toMatchObject({
      closed_at: new Date('2019-02-04T10:00:00Z'),
      updated_at: new Date(YESTERDAY),
    })
    expect(row(withdrawnLongAgoRecordedYesterday.reference)?.closed_at).toEqual(
      new Date('2019-03-11T10:00:00Z'),
    )
    expect(row(closedFiveYearsAgo.reference)).toMatchObject({
      closed_at: new Date('2021-03-01T15:00:00Z'),
      updated_at: new Date('2021-03-01T15:00:00Z'),
    })
  })

  it('finds a complaint closed seven years ago but typed in yesterday past retention, and not one closed five years ago', async () => {
    const dry = await t.services.retention.dryRun('operator')
    expect(dry.cutoff).toBe('2020-03-02')
    expect(dry.held).toEqual([])
    expect(dry.due.map((c) => [c.reference, c.lastActivityOn]).sort()).toEqual(
      [
        [closedLongAgoRecordedYesterday.reference, '2019-02-04'],
        [withdrawnLongAgoRecordedYesterday.reference, '2019-03-11'],
      ].sort(),
    )
    // A remedy paid later (Code 7.3) is activity, by when it was paid, whenever it was typed in.
    expect(dry.due.map((c) => c.reference)).not.toContain(remedyPaidLaterRecordedYesterday.reference)
    expect(dry.due.map((c) => c.reference)).not.toContain(closedFiveYearsAgo.reference)
  })

  it('anonymises it at night, and keeps the one closed five years ago', async () => {
    // A letter of it was audited, the feedback quoting the resident.
    const db = t.database.db
    const letter = await db
      .selectFrom('letters')
      .select(['id', 'kind'])
      .where('complaint_id', '=', closedLongAgoRecordedYesterday.id)
      .executeTakeFirstOrThrow()
    await db
      .insertInto('letter_audit_checklists')
      .values({ version: 1, items: '[]', created_at: new Date(TEST_NOW), created_by: null })
      .onConflict((oc) => oc.doNothing())
      .execute()
    await db
      .insertInto('letter_audits')
      .values({
        id: '00000000-0000-4000-8000-00000000a0d1',
        letter_id: letter.id,
        complaint_id: closedLongAgoRecordedYesterday.id,
        kind: letter.kind,
        sent_on: '2019-01-10',
        handler_id: null,
        checklist_version: 1,
        scores: JSON.stringify([{ itemId: 'tone', answer: 'partly', comment: 'Mr Paperfile was upset' }]),
        score: 50,
        summary: 'Percival Paperfile deserved a warmer letter',
        audited_at: new Date(TEST_NOW),
        audited_on: '2019-01-20',
        audited_by: (await t.createStaff('complaints_officer')).id,
      })
      .execute()
    expect(await t.services.retention.run('job')).toMatchObject({ anonymised: 2, held: 0 })
    // Its words went with the rest; its score stays for the figures.
    const audit = await db
      .selectFrom('letter_audits')
      .select(['summary', 'scores', 'score'])
      .where('letter_id', '=', letter.id)
      .executeTakeFirstOrThrow()
    expect(audit).toEqual({
      summary: '[redacted]',
      scores: [{ itemId: 'tone', answer: 'partly' }],
      score: 50,
    })
    const names = await t.database.db
      .selectFrom('complaints')
      .select(['reference', 'resident_name', 'anonymised_at'])
      .execute()
    const nameOf = (reference: string) => names.find((r) => r.reference === reference)?.resident_name
    expect(nameOf(closedLongAgoRecordedYesterday.reference)).toBe('Anonymised resident')
    expect(nameOf(withdrawnLongAgoRecordedYesterday.reference)).toBe('Anonymised resident')
    expect(nameOf(remedyPaidLaterRecordedYesterday.reference)).toBe('Mortimer Latepay')
    expect(nameOf(closedFiveYearsAgo.reference)).toBe('Rosalind Recent')
    const recorded = await t.database.db
      .selectFrom('retention_anonymisations')
      .select(['reference', 'last_activity_on'])
      .where('reference', '=', closedLongAgoRecordedYesterday.reference)
      .executeTakeFirstOrThrow()
    expect(recorded.last_activity_on).toBe('2019-02-04')
  })

  it('counts a remedy paid after closing from when it was paid', async () => {
    // Six years after the payment (and the other's closing), both are past retention.
    t.clock.set('2027-04-07T12:00:00Z')
    try {
      const dry = await t.services.retention.dryRun('operator')
      expect(dry.due.map((c) => [c.reference, c.lastActivityOn]).sort()).toEqual(
        [
          [remedyPaidLaterRecordedYesterday.reference, '2021-04-06'],
          [closedFiveYearsAgo.reference, '2021-03-01'],
        ].sort(),
      )
    } finally {
      t.clock.set(TEST_NOW)
    }
  })
})
