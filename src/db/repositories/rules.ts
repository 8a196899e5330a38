import { type Kysely, sql } from 'kysely'
import type { DB } from '../schema.js'

/**
 * Which version of each rule set is in force, in one statement: the calendar's revision (bumped
 * by every change to holidays or closure days) and the latest policy and triage versions (both
 * append-only). Services keep what they built for a stamp and rebuild only when it moves, so a
 * request learns that nothing changed in one round trip instead of rereading every table.
 */
export type RulesStamp = { calendarRevision: number; policyVersion: number; triageVersion: number }

export function rulesRepository(db: Kysely<DB>) {
  return {
    async stamp(): Promise<RulesStamp> {
      const { rows } = await sql<{ calendar: number; policy: number | null; triage: number | null }>`
        select (select revision from calendar_revision) as calendar,
          (select max(version) from policy_versions) as policy,
          (select max(version) from triage_rule_sets) as triage`.execute(db)
      const row = rows[0]
      return {
        calendarRevision: Number(row?.calendar ?? 0),
        policyVersion: Number(row?.policy ?? 0),
        triageVersion: Number(row?.triage ?? 0),
      }
    },
  }
}
