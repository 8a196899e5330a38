import { CompiledQuery, type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely'
import {
  awaitingResponseStates,
  openStates,
  stage1OpenStates,
  stage2OpenStates,
} from '../../domain/complaints/vocabulary.js'
import { likeLiteral } from '../like.js'
import type { DB } from '../schema.js'

const listColumns = [
  'c.id',
  'c.reference',
  'c.state',
  'c.stage',
  'c.channel',
  'c.received_at as receivedAt',
  'c.received_on as receivedOn',
  'c.resident_name as residentName',
  'c.resident_postcode as residentPostcode',
  'c.categories',
  'c.stage1_handler_id as stage1HandlerId',
  'c.stage2_handler_id as stage2HandlerId',
  'c.current_handler_id as currentHandlerId',
  'c.deadline_key as deadlineKey',
  'c.deadline_due_on as deadlineDueOn',
  'c.version',
  'c.updated_at as updatedAt',
  'c.extended',
  'c.open_actions as openActions',
  'c.next_action_due_on as nextActionDueOn',
  'c.update_due_on as updateDueOn',
  'c.priority',
  'c.priority_confirmed as priorityConfirmed',
] as const

export type ComplaintListFilters = {
  states?: string[]
  stage?: number
  handlerId?: string
  overdueBefore?: string
  dueBetween?: { from: string; to: string }
  category?: string
  channel?: string
  receivedFrom?: string
  receivedTo?: string
  search?: string
  extended?: boolean
  actionsOpen?: boolean
  actionsDueBy?: string
  /** Code 5.9: complaints whose resident is due an update on or before this day. */
  updatesDueBy?: string
  unassigned?: boolean
  /** Awaab's Law: only complaints with a hazard whose clock is still running. */
  hazardRunning?: boolean
  /** Code 6.1: only complaints triaged at these priorities. */
  priorities?: string[]
  /** 'priority' is urgent first, then by due date. */
  sort: 'received' | 'due' | 'reference' | 'updated' | 'priority'
  order: 'asc' | 'desc'
  limit: number
  offset: number
  /**
   * Keyset paging: the page after (or before) the row with these sort keys, as `sortKeys` of a
   * listed row gives them; the offset is then not used. Deep pages cost what the first does.
   */
  after?: SortKeys
  before?: SortKeys
  /** Only this landlord entity's complaints (a person limited to it, domain/entities/access.ts). */
  entityId?: string
}

/** A row's place in the list's order: its sort keys, in order, ending with its reference. */
export type SortKeys = (string | number)[]

/** Filtered lists are counted exactly up to this many rows; beyond it the planner's estimate is given, as "about". */
export const exactCountUpTo = 2000

type MatchingRows = SelectQueryBuilder<DB & { c: DB['complaints'] }, 'c', { one: number }>

/** The count that stops at `exactCountUpTo` + 1 rows: a scan under its limit never walks every complaint. */
export const boundedCountStatement = (db: Kysely<DB>, rows: MatchingRows) =>
  db.selectFrom(rows.limit(exactCountUpTo + 1).as('rows')).select(sql<number>`count(*)`.as('n'))

/**
 * How many rows a filtered list holds, without counting a million of them: exactly while there
 * are no more than `exactCountUpTo` (the count stops there), else the planner's estimate.
 */
export async function boundedCount(db: Kysely<DB>, rows: MatchingRows) {
  const counted = await boundedCountStatement(db, rows).executeTakeFirstOrThrow()
  const n = Number(counted.n)
  if (n <= exactCountUpTo) return { n, exact: true }
  // Asked of the planner, never run: the rows as a subquery, so the statement is a new one.
  const query = db.selectFrom(rows.as('rows')).select(sql<number>`1`.as('one')).compile()
  const plan = await db.executeQuery<{ 'QUERY PLAN': unknown }>(
    CompiledQuery.raw(`explain (format json) ${query.sql}`, [...query.parameters]),
  )
  const cell = plan.rows[0]?.['QUERY PLAN']
  const parsed = (typeof cell === 'string' ? JSON.parse(cell) : cell) as { Plan?: { 'Plan Rows'?: number } }[]
  const estimate = Math.round(Number(parsed[0]?.Plan?.['Plan Rows'] ?? 0))
  return { n: Math.max(estimate, exactCountUpTo + 1), exact: false }
}

// Each order of the case list as its keys, the reference last so no two rows tie. A complaint
// with no Code deadline running sorts last by due date, as the day that never comes ('infinity').
const key = (expression: RawBuilder<unknown>, type: string) => ({ expression, type })
const dueKey = key(sql`coalesce(c.deadline_due_on, 'infinity'::date)`, 'date')
const referenceKey = key(sql`c.reference`, 'text')
const sortKeys = {
  due: [dueKey, referenceKey],
  priority: [key(sql`c.priority_rank`, 'smallint'), dueKey, referenceKey],
  received: [key(sql`c.received_at`, 'timestamptz'), referenceKey],
  reference: [referenceKey],
  updated: [key(sql`c.updated_at`, 'timestamptz'), referenceKey],
}

/** How many sort keys a page cursor of the case list carries in this order. */
export const sortKeyCount = (sort: ComplaintListFilters['sort']) => sortKeys[sort].length

/**
 * The statements of one page of the case list (`list` runs them; listPlans.db.test.ts explains
 * them): the page's ids in its order, from the order's index (the id is in it, so a deep page
 * reads only index entries); then only those rows, each with its hazard clock; and, when a filter
 * narrows the list, the rows that match, for the bounded count.
 */
export function listStatements(db: Kysely<DB>, f: ComplaintListFilters) {
  const everyComplaint = db.selectFrom('complaints as c')
  let q = everyComplaint
  if (f.entityId) q = q.where('c.entity_id', '=', f.entityId)
  if (f.states?.length) q = q.where('c.state', 'in', f.states)
  if (f.stage) q = q.where('c.stage', '=', f.stage)
  if (f.handlerId) q = q.where('c.current_handler_id', '=', f.handlerId)
  if (f.overdueBefore) q = q.where('c.deadline_due_on', '<', f.overdueBefore)
  if (f.dueBetween)
    q = q
      .where('c.deadline_due_on', '>=', f.dueBetween.from)
      .where('c.deadline_due_on', '<=', f.dueBetween.to)
  if (f.category) q = q.where(sql<boolean>`c.categories @> array[${f.category}]::text[]`)
  if (f.channel) q = q.where('c.channel', '=', f.channel)
  if (f.receivedFrom) q = q.where('c.received_on', '>=', f.receivedFrom)
  if (f.receivedTo) q = q.where('c.received_on', '<=', f.receivedTo)
  if (f.extended) q = q.where('c.extended', '=', true)
  if (f.actionsOpen) q = q.where('c.open_actions', '>', 0)
  if (f.actionsDueBy)
    q = q.where('c.open_actions', '>', 0).where('c.next_action_due_on', '<=', f.actionsDueBy)
  if (f.updatesDueBy) q = q.where('c.update_due_on', '<=', f.updatesDueBy)
  if (f.unassigned) q = q.where('c.current_handler_id', 'is', null)
  if (f.priorities?.length) q = q.where('c.priority', 'in', f.priorities)
  if (f.hazardRunning)
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('hazards as h')
          .select('h.id')
          .whereRef('h.complaint_id', '=', 'c.id')
          .where('h.next_due_at', 'is not', null),
      ),
    )
  if (f.search && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.search))
    q = q.where(sql<boolean>`lower(c.resident_email) = ${f.search.toLowerCase()}`)
  else if (f.search) {
    const pattern = `%${likeLiteral(f.search.toLowerCase())}%`
    q = q.where('c.search_text', 'like', pattern)
  }
  const keys = sortKeys[f.sort]
  const backwards = f.before !== undefined
  const ascending = (f.order === 'asc') !== backwards
  const cursor = f.after ?? f.before
  if (cursor && cursor.length !== keys.length) throw new Error('A page cursor has the wrong number of keys')
  const page = q
    .select('c.id')
    .select(keys.map((k, i) => k.expression.as(`k${i}`)))
    .$if(cursor !== undefined, (qb) =>
      qb.where(
        sql<boolean>`(${sql.join(keys.map((k) => k.expression))}) ${sql.raw(ascending ? '>' : '<')} (${sql.join(
          (cursor ?? []).map((v, i) => sql`cast(${String(v)} as ${sql.raw(keys[i]?.type ?? 'text')})`),
        )})`,
      ),
    )
    .$call((qb) => keys.reduce((ordered, k) => ordered.orderBy(k.expression, ascending ? 'asc' : 'desc'), qb))
    .limit(f.limit)
    .$if(cursor === undefined, (qb) => qb.offset(f.offset))
  const rows = (ids: string[]) =>
    db
      .selectFrom('complaints as c')
      // Awaab's Law: the hazard duty that runs out next, if any, shown beside the Code's deadline.
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('hazards as h')
            .select(['h.kind', 'h.next_clock', 'h.next_due_at'])
            .whereRef('h.complaint_id', '=', 'c.id')
            .where('h.next_due_at', 'is not', null)
            .orderBy('h.next_due_at')
            .limit(1)
            .as('hz'),
        (join) => join.onTrue(),
      )
      .select(listColumns)
      .select(['hz.kind as hazardKind', 'hz.next_clock as hazardClock', 'hz.next_due_at as hazardDueAt'])
      .where('c.id', 'in', ids)
  // Builders are immutable: q is still everyComplaint only when no filter narrowed it.
  const matching = q === everyComplaint ? undefined : q.select(sql<number>`1`.as('one'))
  return { page, rows, matching }
}

