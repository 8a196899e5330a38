import { type Kysely, type Selectable, sql } from 'kysely'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import type { Tenure } from '../../domain/complaints/vocabulary.js'
import {
  type FactCount,
  type FactFilter,
  type FactKind,
  onePerComplaint,
  type ReportFact,
} from '../../domain/reports/factCounts.js'
import { groupHomes, type HomesOwned } from '../../domain/reports/homesOwned.js'
import type { ReadResult } from '../../domain/reports/timeliness.js'
import { type TsmItem, tsmItemOf } from '../../domain/reports/tsm.js'
import { likeLiteral } from '../like.js'
import type { DB } from '../schema.js'
import type { ReportFactsTable } from '../schemaReports.js'

const factRow = (complaintId: string, f: ReportFact, reference?: string, entityId?: string) => ({
  complaint_id: complaintId,
  on_date: f.on,
  kind: f.kind,
  key: f.key,
  tenure: f.tenure,
  counted: f.counted,
  within: f.within,
  result: f.result,
  with_extension: f.withExtension,
  recorded_late: f.recordedLate,
  amount: f.amount,
  owed_on: f.owedOn,
  why: f.why,
  // The TSM's facts keep their complaint's reference, to be listed in its order (migration 0042).
  // (Given for a complaint not yet written; otherwise read from its row.)
  reference: tsmKinds.has(f.kind)
    ? (reference ?? sql<string>`(select reference from complaints where id = ${complaintId})`)
    : null,
  // The complaint's landlord entity (migration 0058): a new complaint's as its events say (none
  // said: the column's default, as the complaint's own); otherwise read from its row.
  ...(reference === undefined
    ? { entity_id: sql<string>`(select entity_id from complaints where id = ${complaintId})` }
    : entityId
      ? { entity_id: entityId }
      : {}),
})

const tsmKinds = new Set<FactKind>(['received', 'escalation', 'response'])

/** A new complaint's facts, as queries for `writeTogether` (none when it has none). */
export function insertFactsQuery(
  db: Kysely<DB>,
  complaint: { id: string; reference: string; entityId?: string },
  facts: ReportFact[],
) {
  return facts.length
    ? [
        db
          .insertInto('report_facts')
          .values(facts.map((f) => factRow(complaint.id, f, complaint.reference, complaint.entityId))),
      ]
    : []
}

/** Many complaints' facts at once (a data upgrade, a bulk load). */
export async function insertFacts(
  db: Kysely<DB>,
  rows: { complaintId: string; reference?: string; entityId?: string; facts: ReportFact[] }[],
) {
  const values = rows.flatMap((r) => r.facts.map((f) => factRow(r.complaintId, f, r.reference, r.entityId)))
  // 4,000 rows of 13 columns a statement, within PostgreSQL's 65,535 parameters.
  for (let i = 0; i < values.length; i += 4000)
    await db
      .insertInto('report_facts')
      .values(values.slice(i, i + 4000))
      .execute()
}

/**
 * A fact's result as read on `today`: the SQL twin of `resultOn` (domain/reports/timeliness.ts),
 * so both the counts and the complaints behind them read an open deadline the same way.
 */
const resultReadOn = (today: CalendarDate) =>
  sql<
    string | null
  >`case when result = 'open' then case when on_date < ${today}::date then 'overdue' else 'not_due' end else result end`

/** What a day's count of facts is kept by (migration 0037): every column a report groups on. */
const grouping = sql.raw(
  'on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id',
)
const countColumns = sql.raw(
  'on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id, n, amount',
)
/** One landlord entity's facts (migration 0058), or, with none given, the group's: every entity's. */
const ofEntity = (entityId: string | undefined) => (entityId ? sql`and entity_id = ${entityId}` : sql``)

/**
 * How many changes may wait before a report folds them into the day counts: read beside the days
 * they cost little, and folding them is a write a report should seldom make.
 */
const CHANGES_WAITING = 5000
/** The lock only the fold takes, so two instances never fold the same changes at once. */
const FOLD_LOCK = 7_301_124_037

/**
 * Folds the changes the facts' triggers appended (migration 0037) into the day counts, in one
 * statement, so a report reading both sees them either here or there, never twice. Rows are
 * merged in key order and only under the lock, so two folds never wait on each other; a day's
 * group that comes to nothing goes. Returns the changes folded (none when another fold runs).
 */
