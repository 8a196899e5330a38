import { type Kysely, sql } from 'kysely'
import type { DB } from '../schema.js'

/** The repeat complainants and postcodes shown: the most complaints first; the page says how many more. */
const repeatsShown = 50

/** A page of the queue; `entityId`: only that entity's complaints (roles limited to an entity). */
type LearningPage = { limit: number; after?: { since: Date; reference: string }; entityId?: string }

/** One page of the learning queue, from its index (migration 0036); listPlans.db.test.ts explains it. */
export const learningQueueStatement = (db: Kysely<DB>, page: LearningPage) =>
  db
    .selectFrom('complaints')
    .select([
      'id',
      'reference',
      'resident_name as residentName',
      'learning_due_stages as stages',
      'learning_due_since as since',
    ])
    .where('learning_due_since', 'is not', null)
    .$if(page.entityId !== undefined, (q) => q.where('entity_id', '=', page.entityId ?? ''))
    .$if(page.after !== undefined, (q) =>
      q.where((eb) =>
        eb(
          eb.refTuple('learning_due_since', 'reference'),
          '>',
          eb.tuple(page.after?.since as Date, page.after?.reference as string),
        ),
      ),
    )
    .orderBy('learning_due_since')
    .orderBy('reference')
    .limit(page.limit)

/** What the landlord has (and has not yet) learned from its complaints (Code 9.1–9.4). */
export function learningRepository(db: Kysely<DB>) {
  return {
    /** Complaints received in the period, by category and by month (a complaint in two categories counts in each). */
    async byCategory(from: string, to: string) {
      const rows = await sql<{ label: string; count: string }>`
        select coalesce(cc.label, x.code) as label, count(*) as count
        from (select unnest(categories) as code from complaints where received_on between ${from}::date and ${to}::date) x
        left join complaint_categories cc on cc.code = x.code
        group by 1 order by 2 desc, 1
      `.execute(db)
      return rows.rows.map((r) => ({ label: r.label, value: Number(r.count) }))
    },

    async receivedByMonth(from: string, to: string) {
      const rows = await sql<{ month: string; count: string }>`
        select to_char(received_on, 'YYYY-MM') as month, count(*) as count
        from complaints where received_on between ${from}::date and ${to}::date
        group by 1 order by 1
      `.execute(db)
      return rows.rows.map((r) => ({ month: r.month, value: Number(r.count) }))
    },

    /** Root causes and service areas from the learning recorded in the period. */
    async byRootCause(from: string, to: string) {
      const rows = await sql<{ label: string; count: string }>`
        select coalesce(rc.label, x.code) as label, count(*) as count
        from (
          select jsonb_array_elements_text(data->'rootCauses') as code from complaint_events
          where type = 'complaint.learning_recorded'
            and at >= (${from}::date - 1) and at < (${to}::date + 2)
            and (at at time zone 'Europe/London')::date between ${from}::date and ${to}::date
        ) x
        left join root_causes rc on rc.code = x.code
        group by 1 order by 2 desc, 1
      `.execute(db)
      return rows.rows.map((r) => ({ label: r.label, value: Number(r.count) }))
    },

    async byServiceArea(from: string, to: string) {
      const rows = await sql<{ label: string; count: string }>`
        select coalesce(cc.label, e.data->>'serviceArea') as label, count(*) as count
        from complaint_events e
        left join complaint_categories cc on cc.code = e.data->>'serviceArea'
        where e.type = 'complaint.learning_recorded' and (e.at at time zone 'Europe/London')::date between ${from}::date and ${to}::date
        group by 1 order by 2 desc, 1
      `.execute(db)
      return rows.rows.map((r) => ({ label: r.label, value: Number(r.count) }))
    },

    /** Residents (by name and postcode) with more than one complaint received in the period. */
    async repeatComplainants(from: string, to: string) {
      const rows = await sql<{ name: string; postcode: string | null; count: string; total: string }>`
        select min(resident_name) as name, resident_postcode as postcode, count(*) as count,
          count(*) over () as total
        from complaints where received_on between ${from}::date and ${to}::date
        group by lower(resident_name), resident_postcode having count(*) > 1
        order by 3 desc, 1 limit ${repeatsShown}
      `.execute(db)
      return {
        total: Number(rows.rows[0]?.total ?? 0),
        rows: rows.rows.map((r) => ({ name: r.name, postcode: r.postcode, count: Number(r.count) })),
      }
    },

    /** Postcodes with complaints from more than one resident in the period. */
    async repeatPostcodes(from: string, to: string) {
      const rows = await sql<{ postcode: string; residents: string; count: string; total: string }>`
        select resident_postcode as postcode, count(distinct lower(resident_name)) as residents, count(*) as count,
          count(*) over () as total
        from complaints where received_on between ${from}::date and ${to}::date and resident_postcode is not null
        group by resident_postcode having count(distinct lower(resident_name)) > 1
        order by 3 desc, 1 limit ${repeatsShown}
      `.execute(db)
      return {
        total: Number(rows.rows[0]?.total ?? 0),
        rows: rows.rows.map((r) => ({
          postcode: r.postcode,
          residents: Number(r.residents),
          count: Number(r.count),
        })),
      }
    },

    /**
     * Stages upheld or partly upheld with no learning recorded for them yet (Code 9.1), oldest
     * response first: one page of the "learning to record" queue, read from the projection's
     * index (migration 0036), after the complaint `after` when paging on.
     */
    async toRecord(page: LearningPage) {
      const rows = await learningQueueStatement(db, page).execute()
      return rows.map((r) => ({ ...r, stages: r.stages ?? [], since: r.since as Date }))
    },

    /** How many stages and complaints owe learning, counted no further than `cap` complaints. */
    async countToRecord(cap: number, entityId?: string) {
      const row = await sql<{ complaints: string; stages: string | null }>`
        select count(*) as complaints, sum(cardinality(learning_due_stages)) as stages
        from (
          select learning_due_stages from complaints
          where learning_due_since is not null ${entityId ? sql`and entity_id = ${entityId}` : sql``}
          order by learning_due_since limit ${cap + 1}
        ) owed
      `.execute(db)
      const complaints = Number(row.rows[0]?.complaints ?? 0)
      return {
        complaints: Math.min(complaints, cap),
        stages: Number(row.rows[0]?.stages ?? 0),
        more: complaints > cap,
      }
    },

    /** The themes for a period as worked out on the day `to`, if they have been. */
    async snapshot(months: number, to: string) {
      return db
        .selectFrom('theme_snapshots')
        .select(['computed_at as computedAt', 'figures'])
        .where('months', '=', months)
        .where('to_date', '=', to)
        .executeTakeFirst()
    },

    async keepSnapshot(months: number, to: string, computedAt: Date, figures: unknown) {
      const row = { months, to_date: to, computed_at: computedAt, figures: JSON.stringify(figures) }
      await db
        .insertInto('theme_snapshots')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['months', 'to_date']).doUpdateSet({ computed_at: computedAt, figures: row.figures }),
        )
        .execute()
      // Only today's are read: the rest go.
      await db.deleteFrom('theme_snapshots').where('to_date', '<', to).execute()
    },
  }
}
