import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testDatabaseKind } from '../../../test/db.js'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import type { Tenure } from '../../domain/complaints/vocabulary.js'
import { type FactCount, type FactKind, factKinds, type ReportFact } from '../../domain/reports/factCounts.js'
import type { DeadlineResult } from '../../domain/reports/timeliness.js'
import type { Database } from '../database.js'
import { insertFacts, reportsRepository } from './reports.js'

/**
 * The counts the reports read are kept a day at a time by triggers (migration 0037), with the
 * changes folded in from time to time: whatever is written, in whatever order, and whether or
 * not the changes have been folded, they must be the facts' own counts, exactly.
 */
let database: Database
const complaints = Array.from(
  { length: 60 },
  (_, n) => `00000000-0000-4000-8000-${String(n + 1).padStart(12, '0')}`,
)

beforeAll(async () => {
  database = await createTestDatabase()
  await sql`insert into complaints (id, reference, state, stage, channel, received_at, received_on,
      resident_name, categories, version, updated_at, search_text, priority_rank)
    select ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'CMP-' || n, 'stage1', 1, 'phone',
      now(), date '2025-01-01', 'Resident ' || n, array['repairs'], 1, now(), 'resident ' || n, 1
    from generate_series(1, ${complaints.length}) n`.execute(database.db)
}, 60_000)
afterAll(async () => {
  await database.close()
})

/** A small, seeded generator, so a failure can be run again as it was. */
function random(seed: number) {
  let s = seed
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648
    return s / 2_147_483_648
  }
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T
  return { next, pick }
}

const days = ['2025-03-30', '2025-03-31', '2025-04-01', '2025-04-02', '2025-06-30', '2025-07-01'] as const
const results: (DeadlineResult | null)[] = [null, 'on_time', 'late', 'open', 'not_met', 'stopped']

function someFacts(r: ReturnType<typeof random>): ReportFact[] {
  return Array.from({ length: Math.floor(r.next() * 6) }, () => ({
    on: r.pick(days),
    kind: r.pick(factKinds),
    key: r.pick(['', 'phone', '1:upheld', 'acknowledgement']),
    tenure: r.pick<Tenure | null>(['lcra', 'lcho', 'other', null]),
    counted: r.next() < 0.8,
    within: r.pick([null, true, false]),
    result: r.pick(results),
    withExtension: r.next() < 0.2,
    recordedLate: r.next() < 0.2,
    amount: r.next() < 0.5 ? null : Math.round(r.next() * 100_000) / 100,
    owedOn: null,
    why: null,
  }))
}

/** The facts counted straight from the table, as the reports counted them before 0037. */
async function countedFromFacts(
  from: CalendarDate,
  to: CalendarDate,
  today: CalendarDate,
  kinds?: FactKind[],
) {
  const { rows } = await sql<{
    kind: FactKind
    key: string
    tenure: Tenure | null
    counted: boolean
    within: boolean | null
    result: FactCount['result']
    with_extension: boolean
    recorded_late: boolean
    count: string
    amount: string | null
  }>`
    select kind, key, tenure, counted, within,
      case when result = 'open' then case when on_date < ${today}::date then 'overdue' else 'not_due' end
        else result end as result,
      with_extension, recorded_late, count(*) as count, sum(amount) as amount
    from report_facts where on_date between ${from}::date and ${to}::date
      ${kinds ? sql`and kind in (${sql.join(kinds)})` : sql``}
    group by 1, 2, 3, 4, 5, 6, 7, 8`.execute(database.db)
  return rows.map((r) => ({
    kind: r.kind,
    key: r.key,
    tenure: r.tenure,
    counted: r.counted,
    within: r.within,
    result: r.result,
    withExtension: r.with_extension,
    recordedLate: r.recorded_late,
    count: Number(r.count),
    amount: Number(r.amount ?? 0),
  }))
}

const sorted = (counts: FactCount[]) => counts.map((c) => JSON.stringify(c)).sort()

async function expectCountsAsFacts() {
  const repo = reportsRepository(database.db)
  for (const [from, to] of [
    ['2025-03-31', '2025-04-01'],
    ['2025-01-01', '2025-12-31'],
    ['2025-07-01', '2025-07-01'],
  ] as const)
    for (const today of ['2025-04-01', '2025-07-02'] as const)
      for (const kinds of [undefined, ['clock', 'response', 'remedy_done'] as FactKind[]]) {
        const kept = await repo.factCounts(from, to, today, kinds)
        expect(sorted(kept)).toEqual(sorted(await countedFromFacts(from, to, today, kinds)))
        expect(kept.every((c) => c.count > 0)).toBe(true)
      }
}

describe(`the day counts the reports read, on ${testDatabaseKind}`, () => {
  it('are the facts’ counts, exactly, through inserts, rewrites, updates and deletes, folded or not', async () => {
    const r = random(30)
    const repo = reportsRepository(database.db)
    await insertFacts(
      database.db,
      complaints.map((complaintId) => ({ complaintId, facts: someFacts(r) })),
    )
    await expectCountsAsFacts()
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 15; i++) await repo.replaceFacts(r.pick(complaints), someFacts(r))
      await sql`update report_facts set tenure = 'lcho' where complaint_id = ${r.pick(complaints)}`.execute(
        database.db,
      )
      await sql`delete from report_facts where complaint_id = ${r.pick(complaints)}`.execute(database.db)
      await expectCountsAsFacts()
      if (round % 2) {
        expect(await repo.foldFactCounts()).toBeGreaterThan(0)
        await expectCountsAsFacts()
      }
    }
    // A fold leaves nothing waiting, and no day's group that has come to nothing.
    await repo.foldFactCounts()
    const left = await sql<{ changes: number; empty: number }>`select
      (select count(*)::int from report_fact_changes) as changes,
      (select count(*)::int from report_fact_days where n = 0) as empty`.execute(database.db)
    expect(left.rows[0]).toEqual({ changes: 0, empty: 0 })
    await expectCountsAsFacts()
  })

  it('stay exact when facts are written while they are folded', async () => {
    const r = random(31)
    const repo = reportsRepository(database.db)
    await Promise.all([
      ...Array.from({ length: 20 }, () =>
        database.db
          .transaction()
          .execute((trx) => reportsRepository(trx).replaceFacts(r.pick(complaints), someFacts(r))),
      ),
      repo.foldFactCounts(),
      repo.foldFactCounts(),
    ])
    await expectCountsAsFacts()
    await repo.foldFactCounts()
    await expectCountsAsFacts()
  })

  it('empty with the facts', async () => {
    await sql`truncate report_facts`.execute(database.db)
    expect(await reportsRepository(database.db).factCounts('2025-01-01', '2025-12-31', '2025-07-02')).toEqual(
      [],
    )
  })
})
