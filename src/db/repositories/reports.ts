import { type Kysely, sql } from 'kysely'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import type { DB } from '../schema.js'

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

    /**
     * Complaints received in the period, or with an escalation or a response in it (a day either
     * side, as instants; the London date decides): every complaint the year's measures can touch.
     */
    async touchedBetween(from: CalendarDate, to: CalendarDate): Promise<string[]> {
      const rows = await sql<{ id: string }>`
        select id from complaints where received_on between ${from} and ${to}
        union
        select complaint_id as id from complaint_events
        where type in ('complaint.escalation_requested', 'complaint.responded')
          and at >= (${from}::date - 1) and at < (${to}::date + 2)
      `.execute(db)
      return rows.rows.map((r) => r.id)
    },

    /** Complaints received in the period, or with anything recorded on them in it (a day either side). */
    async activeBetween(from: CalendarDate, to: CalendarDate): Promise<string[]> {
      const rows = await sql<{ id: string }>`
        select id from complaints where received_on between ${from} and ${to}
        union
        select distinct complaint_id as id from complaint_events
        where at >= (${from}::date - 1) and at < (${to}::date + 2)
      `.execute(db)
      return rows.rows.map((r) => r.id)
    },
  }
}
