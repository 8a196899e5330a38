import { type Expression, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testDatabaseKind } from '../../../test/db.js'
import { DEFAULT_ENTITY_ID } from '../../domain/entities/entity.js'
import type { Database } from '../database.js'
import { directionsPageQuery, registerPageQuery, registerTotalsQueries } from './remedies.js'
import {
  boardPacksQuery,
  conflictDeclarationsQuery,
  finalResponseInvolvementQuery,
  remediedUpheldQuery,
  sameHandlerQuery,
} from './selfAssessments.js'

/**
 * The plans of the remedy register's pages and totals and of the self-assessment's figures:
 * each reads its own index, and none scans the complaints, their events, the report
 * facts or the register, on both databases. Sequential scans are turned off in each plan's
 * transaction, so a plan that still scans one of those tables has no index it could use.
 */
let database: Database
const size = 3_000
const handler = '00000000-0000-4000-8000-000000000001'
const other = '00000000-0000-4000-8000-000000000002'

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  await sql`insert into users (id, email, name, role, password_hash, password_changed_at, created_at)
    values (${handler}::uuid, 'h@example.org', 'H', 'handler', 'x', now(), now()),
      (${other}::uuid, 'o@example.org', 'O', 'handler', 'x', now(), now())`.execute(db)
  // Complaints, a third of them considered by one person at both stages.
  await sql`insert into complaints (id, reference, state, stage, channel, received_at, received_on,
      resident_name, categories, version, updated_at, search_text, stage1_handler_id, stage2_handler_id,
      open_actions)
    select ('00000000-0000-4000-9000-' || lpad(n::text, 12, '0'))::uuid, 'CMP-2025-' || lpad(n::text, 6, '0'),
      'closed', 2, 'phone', timestamptz '2025-01-01' + n * interval '2 hours', date '2025-01-01' + n / 12,
      'Resident ' || n, array['repairs'], 3, now(), 'resident ' || n, ${handler}::uuid,
      case when n % 3 = 0 then ${handler}::uuid else ${other}::uuid end, n % 2
    from generate_series(1, ${size}) n`.execute(db)
  // Each complaint's response, offering two remedies, and its rows in the register.
  await sql`insert into complaint_events (complaint_id, seq, type, at, recorded_at, data)
    select ('00000000-0000-4000-9000-' || lpad(n::text, 12, '0'))::uuid, 1, 'complaint.responded',
      timestamptz '2025-01-10' + n * interval '2 hours', now(),
      jsonb_build_object('stage', 1, 'decision', 'upheld', 'remedies', jsonb_build_array(
        jsonb_build_object('type', 'apology'),
        jsonb_build_object('type', 'financial', 'amount', 50 + n % 100, 'description', 'For the delay')))
    from generate_series(1, ${size}) n`.execute(db)
  await sql`insert into remedy_register (complaint_id, stage, position, response_seq, offered_at, upheld, type,
      amount, status, owed, done_on)
    select e.complaint_id, 1, p, 1, e.at, true, case when p = 1 then 'apology' else 'financial' end,
      case when p = 2 then (e.data->'remedies'->1->>'amount')::numeric end,
      case when p = 1 or e.seq % 4 = 0 then 'done' else 'offered' end, p = 2,
      case when p = 1 then (e.at at time zone 'Europe/London')::date end
    from complaint_events e cross join generate_series(1, 2) p`.execute(db)
  // The facts the self-assessment reads: stage 2 acknowledgements and upheld responses.
  await sql`insert into report_facts (complaint_id, on_date, kind, key, counted, result)
    select c.id, c.received_on + 20, 'clock', k, false,
      (array['on_time', 'late', 'open', 'not_met'])[1 + (c.version + ascii(right(c.reference, 1))) % 4]
    from complaints c
    cross join unnest(array['acknowledgement', 'stage1Response', 'stage2Acknowledgement', 'stage2Response']) k`.execute(
    db,
  )
  await sql`insert into report_facts (complaint_id, on_date, kind, key, counted)
    select c.id, c.received_on + 9, 'response', '1:upheld', true from complaints c`.execute(db)
  // The audit log: sign-ins, and now and then a board pack taken.
  await sql`insert into audit_log (at, action, details)
    select timestamptz '2025-01-01' + n * interval '30 minutes',
      case when n % 500 = 0 then 'board_pack.produced' else 'user.signed_in' end, '{}'::jsonb
    from generate_series(1, 20000) n`.execute(db)
  // The Ombudsman's cases, each with an order to pay compensation and some complied with.
  await sql`insert into ombudsman_cases (id, complaint_id, ombudsman_reference, kind, received_on, version, updated_at)
    select ('00000000-0000-4000-a000-' || lpad(n::text, 12, '0'))::uuid,
      ('00000000-0000-4000-9000-' || lpad(n::text, 12, '0'))::uuid, 'HOS-' || n, 'determination',
      date '2025-06-01', 2, now()
    from generate_series(1, ${size / 10}) n`.execute(db)
  await sql`insert into ombudsman_case_events (case_id, seq, type, at, data)
    select o.id, s, case when s = 1 then 'ombudsman.direction_made' else 'ombudsman.compliance_recorded' end,
      now(), case when s = 1 then jsonb_build_object('directionId', 'd-' || o.ombudsman_reference,
        'direction', 'order', 'kind', 'compensation', 'description', 'Pay', 'amount', 100, 'ownerId', ${handler}::text,
        'dueOn', (date '2025-07-01' + (right(o.ombudsman_reference, 2))::int)::text)
      else jsonb_build_object('directionId', 'd-' || o.ombudsman_reference, 'evidence', 'Paid',
        'sentOn', '2025-07-02') end
    from ombudsman_cases o cross join generate_series(1, 2) s
    where s = 1 or right(o.ombudsman_reference, 1) = '0'`.execute(db)
  for (const table of ['complaints', 'complaint_events', 'remedy_register', 'report_facts', 'audit_log'])
    await sql`analyze ${sql.table(table)}`.execute(db)
  await sql`analyze ombudsman_case_events`.execute(db)
}, 120_000)