async function fold(db: Kysely<DB>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      locked: boolean
    }>`select pg_try_advisory_xact_lock(${FOLD_LOCK}) as locked`.execute(trx)
    if (!rows[0]?.locked) return 0
    const folded = await sql<{ n: string }>`
      with moved as (delete from report_fact_changes returning ${countColumns}),
      merged as (
        insert into report_fact_days (${countColumns})
        select ${grouping}, sum(n), sum(amount) from moved group by ${grouping} order by ${grouping}
        on conflict (${grouping}) do update
          set n = report_fact_days.n + excluded.n, amount = report_fact_days.amount + excluded.amount
      )
      select count(*) as n from moved
    `.execute(trx)
    await sql`delete from report_fact_days where n = 0`.execute(trx)
    return Number(folded.rows[0]?.n ?? 0)
  })
}

/** The complaints behind a figure, as the repository and its plans test ask for them. */
export type BehindQuery = FactFilter & {
  from: CalendarDate
  to: CalendarDate
  /** The day a deadline's result is read on (an open one past its day is overdue). */
  today: CalendarDate
  limit: number
  offset: number
  /** One landlord entity's complaints (migration 0058); none given: the group's. */
  entityId?: string
}

/**
 * The report queries as statements, built once here for the repository to run and for their
 * plans to be read under test (reportPlans.db.test.ts): each reads its index, never every fact.
 */
