import { type Compilable, CompiledQuery, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testDatabaseKind } from '../../../test/db.js'
import type { Database } from '../database.js'
import {
  boundedCountStatement,
  type ComplaintListFilters,
  complaintQueries,
  dashboardCountsStatement,
  exactCountUpTo,
  listStatements,
} from './complaintQueries.js'
import { learningQueueStatement, learningRepository } from './learning.js'

/**
 * The plans of the lists people open all day: each reads its page from an index and
 * never walks every complaint, on both databases. The table holds enough complaints that walking
 * them all costs more than the index does, so the planner's choice is the one it makes at scale.
 */
let database: Database
const size = 20_000

beforeAll(async () => {
  database = await createTestDatabase()
  await sql`insert into users (id, email, name, role, password_hash, created_at, updated_at)
    values ('00000000-0000-4000-8000-000000000001', 'h@example.org', 'H', 'handler', 'x', now(), now())`
    .execute(database.db)
    .catch(() => undefined)
  await sql`insert into complaints (id, reference, state, stage, channel, received_at, received_on,
      resident_name, resident_email, resident_postcode, categories, deadline_due_on, version, updated_at,
      search_text, priority_rank, learning_due_stages, learning_due_since)
    select gen_random_uuid(), 'CMP-2025-' || lpad(n::text, 6, '0'),
      -- As at a landlord: a few in hand, most long closed.
      case n % 50 when 0 then 'received' when 1 then 'stage1' when 2 then 'stage2' when 3 then 'withdrawn'
        else 'closed' end,
      1 + (n % 50 = 2)::int,
      (array['email','phone','web','letter','in_person'])[1 + n % 5],
      timestamptz '2025-01-01' + n * interval '20 minutes', date '2025-01-01' + n / 72,
      'Resident ' || n, 'r' || n || '@example.org', 'ST' || (n % 9) || ' ' || (n % 10) || 'AB',
      array[(array['repairs','damp_and_mould','anti_social_behaviour','staff_conduct',
        'complaint_handling','communication','rent_and_service_charges','estate_and_grounds'])[1 + n % 8]],
      case when n % 8 in (0, 1, 7) then date '2025-02-01' + n % 300 end, 1, now(),
      lower('CMP-2025-' || lpad(n::text, 6, '0') || ' resident ' || n || ' r' || n || '@example.org'),
      1 + n % 4,
      case when n % 3 = 0 then array[1]::smallint[] end,
      case when n % 3 = 0 then timestamptz '2025-01-10' + n * interval '20 minutes' end
    from generate_series(1, ${size}) n`.execute(database.db)
  // Vacuumed, as autovacuum keeps a table at rest: the visibility map lets an index alone answer.
  await sql`vacuum analyze complaints`.execute(database.db)
}, 120_000)

afterAll(async () => {
  await database.close()
})

