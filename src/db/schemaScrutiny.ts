import type { Generated } from 'kysely'
import type { Instant, Json } from './columnTypes.js'

/** Code 9.3: the residents' panel's comments and challenges, each a history of events (migration 0053). */
export interface PanelCommentsTable {
  id: string
  subject_kind: string
  subject_key: string
  reporting_year: number
  kind: string
  status: string
  made_at: Instant
  made_by: string
  answered_at: Instant | null
  version: number
  updated_at: Instant
}

export interface PanelCommentEventsTable {
  id: Generated<number>
  comment_id: string
  seq: number
  type: string
  at: Instant
  actor_id: string | null
  data: Json<Record<string, unknown>>
}
