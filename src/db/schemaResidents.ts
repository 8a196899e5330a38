import type { ColumnType, Generated } from 'kysely'
import type { Instant } from './columnTypes.js'

/**
 * The tables of residents' records, triage rules and service requests (migrations 0026–0028),
 * part of the database's types in schema.ts.
 */

/** Code 1.4–1.6: service requests (migration 0028). */
export interface ServiceRequestsTable {
  id: string
  reference: string
  external_reference: string | null
  kind: string
  summary: string
  status: string
  resident_name: string
  opened_on: string
  comments_to_offer: number
  complaints: number
  version: number
  updated_at: Instant
  /** When retention anonymised it (migration 0032). */
  anonymised_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface ServiceRequestEventsTable {
  id: Generated<number>
  request_id: string
  seq: number
  type: string
  at: Instant
  actor_id: string | null
  data: unknown
}

/** Resident records (migration 0027): the row lists and matching read; the events are the record. */
export interface PeopleTable {
  id: string
  reference: string
  name: string
  email: string | null
  phone: string | null
  postcode: string | null
  address: string | null
  tenancy_reference: string | null
  search_text: string
  has_vulnerability: boolean
  has_adjustments: boolean
  next_review_on: string | null
  restricted_until: string | null
  restriction_review_on: string | null
  merged_into_id: string | null
  version: number
  updated_at: Instant
  /** When it was anonymised under the retention policy (migration 0031). */
  anonymised_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface PersonEventsTable {
  id: Generated<number>
  person_id: string
  seq: number
  type: string
  at: Instant
  actor_id: string | null
  data: unknown
}

/** Each version of the landlord's triage rules, kept (migration 0026). */
export interface TriageRuleSetsTable {
  version: number
  rules: unknown
  changed_by: string | null
  changed_at: Instant
}
