import type { ColumnType, Generated } from 'kysely'
import type { Instant, Json } from './columnTypes.js'

/**
 * The tables the governance reports, the remedy register and the themes read (migrations 0018,
 * 0034, 0038, 0039), part of the database's types in schema.ts.
 */

/** One figure a complaint adds to a report, dated (migrations 0018, 0034). */
export interface ReportFactsTable {
  complaint_id: string
  on_date: string
  kind: string
  key: string
  tenure: string | null
  counted: boolean
  within: boolean | null
  result: string | null
  with_extension: Generated<boolean>
  recorded_late: Generated<boolean>
  amount: string | number | null
  owed_on: string | null
  why: string | null
  /** The complaint's reference, on the facts the TSM count (received, escalation, response). */
  reference: string | null
  /** The complaint's landlord entity (migration 0058). */
  entity_id: Generated<string>
}

/** Code 7.1–7.3: each remedy offered in a response and where it has got to (migration 0038). */
export interface RemedyRegisterTable {
  complaint_id: string
  stage: number
  position: number
  response_seq: number
  offered_at: Instant
  upheld: boolean
  type: string
  amount: string | number | null
  status: string
  owed: boolean
  done_on: string | null
  offset_against_arrears: string | number | null
}

/** The remedy register's totals, kept a day of offers at a time by triggers (migration 0038). */
export interface RemedyRegisterDaysTable {
  offered_on: string
  upheld_remedied: number
  owed: number
  owed_amount: string | number
  paid_amount: string | number
  offset_amount: string | number
}

/** Code 9.4: the themes for a period, as worked out on a day (migration 0039). */
export interface ThemeSnapshotsTable {
  months: number
  to_date: ColumnType<string, string, string>
  computed_at: Date
  figures: Json<unknown>
}