/** The Today page's counts, over the open complaints only, from their own index (migration 0040). */
export const dashboardCountsStatement = (db: Kysely<DB>, today: string, weekEnd: string, entityId?: string) =>
  db
    .selectFrom('complaints')
    .select([
      sql<number>`count(*) filter (where state in (${sql.join(stage1OpenStates)}))`.as('openStage1'),
      sql<number>`count(*) filter (where state in (${sql.join(stage2OpenStates)}))`.as('openStage2'),
      sql<number>`count(*) filter (where deadline_due_on < ${today})`.as('overdue'),
      sql<number>`count(*) filter (where deadline_due_on = ${today})`.as('dueToday'),
      sql<number>`count(*) filter (where state = 'received')`.as('unacknowledged'),
      sql<number>`count(*) filter (where deadline_due_on >= ${today} and deadline_due_on <= ${weekEnd})`.as(
        'dueThisWeek',
      ),
      sql<number>`count(*) filter (where extended and state in ('stage1', 'stage2'))`.as('underExtension'),
      sql<number>`count(*) filter (where state = 'stage2_requested')`.as('awaitingStage2Acknowledgement'),
      sql<number>`count(*) filter (where open_actions > 0)`.as('withOutstandingActions'),
      sql<number>`count(*) filter (where open_actions > 0 and next_action_due_on <= ${weekEnd})`.as(
        'outstandingActionsDue',
      ),
      sql<number>`count(*) filter (where state in (${sql.join(awaitingResponseStates)}) and current_handler_id is null)`.as(
        'unassigned',
      ),
      sql<number>`count(*) filter (where update_due_on <= ${today})`.as('updatesDue'),
    ])
    .where('state', 'in', openStates)
    .$if(entityId !== undefined, (qb) => qb.where('entity_id', '=', entityId as string))

