import type { Generated } from 'kysely'
import type { Instant, Json } from './columnTypes.js'

/** Who viewed or downloaded what: kept for good (migration 0029). */
export interface AccessLogTable {
  id: Generated<number>
  at: Instant
  staff_id: string
  action: 'viewed' | 'downloaded'
  kind: string
  what: string
  complaint_id: string | null
  person_id: string | null
  via: 'web' | 'api'
  context: string | null
}

/** An attempt to sign in through the OpenID Connect provider (migration 0030). */
export interface SignInAttemptsTable {
  state_hash: string
  code_verifier: string
  nonce: string
  next_path: string
  created_at: Instant
  used_at: Instant | null
}

/** A legal hold: the complaint is kept whatever its age until released (migration 0031). */
export interface RetentionHoldsTable {
  id: string
  complaint_id: string
  reason: string
  placed_at: Instant
  placed_by: string
  released_at: Instant | null
  released_by: string | null
  release_reason: string | null
}

/** One complaint anonymised under the retention policy, kept for good (migration 0031). */
export interface RetentionAnonymisationsTable {
  id: Generated<number>
  complaint_id: string
  reference: string
  person_id: string | null
  person_anonymised: boolean
  anonymised_at: Instant
  last_activity_on: string
  retention_years: number
  by_user_id: string | null
  removed: Json<Record<string, number>>
}

/** One service request anonymised under the retention policy, kept for good (migration 0032). */
export interface RetentionRequestAnonymisationsTable {
  id: Generated<number>
  request_id: string
  reference: string
  anonymised_at: Instant
  last_activity_on: string
  retention_years: number
  by_user_id: string | null
  events: number
}