export function reportStatements(db: Kysely<DB>) {
  return {
    /** The latest day a complaint was received on: the kind's index read backwards, one row. */
    lastReceivedOn: () =>
      db
        .selectFrom('report_facts')
        .select('on_date')
        .where('kind', '=', 'received')
        .orderBy('on_date', 'desc')
        .limit(1),

    /**
     * The facts dated in a period, grouped by kind, key, tenure and result, from the counts kept a
     * day at a time (migration 0037) and the changes not yet folded into them.
     */
    factCounts: (
      from: CalendarDate,
      to: CalendarDate,
      today: CalendarDate,
      kinds?: FactKind[],
      entityId?: string,
    ) => {
      const ofKinds = sql`${kinds ? sql`and kind in (${sql.join(kinds)})` : sql``} ${ofEntity(entityId)}`
      return sql<
        Pick<
          Selectable<ReportFactsTable>,
          'kind' | 'key' | 'tenure' | 'counted' | 'within' | 'result' | 'with_extension' | 'recorded_late'
        > & { count: string | number; amount: string | number }
      >`
        select kind, key, tenure, counted, within, ${resultReadOn(today)} as result, with_extension,
          recorded_late, sum(n) as count, sum(amount) as amount
        from (
          select ${countColumns} from report_fact_days
          where on_date between ${from}::date and ${to}::date ${ofKinds}
          union all
          select ${countColumns} from report_fact_changes
          where on_date between ${from}::date and ${to}::date ${ofKinds}
        ) f
        group by kind, key, tenure, counted, within, 6, with_extension, recorded_late
        having sum(n) > 0
      `
    },

    /** How many facts of the kinds each day of a period holds, from the day counts: days with none left out. */
    factsPerDay: (from: CalendarDate, to: CalendarDate, kinds: FactKind[], entityId?: string) =>
      sql<{ on: string; n: string | number }>`
        select on_date as on, sum(n) as n
        from (
          select on_date, n from report_fact_days
          where on_date between ${from}::date and ${to}::date and kind in (${sql.join(kinds)}) ${ofEntity(entityId)}
          union all
          select on_date, n from report_fact_changes
          where on_date between ${from}::date and ${to}::date and kind in (${sql.join(kinds)}) ${ofEntity(entityId)}
        ) f
        group by on_date
        having sum(n) > 0
        order by on_date
      `,

    /** The complaints counted towards a TSM measure in the period with no tenure recorded. */
    countedWithoutTenure: (from: CalendarDate, to: CalendarDate, entityId?: string) => {
      const q = db
        .selectFrom('report_facts')
        .select(({ fn }) => fn.count<number>('complaint_id').distinct().as('n'))
        .where('kind', 'in', ['received', 'escalation', 'response'])
        .where('tenure', 'is', null)
        .where('on_date', '>=', from)
        .where('on_date', '<=', to)
        .where('counted', '=', true)
      return entityId ? q.where('entity_id', '=', entityId) : q
    },

    /**
     * The complaints behind a figure: a page of them, oldest fact first, and how many there are.
     * A figure each complaint adds to at most once (`onePerComplaint`) lists its facts as they
     * come from the kind's index in date order, a page at a time, with nothing grouped or sorted
     * beyond the page, and takes how many from the day counts; any other groups each complaint's
     * facts first.
     */
    complaintsBehind: (q: BehindQuery) => {
      const likeKey = q.keyPrefix ? `${likeLiteral(q.keyPrefix)}%` : undefined
      let base = db
        .selectFrom('report_facts as f')
        .where('f.kind', '=', q.kind)
        .where('f.on_date', '>=', q.from)
        .where('f.on_date', '<=', q.to)
      if (q.entityId) base = base.where('f.entity_id', '=', q.entityId)
      if (q.tenure === 'none') base = base.where('f.tenure', 'is', null)
      else if (q.tenure) base = base.where('f.tenure', '=', q.tenure)
      if (q.key !== undefined) base = base.where('f.key', '=', q.key)
      if (likeKey) base = base.where('f.key', 'like', likeKey)
      if (q.within !== undefined) base = base.where('f.within', '=', q.within)
      if (q.result) base = base.where(resultReadOn(q.today), '=', q.result)
      const withComplaint = base
        .innerJoin('complaints as c', 'c.id', 'f.complaint_id')
        .select(['f.complaint_id', 'c.reference', 'c.state', 'c.received_on as receivedOn'])
      if (!onePerComplaint(q))
        return {
          page: withComplaint
            .select(({ fn }) => fn.min('f.on_date').as('on'))
            .groupBy(['f.complaint_id', 'c.reference', 'c.state', 'c.received_on'])
            .orderBy('on')
            .orderBy('c.reference')
            .limit(q.limit)
            .offset(q.offset),
          total: base.select(({ fn }) => fn.count<number>('f.complaint_id').distinct().as('n')),
        }
      // One fact a complaint: as many complaints as facts, which the day counts already hold.
      const counted = sql.join(
        [
          sql`on_date between ${q.from}::date and ${q.to}::date`,
          sql`kind = ${q.kind}`,
          ...(q.entityId ? [sql`entity_id = ${q.entityId}`] : []),
          ...(q.tenure === 'none' ? [sql`tenure is null`] : q.tenure ? [sql`tenure = ${q.tenure}`] : []),
          ...(q.key !== undefined ? [sql`key = ${q.key}`] : []),
          ...(likeKey ? [sql`key like ${likeKey}`] : []),
          ...(q.within !== undefined ? [sql`within = ${q.within}`] : []),
          ...(q.result ? [sql`${resultReadOn(q.today)} = ${q.result}`] : []),
        ],
        sql` and `,
      )
      return {
        page: withComplaint
          .select('f.on_date as on')
          .orderBy('f.on_date')
          .orderBy('c.reference')
          .limit(q.limit)
          .offset(q.offset),
        total: sql<{ n: string | number }>`
          select coalesce(sum(n), 0) as n from (
            select n from report_fact_days where ${counted}
            union all
            select n from report_fact_changes where ${counted}
          ) f`,
      }
    },

    /**
     * The facts behind the TSM's figures dated from `from` to `to`, each with its complaint's
     * reference, in the order the workbook lists them: by date, then reference, a complaint's
     * receipt before its escalation before its responses. Every receipt (one refused before
     * acknowledgement is listed to show why it is left out), and the escalations and responses
     * that count; or those of one measure (`only`), counted or not, for the complaints given.
     */
    tsmItems: (
      from: CalendarDate,
      to: CalendarDate,
      only?: {
        kind: FactKind
        keyPrefix?: string
        tenure?: 'lcra' | 'lcho'
        within?: boolean
        complaintIds: readonly string[]
      },
      entityId?: string,
    ) => {
      let q = db
        .selectFrom('report_facts as f')
        .select([
          'f.complaint_id as complaintId',
          'f.reference',
          'f.tenure',
          'f.kind',
          'f.key',
          'f.on_date as on',
          'f.counted',
          'f.within',
          'f.owed_on as owedOn',
          'f.why',
        ])
        .where('f.kind', 'in', ['received', 'escalation', 'response'])
        .where('f.on_date', '>=', from)
        .where('f.on_date', '<=', to)
      if (entityId) q = q.where('f.entity_id', '=', entityId)
      if (only) {
        q = q.where('f.kind', '=', only.kind).where('f.complaint_id', 'in', only.complaintIds)
        if (only.keyPrefix) q = q.where('f.key', 'like', `${likeLiteral(only.keyPrefix)}%`)
        if (only.tenure) q = q.where('f.tenure', '=', only.tenure)
        if (only.within !== undefined) q = q.where('f.within', '=', only.within)
      } else q = q.where((eb) => eb.or([eb('f.kind', '=', 'received'), eb('f.counted', '=', true)]))
      return q
        .orderBy('f.on_date')
        .orderBy('f.reference')
        .orderBy(sql`case f.kind when 'received' then 0 when 'escalation' then 1 else 2 end`)
        .orderBy('f.key')
    },
  }
}