/** What the case list, the queues and the dashboard read: the projection rows of many complaints. */
export function complaintQueries(db: Kysely<DB>) {
  return {
    async list(f: ComplaintListFilters) {
      const statements = listStatements(db, f)
      const pageRows = async (ids: string[]) => {
        if (!ids.length) return []
        const rows = await statements.rows(ids).execute()
        const at = new Map(ids.map((id, i) => [id, i]))
        return rows.sort((a, b) => (at.get(a.id) ?? 0) - (at.get(b.id) ?? 0))
      }
      const [items, total] = await Promise.all([
        statements.page.execute().then(async (found) => {
          // A page read backwards (before a row) comes nearest first: put it back in order.
          const rows = f.before ? found.reverse() : found
          const keysOf = (r: Record<string, unknown> | undefined): SortKeys | undefined =>
            r &&
            Object.keys(r)
              .filter((k) => /^k\d+$/.test(k))
              .sort()
              .map((k) => (r[k] instanceof Date ? (r[k] as Date).toISOString() : (r[k] as string | number)))
          return {
            rows: await pageRows(rows.map((r) => r.id)),
            firstKeys: keysOf(rows[0]),
            lastKeys: keysOf(rows.at(-1)),
          }
        }),
        // Unfiltered, the total is the kept count rather than a count of every row.
        statements.matching
          ? boundedCount(db, statements.matching)
          : db
              .selectFrom('complaint_count_stripes')
              .select(sql<number>`coalesce(sum(n), 0)`.as('n'))
              .executeTakeFirstOrThrow()
              .then((r) => ({ n: Number(r.n), exact: true })),
      ])
      return {
        items: items.rows,
        firstKeys: items.firstKeys,
        lastKeys: items.lastKeys,
        total: total.n,
        totalExact: total.exact,
      }
    },

    /** The daily dashboard's numbers, counted in one pass over the open complaints. */
    async dashboardCounts(today: string, weekEnd: string, entityId?: string) {
      const row = await dashboardCountsStatement(db, today, weekEnd, entityId).executeTakeFirstOrThrow()
      return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as Record<
        keyof typeof row,
        number
      >
    },

    /**
     * What the daily prompts list: open complaints whose deadline is past or due by `soonBy`,
     * and those not yet acknowledged, with who is handling each.
     */
    async needingAttention(soonBy: string) {
      return db
        .selectFrom('complaints')
        .select([
          'id',
          'reference',
          'resident_name as residentName',
          'state',
          'deadline_key as deadlineKey',
          'deadline_due_on as deadlineDueOn',
          'current_handler_id as currentHandlerId',
          'update_due_on as updateDueOn',
        ])
        .where('state', 'in', openStates)
        .where((eb) =>
          eb.or([
            eb('deadline_due_on', '<=', soonBy),
            eb('state', '=', 'received'),
            eb('update_due_on', '<=', soonBy),
          ]),
        )
        .orderBy('deadline_due_on')
        .orderBy('reference')
        .execute()
    },

    /** Complaints with an outstanding action due on or before the day: their ids, for the prompts. */
    async withActionsDueBy(day: string): Promise<string[]> {
      const rows = await db
        .selectFrom('complaints')
        .select('id')
        .where('open_actions', '>', 0)
        .where('next_action_due_on', '<=', day)
        .execute()
      return rows.map((r) => r.id)
    },

    /** How many complaints still being considered were received on each day, by stage, for the age profile. */
    async openReceivedDates(entityId?: string) {
      const rows = await db
        .selectFrom('complaints')
        .select(['received_on as receivedOn', 'stage', sql<number>`count(*)`.as('n')])
        .where('state', 'in', awaitingResponseStates)
        .$if(entityId !== undefined, (qb) => qb.where('entity_id', '=', entityId as string))
        .groupBy(['received_on', 'stage'])
        .execute()
      return rows.map((r) => ({ ...r, n: Number(r.n) }))
    },
  }
}