afterAll(async () => {
  await database?.close()
})

/** The plan of a statement with sequential scans turned off, in a transaction of its own. */
async function planOf(q: Expression<unknown>) {
  return database.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx)
    const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${q}`.execute(trx)
    return rows.map((r) => r['QUERY PLAN']).join('\n')
  })
}

/** A scan of a table that grows with complaints, from end to end. */
const scansAGrowingTable = (plan: string) =>
  /Seq Scan on (complaints|complaint_events|report_facts|remedy_register|ombudsman_case_events|audit_log)\b/.test(
    plan,
  )

const after = {
  offeredAt: new Date('2025-03-01T00:00:00Z'),
  complaintId: '00000000-0000-4000-9000-000000000600',
  stage: 1,
  position: 2,
}

describe(`the remedy register's plans, on ${testDatabaseKind}`, () => {
  it.each([
    ['still to do, first page', registerPageQuery({ owed: true, limit: 101 }), 'remedy_register_owed_idx'],
    [
      'still to do, a later page',
      registerPageQuery({ owed: true, after, limit: 101 }),
      'remedy_register_owed_idx',
    ],
    [
      'every remedy, first page',
      registerPageQuery({ owed: false, limit: 101 }),
      'remedy_register_offered_idx',
    ],
    [
      'every remedy, a later page',
      registerPageQuery({ owed: false, after, limit: 101 }),
      'remedy_register_offered_idx',
    ],
    [
      'the Ombudsman’s orders still to do',
      directionsPageQuery({ owed: true, limit: 101 }),
      'ombudsman_directions_due_idx',
    ],
    [
      'every Ombudsman order, a later page',
      directionsPageQuery({
        owed: false,
        after: {
          dueOn: '2025-07-20',
          caseId: '00000000-0000-4000-a000-000000000020',
          directionId: 'd-HOS-20',
        },
        limit: 101,
      }),
      'ombudsman_directions_due_idx',
    ],
    ['the totals', registerTotalsQueries('2025-03-01', '2025-04-01').remedies, 'remedy_register_days'],
    [
      'the Ombudsman’s totals',
      registerTotalsQueries('2025-03-01', '2025-04-01').directions,
      'ombudsman_directions_due_idx',
    ],
  ])('%s reads its index, never a whole table', async (_name, query, index) => {
    const plan = await planOf(query)
    expect(plan).toContain(index)
    expect(scansAGrowingTable(plan), plan).toBe(false)
  })

  it('reads each row’s complaint and response by their keys, after the page is chosen', async () => {
    const plan = await planOf(registerPageQuery({ owed: true, limit: 101 }))
    expect(plan).toContain('complaints_pkey')
    expect(plan).toContain('complaint_events_complaint_id_seq_key')
    expect(plan).not.toMatch(/Sort\b/)
    // The page is the next rows in order: 101 of them, whatever the register holds.
    const { rows } = await registerPageQuery({ owed: true, limit: 101 }).execute(database.db)
    expect(rows).toHaveLength(101)
    expect(rows.map((r) => r.respondedAt.getTime())).toEqual(
      rows.map((r) => r.respondedAt.getTime()).sort((a, b) => a - b),
    )
  })
})