/** What the governance reports read: the homes owned each year, and the complaints a year touches. */
export function reportsRepository(db: Kysely<DB>) {
  const statements = reportStatements(db)

  /** Folds the waiting changes once there are more than a report should read beside the days. */
  const foldWhenDue = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from (select 1 from report_fact_changes limit ${CHANGES_WAITING + 1}) c
    `.execute(db)
    if (Number(rows[0]?.n ?? 0) > CHANGES_WAITING) await fold(db)
  }

  /** The homes each landlord entity owned at the end of a reporting year: the latest figures given for it. */
  async function homesByEntity(year: number) {
    const rows = await db
      .selectFrom('homes_owned')
      .select(['entity_id as entityId', 'lcra', 'lcho', 'recorded_at as recordedAt'])
      .distinctOn('entity_id')
      .where('year', '=', year)
      .orderBy('entity_id')
      .orderBy('id', 'desc')
      .execute()
    return new Map(rows.map((r) => [r.entityId, { lcra: r.lcra, lcho: r.lcho, recordedAt: r.recordedAt }]))
  }

  /** The ids of every landlord entity, for the group's homes. */
  async function entityIds(): Promise<string[]> {
    return (await db.selectFrom('landlord_entities').select('id').execute()).map((r) => r.id)
  }

  /** Rewrites many complaints' report facts at once (a data upgrade, holding their rows). */
  async function replaceFactsOf(rows: { complaintId: string; facts: ReportFact[] }[]) {
    if (!rows.length) return
    await db
      .deleteFrom('report_facts')
      .where(
        'complaint_id',
        'in',
        rows.map((r) => r.complaintId),
      )
      .execute()
    await insertFacts(db, rows)
  }

  return {
    /** The homes a landlord entity owned at a year's end (migration 0058: the default's when none is given). */
    async recordHomes(r: {
      year: number
      lcra: number
      lcho: number
      at: Date
      by: string
      entityId?: string
    }) {
      await db
        .insertInto('homes_owned')
        .values({
          year: r.year,
          lcra: r.lcra,
          lcho: r.lcho,
          recorded_at: r.at,
          recorded_by: r.by,
          ...(r.entityId ? { entity_id: r.entityId } : {}),
        })
        .execute()
    },

    homesByEntity,

    /**
     * The homes owned at the end of a reporting year: one landlord entity's latest figures, or,
     * with none given, the group's (`groupHomes`: every entity's added up, once all are recorded).
     */
    async homes(year: number, entityId?: string): Promise<HomesOwned | undefined> {
      const [recorded, ids] = await Promise.all([homesByEntity(year), entityIds()])
      const pick = (h: HomesOwned & { recordedAt: Date }) => ({ lcra: h.lcra, lcho: h.lcho })
      const mine = new Map([...recorded].map(([id, h]) => [id, pick(h)]))
      return entityId ? mine.get(entityId) : groupHomes(ids, mine)
    },

    entityIds,

    /** The latest day a complaint was received on, or undefined with none: where the reports open. */
    async lastReceivedOn(): Promise<CalendarDate | undefined> {
      const row = await statements.lastReceivedOn().executeTakeFirst()
      return row?.on_date as CalendarDate | undefined
    },

    /** Holds a complaint's row until the transaction ends, as an action on it does. */
    async lockComplaint(complaintId: string) {
      await db.selectFrom('complaints').select('id').where('id', '=', complaintId).forUpdate().execute()
    },

    /**
     * Holds the next `n` complaints after `afterId` (in id order) as `lockComplaint` holds one,
     * and gives their ids: a data upgrade works through every complaint a batch at a time.
     */
    async lockComplaintsAfter(afterId: string | null, n: number): Promise<string[]> {
      let q = db.selectFrom('complaints').select('id').orderBy('id').limit(n).forUpdate()
      if (afterId) q = q.where('id', '>', afterId)
      return (await q.execute()).map((r) => r.id)
    },

    replaceFactsOf,

    /** Rewrites a complaint's report facts (inside the transaction that changed them). */
    async replaceFacts(complaintId: string, facts: ReportFact[]) {
      await replaceFactsOf([{ complaintId, facts }])
    },

    /**
     * The facts dated in a period, grouped by kind, key, tenure and result: what every report
     * counts. A deadline still open reads, on `today`, as overdue once its day has passed and as
     * not yet due before (see `resultOn`, the in-memory twin). Read from the counts kept a day at
     * a time (migration 0037) rather than the facts themselves: a year is tens of thousands of
     * rows instead of a million and a half, and the figures are the same, exactly.
     */
    async factCounts(
      from: CalendarDate,
      to: CalendarDate,
      today: CalendarDate,
      kinds?: FactKind[],
      entityId?: string,
    ): Promise<FactCount[]> {
      if (!db.isTransaction) await foldWhenDue()
      const { rows } = await statements.factCounts(from, to, today, kinds, entityId).execute(db)
      return rows.map((r) => ({
        kind: r.kind as FactKind,
        key: r.key,
        tenure: r.tenure as Tenure | null,
        counted: r.counted,
        within: r.within,
        result: r.result as ReadResult | null,
        withExtension: r.with_extension,
        recordedLate: r.recorded_late,
        count: Number(r.count),
        amount: Number(r.amount ?? 0),
      }))
    },

    /** How many facts of the kinds each day of a period holds (days with none left out), oldest first. */
    async factsPerDay(from: CalendarDate, to: CalendarDate, kinds: FactKind[], entityId?: string) {
      const { rows } = await statements.factsPerDay(from, to, kinds, entityId).execute(db)
      return rows.map((r) => ({ on: r.on as CalendarDate, n: Number(r.n) }))
    },

    /** Folds every change waiting into the day counts (at start-up, after facts written in bulk). */
    foldFactCounts: () => fold(db),

    /**
     * Counts the day counts afresh from the facts, as migration 0037 first did, holding the facts
     * still meanwhile: after a data upgrade has rewritten every fact, where folding its millions of
     * changes in would leave the counts' tables a dead row for each one they held.
     */
    async recountFactCounts() {
      await db.transaction().execute(async (trx) => {
        await sql`lock table report_facts in share mode`.execute(trx)
        await sql`truncate report_fact_days, report_fact_changes`.execute(trx)
        await sql`
          insert into report_fact_days (${countColumns})
          select ${grouping}, count(*), coalesce(sum(amount), 0)
          from report_facts
          group by ${grouping}
        `.execute(trx)
      })
    },

    /** How many complaints count towards a TSM measure in the period with no tenure recorded. */
    async countedWithoutTenure(from: CalendarDate, to: CalendarDate, entityId?: string): Promise<number> {
      const row = await statements.countedWithoutTenure(from, to, entityId).executeTakeFirstOrThrow()
      return Number(row.n)
    },

    /**
     * The complaints behind a figure: those with a fact of its kind in the period, optionally of
     * a tenure, a key (or the start of one) and a result; oldest fact first, a page at a time,
     * with the total.
     */
    async complaintsBehind(q: BehindQuery) {
      const { page, total } = statements.complaintsBehind(q)
      const [rows, counted] = await Promise.all([
        page.execute(),
        db.executeQuery<{ n: string | number }>(total.compile(db)).then((r) => r.rows[0] ?? { n: 0 }),
      ])
      return {
        ids: rows.map((r) => r.complaint_id),
        rows: rows.map((r) => ({
          id: r.complaint_id,
          reference: r.reference,
          state: r.state,
          receivedOn: r.receivedOn,
          on: r.on as string,
        })),
        total: Number(counted.n),
      }
    },

    /**
     * The complaints behind the TSM's figures dated from `from` to `to`, as the workbook lists
     * them, or those of one measure for a page of complaints (see `reportStatements`).
     */
    async tsmItems(
      from: CalendarDate,
      to: CalendarDate,
      only?: Parameters<ReturnType<typeof reportStatements>['tsmItems']>[2],
      entityId?: string,
    ): Promise<TsmItem[]> {
      if (only && !only.complaintIds.length) return []
      const rows = await statements.tsmItems(from, to, only, entityId).execute()
      return rows.map((r) =>
        tsmItemOf({
          ...r,
          reference: r.reference ?? '',
          tenure: r.tenure as Tenure | null,
          kind: r.kind as FactKind,
          on: r.on as CalendarDate,
          owedOn: r.owedOn as CalendarDate | null,
        }),
      )
    },

    /** Satisfaction survey answers given in the period (London dates), by point of the scale. */
    async satisfaction(from: CalendarDate, to: CalendarDate) {
      const rows = await sql<{ satisfaction: string; count: string }>`
        select satisfaction, count(*) as count from satisfaction_responses
        where answered_at >= (${from}::date - 1) and answered_at < (${to}::date + 2)
          and (answered_at at time zone 'Europe/London')::date between ${from}::date and ${to}::date
        group by satisfaction
      `.execute(db)
      return rows.rows.map((r) => ({ satisfaction: r.satisfaction, count: Number(r.count) }))
    },
  }
}
