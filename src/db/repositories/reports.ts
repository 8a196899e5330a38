import { type Kysely, sql } from 'kysely'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import type { Tenure } from '../../domain/complaints/vocabulary.js'
import type { FactCount, FactFilter, FactKind, ReportFact } from '../../domain/reports/factCounts.js'
import type { ReadResult } from '../../domain/reports/timeliness.js'
import type { DB } from '../schema.js'

const factRow = (complaintId: string, f: ReportFact) => ({
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
})

/** A new complaint's facts, as queries for `writeTogether` (none when it has none). */
export function insertFactsQuery(db: Kysely<DB>, complaintId: string, facts: ReportFact[]) {
  return facts.length ? [db.insertInto('report_facts').values(facts.map((f) => factRow(complaintId, f)))] : []
}

/** Many complaints' facts at once (a data upgrade, a bulk load). */
export async function insertFacts(db: Kysely<DB>, rows: { complaintId: string; facts: ReportFact[] }[]) {
  const values = rows.flatMap((r) => r.facts.map((f) => factRow(r.complaintId, f)))
  for (let i = 0; i < values.length; i += 5000)
    await db
      .insertInto('report_facts')
      .values(values.slice(i, i + 5000))
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

/** What the governance reports read: the homes owned each year, and the complaints a year touches. */
export function reportsRepository(db: Kysely<DB>) {
  return {
    async recordHomes(r: { year: number; lcra: number; lcho: number; at: Date; by: string }) {
      await db
        .insertInto('homes_owned')
        .values({ year: r.year, lcra: r.lcra, lcho: r.lcho, recorded_at: r.at, recorded_by: r.by })
        .execute()
    },

    /** The homes owned at the end of a reporting year: the latest figures given for it. */
    async homes(year: number) {
      return db
        .selectFrom('homes_owned')
        .select(['lcra', 'lcho', 'recorded_at as recordedAt'])
        .where('year', '=', year)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
    },

    /** The latest day a complaint was received on, or undefined with none: where the reports open. */
    async lastReceivedOn(): Promise<CalendarDate | undefined> {
      const row = await db
        .selectFrom('report_facts')
        .select('on_date')
        .where('kind', '=', 'received')
        .orderBy('on_date', 'desc')
        .limit(1)
        .executeTakeFirst()
      return row?.on_date as CalendarDate | undefined
    },

    /** Holds a complaint's row until the transaction ends, as an action on it does. */
    async lockComplaint(complaintId: string) {
      await db.selectFrom('complaints').select('id').where('id', '=', complaintId).forUpdate().execute()
    },

    /** Rewrites a complaint's report facts (inside the transaction that changed them). */
    async replaceFacts(complaintId: string, facts: ReportFact[]) {
      await db.deleteFrom('report_facts').where('complaint_id', '=', complaintId).execute()
      if (facts.length)
        await db
          .insertInto('report_facts')
          .values(facts.map((f) => factRow(complaintId, f)))
          .execute()
    },

    /**
     * The facts dated in a period, grouped by kind, key, tenure and result: what every report
     * counts. A deadline still open reads, on `today`, as overdue once its day has passed and as
     * not yet due before (see `resultOn`, the in-memory twin).
     */
    async factCounts(
      from: CalendarDate,
      to: CalendarDate,
      today: CalendarDate,
      kinds?: FactKind[],
    ): Promise<FactCount[]> {
      const result = resultReadOn(today)
      let q = db
        .selectFrom('report_facts')
        .select(({ fn }) => [
          'kind',
          'key',
          'tenure',
          'counted',
          'within',
          result.as('result'),
          'with_extension',
          'recorded_late',
          fn.countAll<number>().as('count'),
          fn.sum<string | null>('amount').as('amount'),
        ])
        .where('on_date', '>=', from)
        .where('on_date', '<=', to)
      if (kinds) q = q.where('kind', 'in', kinds)
      const rows = await q
        .groupBy(['kind', 'key', 'tenure', 'counted', 'within', sql`6`, 'with_extension', 'recorded_late'])
        .execute()
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

    /** How many complaints count towards a TSM measure in the period with no tenure recorded. */
    async countedWithoutTenure(from: CalendarDate, to: CalendarDate): Promise<number> {
      const row = await db
        .selectFrom('report_facts')
        .select(({ fn }) => fn.count<number>('complaint_id').distinct().as('n'))
        .where('on_date', '>=', from)
        .where('on_date', '<=', to)
        .where('kind', 'in', ['received', 'escalation', 'response'])
        .where('counted', '=', true)
        .where('tenure', 'is', null)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },

    /**
     * The complaints behind a figure: those with a fact of a kind in the period, optionally of a
     * tenure, a key prefix and a result; oldest fact first, a page at a time, with the total.
     */
    async complaintsBehind(
      q: FactFilter & {
        from: CalendarDate
        to: CalendarDate
        /** The day a deadline's result is read on (an open one past its day is overdue). */
        today: CalendarDate
        kinds?: FactKind[]
        limit: number
        offset: number
      },
    ) {
      let base = db
        .selectFrom('report_facts')
        .where('report_facts.on_date', '>=', q.from)
        .where('report_facts.on_date', '<=', q.to)
        .where('report_facts.kind', 'in', q.kinds ?? [q.kind])
      if (q.tenure === 'none') base = base.where('report_facts.tenure', 'is', null)
      else if (q.tenure) base = base.where('report_facts.tenure', '=', q.tenure)
      if (q.key !== undefined) base = base.where('report_facts.key', '=', q.key)
      if (q.keyPrefix)
        base = base.where('report_facts.key', 'like', `${q.keyPrefix.replace(/[\\%_]/g, '\\$&')}%`)
      if (q.within !== undefined) base = base.where('report_facts.within', '=', q.within)
      if (q.result) base = base.where(resultReadOn(q.today), '=', q.result)
      const [rows, total] = await Promise.all([
        base
          .innerJoin('complaints as c', 'c.id', 'report_facts.complaint_id')
          .select(['report_facts.complaint_id', 'c.reference', 'c.state', 'c.received_on as receivedOn'])
          .select(({ fn }) => fn.min('report_facts.on_date').as('on'))
          .groupBy(['report_facts.complaint_id', 'c.reference', 'c.state', 'c.received_on'])
          .orderBy('on')
          .orderBy('c.reference')
          .limit(q.limit)
          .offset(q.offset)
          .execute(),
        base
          .select(({ fn }) => fn.count<number>('report_facts.complaint_id').distinct().as('n'))
          .executeTakeFirstOrThrow(),
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
        total: Number(total.n),
      }
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