describe(`the self-assessment's figures' plans, on ${testDatabaseKind}`, () => {
  it.each([
    [
      '6.13, one handler at both stages',
      sameHandlerQuery('2025-04-01', '2026-03-31'),
      'report_facts_stage2_acknowledged_idx',
    ],
    [
      '7.1, upheld responses that offered a remedy',
      remediedUpheldQuery('2025-04-01', '2026-03-31'),
      'remedy_register_days',
    ],
    ['9.6, board packs taken', boardPacksQuery('2025-04-01', '2026-03-31'), 'audit_log_board_packs_idx'],
    [
      '5.8, assignments with a conflict of interest declared',
      conflictDeclarationsQuery('2025-04-01', '2026-03-31'),
      'complaint_events_assignment_idx',
    ],
    [
      '6.20, final responses naming who was involved',
      finalResponseInvolvementQuery('2025-04-01', '2026-03-31'),
      'complaint_events_responded_idx',
    ],
    // One landlord of a group (issue 34): the same index, each complaint's landlord by its key.
    [
      '6.13 for one landlord',
      sameHandlerQuery('2025-04-01', '2026-03-31', DEFAULT_ENTITY_ID),
      'report_facts_stage2_acknowledged_idx',
    ],
    [
      '7.1 for one landlord',
      remediedUpheldQuery('2025-04-01', '2026-03-31', DEFAULT_ENTITY_ID),
      'remedy_register_offered_idx',
    ],
    [
      '5.8 for one landlord',
      conflictDeclarationsQuery('2025-04-01', '2026-03-31', DEFAULT_ENTITY_ID),
      'complaint_events_assignment_idx',
    ],
    [
      '6.20 for one landlord',
      finalResponseInvolvementQuery('2025-04-01', '2026-03-31', DEFAULT_ENTITY_ID),
      'complaint_events_responded_idx',
    ],
  ])('%s reads its index, never a whole table', async (_name, query, index) => {
    const plan = await planOf(query)
    expect(plan).toContain(index)
    expect(scansAGrowingTable(plan), plan).toBe(false)
  })

  it('counts what the facts and the complaints say, worked out by hand', async () => {
    // Complaints n = 1…3000 were received 2 hours apart from 1 January 2025, so on day n / 12;
    // the stage 2 acknowledgement fell due 20 days later. A quarter of them met it on time and a
    // quarter late (by the reference's last digit and the version); a third had one handler.
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from complaints c
      where c.stage2_handler_id = c.stage1_handler_id and exists (
        select 1 from report_facts f where f.complaint_id = c.id and f.kind = 'clock'
          and f.key = 'stage2Acknowledgement' and f.result in ('on_time', 'late')
          and f.on_date between '2025-04-01' and '2026-03-31')`.execute(database.db)
    const [same] = (await sameHandlerQuery('2025-04-01', '2026-03-31').execute(database.db)).rows
    expect(Number(same?.n)).toBe(Number(rows[0]?.n))
    expect(Number(same?.n)).toBeGreaterThan(0)
    const [packs] = (await boardPacksQuery('2025-01-01', '2025-01-31').execute(database.db)).rows
    // Every 500th half-hour from 1 January: the 500th (11 January) and 1,000th (21 January).
    expect(Number(packs?.n)).toBe(2)
    const [remedied] = (await remediedUpheldQuery('2025-01-01', '2025-12-31').execute(database.db)).rows
    // Every complaint's response upheld it and offered an apology first.
    expect(Number(remedied?.n)).toBe(size)
    // Every complaint is the default landlord's: its own figures are the group's; another's are none.
    const [mine] = (
      await remediedUpheldQuery('2025-01-01', '2025-12-31', DEFAULT_ENTITY_ID).execute(database.db)
    ).rows
    expect(Number(mine?.n)).toBe(size)
    const other = '00000000-0000-4000-8000-00000000beef'
    const [none] = (await remediedUpheldQuery('2025-01-01', '2025-12-31', other).execute(database.db)).rows
    expect(Number(none?.n)).toBe(0)
    const [sameMine] = (
      await sameHandlerQuery('2025-04-01', '2026-03-31', DEFAULT_ENTITY_ID).execute(database.db)
    ).rows
    expect(Number(sameMine?.n)).toBe(Number(same?.n))
    const [sameNone] = (await sameHandlerQuery('2025-04-01', '2026-03-31', other).execute(database.db)).rows
    expect(Number(sameNone?.n)).toBe(0)
  })
})