/** The plan of a statement as the database would run it, with its parameters. */
async function planOf(q: Compilable) {
  const { sql: text, parameters } = q.compile()
  const { rows } = await database.db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain ${text}`, [...parameters]),
  )
  return rows.map((r) => r['QUERY PLAN']).join('\n')
}

/** The plans of every statement one page of the case list runs: its ids, its rows, its count. */
async function plansOf(f: Partial<ComplaintListFilters>) {
  const filters = { sort: 'due' as const, order: 'asc' as const, limit: 100, offset: 0, ...f }
  const s = listStatements(database.db, filters)
  const ids = (await s.page.execute()).map((r) => r.id)
  return [
    await planOf(s.page),
    ...(ids.length ? [await planOf(s.rows(ids))] : []),
    ...(s.matching ? [await planOf(boundedCountStatement(database.db, s.matching))] : []),
  ]
}

/**
 * A plan walks every complaint when it scans the table with nothing to stop it: a scan under
 * the bounded count's limit stops at the limit, so it is not one.
 */
const walksEveryComplaint = (plan: string) =>
  /Seq Scan on complaints/.test(plan) && !/^(Aggregate.*\n\s*->\s+)?Limit\b/.test(plan)

const list = (f: Partial<ComplaintListFilters>) =>
  complaintQueries(database.db).list({ sort: 'due', order: 'asc', limit: 100, offset: 0, ...f })

describe(`the case list's plans at scale, on ${testDatabaseKind}`, () => {
  it.each([
    ['the queues’ default order (by due date)', {}, 'complaints_due_order_idx'],
    ['a deep page', { offset: 5_000 }, 'complaints_due_order_idx'],
    ['a deep page by keyset', { after: ['2025-08-01', 'CMP-2025-015000'] }, 'complaints_due_order_idx'],
    [
      'urgent first, by keyset',
      { sort: 'priority' as const, after: [2, '2025-06-01', 'CMP-2025-010000'] },
      'complaints_priority_order_idx',
    ],
    ['urgent first', { sort: 'priority' as const }, 'complaints_priority_order_idx'],
    ['newest first', { sort: 'received' as const, order: 'desc' as const }, 'complaints_received_order_idx'],
    ['a channel', { channel: 'phone' }, 'complaints_channel_order_idx'],
    ['a category', { category: 'repairs' }, 'complaints_'],
    ['a search', { search: 'r1234@example' }, 'complaints_search_trgm_idx'],
    ['a search that matches nothing', { search: 'zzqxv' }, 'complaints_search_trgm_idx'],
  ])('%s reads from an index, never every complaint', async (_name, filters, index) => {
    const plans = await plansOf(filters)
    expect(plans.join('\n')).toContain(index)
    expect(plans.filter(walksEveryComplaint)).toEqual([])
  })

  it('finds the page first and reads only its rows, with their hazard clocks', async () => {
    const s = listStatements(database.db, { sort: 'due', order: 'asc', limit: 100, offset: 200 })
    expect(s.page.compile().sql).not.toContain('hazards')
    expect(s.rows(['00000000-0000-4000-8000-000000000009']).compile().sql).toMatch(/"c"\."id" in \(/)
  })

  it('pages by keyset to the same rows as by number, forwards and back, in either order', async () => {
    for (const sort of ['due', 'priority'] as const) {
      const byNumber = (n: number) => list({ sort, limit: 50, offset: (n - 1) * 50 })
      const [two, three] = [await byNumber(2), await byNumber(3)]
      const next = await list({ sort, limit: 50, after: two.lastKeys })
      expect(next.items.map((r) => r.reference)).toEqual(three.items.map((r) => r.reference))
      const back = await list({ sort, limit: 50, before: three.firstKeys })
      expect(back.items.map((r) => r.reference)).toEqual(two.items.map((r) => r.reference))
    }
    // The last rows have no Code deadline running: they sort last, and page on by reference.
    const tail = await list({ limit: 50, offset: size - 50 })
    expect(tail.lastKeys?.[0]).toBe('infinity')
    const end = await list({ limit: 50, after: tail.lastKeys })
    expect(end.items).toEqual([])
  })

  it('counts a filter exactly up to the limit, and beyond it says the total is the estimate', async () => {
    const few = await list({ search: 'r1234@example' })
    expect(few).toMatchObject({ total: 1, totalExact: true })
    const many = await list({ channel: 'phone' })
    expect(many.totalExact).toBe(false)
    expect(many.total).toBeGreaterThan(exactCountUpTo)
    // The estimate is the planner's: near the 4,000 phone complaints, not a count of them.
    expect(many.total).toBeGreaterThan(2_500)
    expect(many.total).toBeLessThan(6_000)
  })

  it('counts the Today page’s open complaints from their own index alone', async () => {
    const plan = await planOf(dashboardCountsStatement(database.db, '2025-06-01', '2025-06-08'))
    expect(plan).toContain('complaints_open_idx')
    expect(walksEveryComplaint(plan)).toBe(false)
  })

  it('reads the learning queue a page at a time from its index, the count bounded', async () => {
    const repo = (db: Database['db']) => learningRepository(db)
    const first = await repo(database.db).toRecord({ limit: 50 })
    expect(first).toHaveLength(50)
    const last = first.at(-1)
    if (!last) throw new Error('no page')
    const next = await repo(database.db).toRecord({
      limit: 50,
      after: { since: last.since, reference: last.reference },
    })
    expect(next[0]?.since.getTime()).toBeGreaterThanOrEqual(last.since.getTime())
    expect(next.map((r) => r.id)).not.toContain(last.id)
    const plan = await planOf(
      learningQueueStatement(database.db, {
        limit: 50,
        after: { since: last.since, reference: last.reference },
      }),
    )
    expect(plan).toContain('complaints_learning_due_idx')
    expect(walksEveryComplaint(plan)).toBe(false)
    expect(await repo(database.db).countToRecord(1000)).toEqual({
      complaints: 1000,
      stages: 1001,
      more: true,
    })
  })
})
