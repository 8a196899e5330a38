import { CompiledQuery, type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testDatabaseKind } from '../../../test/db.js'
import { onePerComplaint } from '../../domain/reports/factCounts.js'
import type { Database } from '../database.js'
import type { DB } from '../schema.js'
import { type BehindQuery, reportStatements, reportsRepository } from './reports.js'

/**
 * The plans of the governance reports' queries: each reads its index and never walks
 * every fact or complaint, on both databases. Three years of complaints with their facts; the
 * plans are read with sequential scans priced out, so a plan that still walks a table has no
 * index to read instead.
 */
let database: Database
const size = 20_000

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  await sql`insert into complaints (id, reference, state, stage, channel, received_at, received_on,
      resident_name, categories, version, updated_at, search_text, priority_rank)
    select ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'CMP-' || lpad(n::text, 6, '0'),
      'closed', 1, 'phone', timestamptz '2023-04-01' + n * interval '80 minutes',
      date '2023-04-01' + n / 18, 'Resident ' || n, array['repairs'], 1, now(), 'resident ' || n, 1
    from generate_series(1, ${size}) n`.execute(db)
  // Each complaint's receipt, category, stage 1 response and acknowledgement clock; one in ten
  // with no tenure recorded.
  await sql`insert into report_facts (complaint_id, on_date, kind, key, tenure, counted, within, result)
    select c.id, c.received_on + f.days, f.kind, f.key,
      (array['lcra','lcra','lcra','lcra','lcra','lcra','lcra','lcho','lcho',null])[1 + n % 10],
      true, f.within, f.result
    from generate_series(1, ${size}) n
    join complaints c on c.id = ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid
    cross join lateral (values
      ('received', 'phone', 0, null::boolean, null),
      ('category', 'repairs', 0, null, null),
      ('response', case when n % 3 = 0 then '1:upheld' else '1:not_upheld' end, 12, n % 5 > 0, null),
      ('clock', 'acknowledgement', 5, n % 4 > 0, case when n % 4 > 0 then 'on_time' else 'late' end)
    ) f(kind, key, days, within, result)`.execute(db)
  await reportsRepository(db).foldFactCounts()
  // As after a load: the statistics gathered and the tables' pages marked all-visible.
  await sql`vacuum analyze`.execute(db)
}, 120_000)

afterAll(async () => {
  await database.close()
})

type Statement = { compile(db: Kysely<DB>): CompiledQuery }

/** The plan of a statement as the database would run it, with sequential scans priced out. */
async function planOf(q: Statement) {
  return database.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx)
    const { sql: text, parameters } = q.compile(trx)
    const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain ${text}`, [...parameters]),
    )
    return rows.map((r) => r['QUERY PLAN']).join('\n')
  })
}

/** Walks a whole table of facts or complaints: what none of these plans may do. */
const walksEverything = (plan: string) => /Seq Scan on (report_facts|complaints)\b/.test(plan)

const year = { from: '2024-04-01', to: '2025-03-31' } as const
const today = '2026-05-01'
const s = () => reportStatements(database.db)

describe(`the governance reports' plans, on ${testDatabaseKind}`, () => {
  it('counts a year from the day counts, never reading the facts themselves', async () => {
    for (const kinds of [undefined, ['received' as const, 'escalation' as const, 'response' as const]]) {
      const plan = await planOf(s().factCounts(year.from, year.to, today, kinds))
      expect(plan).toMatch(/Index Scan (using|on) report_fact_days_on_date_\w+/)
      expect(plan).not.toContain('report_facts')
    }
    // And the counts are the facts' counts: a year's receipts, a tenth of them with no tenure.
    const counts = await reportsRepository(database.db).factCounts(year.from, year.to, today, ['received'])
    const received = counts.reduce((n, c) => n + c.count, 0)
    expect(received).toBe(365 * 18)
    expect(counts.find((c) => c.tenure === null)?.count).toBe(received / 10)
  })

  it('finds the TSM’s complaints with no tenure in their own small index', async () => {
    const plan = await planOf(s().countedWithoutTenure(year.from, year.to))
    expect(plan).toContain('report_facts_no_tenure_idx')
    expect(walksEverything(plan)).toBe(false)
  })

  it.each<[string, Partial<BehindQuery>]>([
    ['a TSM figure (a tenure’s stage 1 responses)', { kind: 'response', tenure: 'lcra', keyPrefix: '1:' }],
    [
      'the responses outside the timescale',
      { kind: 'response', tenure: 'lcho', keyPrefix: '1:', within: false },
    ],
    ['a board pack figure (complaints received)', { kind: 'received' }],
    ['a deadline’s result', { kind: 'clock', key: 'acknowledgement', result: 'late' }],
  ])('lists the complaints behind %s from the kind’s index, a page at a time', async (_name, filter) => {
    const { page, total } = s().complaintsBehind({
      kind: 'received',
      ...filter,
      ...year,
      today,
      limit: 100,
      offset: 200,
    })
    const [pagePlan, totalPlan] = [await planOf(page), await planOf(total)]
    // The kind's own index (or another by kind, when the figure names its key)...
    expect(pagePlan).toMatch(/Index (Only )?Scan using report_facts_kind\w*_idx on report_facts/)
    expect(pagePlan).toMatch(/Index Scan using complaints_pkey/)
    // ...and how many from the day counts when each complaint adds to the figure once.
    if (onePerComplaint({ kind: 'received', ...filter })) {
      expect(totalPlan).toMatch(/Index Scan (using|on) report_fact_days_on_date_\w+/)
      expect(totalPlan).not.toContain('report_facts')
    } else expect(totalPlan).toMatch(/Index (Only )?Scan using report_facts_kind\w*_idx on report_facts/)
    expect(walksEverything(pagePlan) || walksEverything(totalPlan)).toBe(false)
  })

  it('reads a page of a figure each complaint adds to once in date order, sorting nothing beyond the page', async () => {
    const { page } = s().complaintsBehind({
      kind: 'response',
      tenure: 'lcra',
      keyPrefix: '1:',
      ...year,
      today,
      limit: 100,
      offset: 0,
    })
    const plan = await planOf(page)
    // The date order comes from the index; only the day's ties are put in reference order.
    expect(plan).not.toMatch(/->\s+Sort\b|^Sort\b/m)
    expect(plan).not.toMatch(/Aggregate/)
    const found = await reportsRepository(database.db).complaintsBehind({
      kind: 'response',
      tenure: 'lcra',
      keyPrefix: '1:',
      ...year,
      today,
      limit: 100,
      offset: 0,
    })
    expect(found.rows).toHaveLength(100)
    const order = found.rows.map((r) => `${r.on} ${r.reference}`)
    expect(order).toEqual([...order].sort())
    expect(found.total).toBe((365 * 18 * 7) / 10)
  })

  it('reads the workbook’s rows a stretch of days at a time, from one index in their order', async () => {
    const items = await planOf(s().tsmItems('2024-06-01', '2024-06-07'))
    expect(items).toMatch(/Index Only Scan using report_facts_tsm_idx/)
    expect(items).not.toMatch(/complaints/)
    expect(items).not.toMatch(/Seq Scan/)
    expect(items).not.toContain('complaint_events')
    const last = await planOf(s().lastReceivedOn())
    expect(last).toMatch(/Index Only Scan Backward using report_facts_(kind|tsm)_idx/)
  })
})
