import type { Generated } from 'kysely'
import type { Instant } from './schema.js'

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
