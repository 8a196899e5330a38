import type { Instant, Json } from './columnTypes.js'

/** Letter audits (migration 0047): the landlord's checklist, a version a row. */
export interface LetterAuditChecklistsTable {
  version: number
  items: Json<unknown>
  created_at: Instant
  created_by: string | null
}

/** One letter audited: its scores against the checklist version, and the handler's feedback. */
export interface LetterAuditsTable {
  id: string
  letter_id: string
  complaint_id: string
  kind: string
  sent_on: string
  handler_id: string | null
  checklist_version: number
  scores: Json<unknown>
  score: number | null
  summary: string
  audited_at: Instant
  audited_on: string
  audited_by: string
  feedback_seen_at: Instant | null
}
