import { type Kysely, sql } from 'kysely'
import type { DB } from '../schema.js'

/**
 * Which version of each rule set is in force, in one statement: the calendar's revision (bumped
 * by every change to holidays or closure days) and the latest policy and triage versions (both
 * append-only). Services keep what they built for a stamp and rebuild only when it moves, so a
 * request learns that nothing changed in one round trip instead of rereading every table.
 */
export type RulesStamp = { calendarRevision: number; policyVersion: number; triageVersion: number }

/** The stamp as select-list columns, for a statement that reads other things too (`stampOf` reads them). */
export const stampColumns = sql`(select revision from calendar_revision) as stamp_calendar,
  (select max(version) from policy_versions) as stamp_policy,
  (select max(version) from triage_rule_sets) as stamp_triage`

export type StampColumns = { stamp_calendar: unknown; stamp_policy: unknown; stamp_triage: unknown }

export const stampOf = (row: StampColumns | undefined): RulesStamp => ({
  calendarRevision: Number(row?.stamp_calendar ?? 0),
  policyVersion: Number(row?.stamp_policy ?? 0),
  triageVersion: Number(row?.stamp_triage ?? 0),
})

export function rulesRepository(db: Kysely<DB>) {
  return {
    async stamp(): Promise<RulesStamp> {
      const { rows } = await sql<StampColumns>`select ${stampColumns}`.execute(db)
      return stampOf(rows[0])
    },
  }
}
