import type { Generated } from 'kysely'
import type { Instant } from './columnTypes.js'

/** The Ombudsman's annual submission (migration 0052): the latest for each year. */
export interface OmbudsmanSubmissionsTable {
  year: number
  version: number
  assessment_id: string
  submitted_at: Instant
  updated_at: Instant
}

/** Each submission recorded, with the frozen copy of what was sent; append-only. */
export interface OmbudsmanSubmissionEventsTable {
  id: Generated<number>
  year: number
  seq: number
  type: string
  at: Instant
  actor_id: string | null
  data: unknown
}
