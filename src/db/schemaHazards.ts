import type { Generated } from 'kysely'
import type { Instant, Json } from './columnTypes.js'

/** Awaab's Law hazards' tables (migration 0025), part of the database's types in schema.ts. */

/** Awaab's Law hazards: each a run of events, with a row for queues (migration 0025). */
export interface HazardsTable {
  id: string
  complaint_id: string
  kind: string
  aware_at: Instant
  next_clock: string | null
  next_due_at: Instant | null
  version: number
  updated_at: Instant
}

export interface HazardEventsTable {
  id: Generated<number>
  hazard_id: string
  seq: number
  type: string
  at: Instant
  actor_id: string | null
  data: Json<Record<string, unknown>>
}

/** Each duty's clock on a hazard, as last worked out from its events and the calendar. */
export interface HazardClocksTable {
  hazard_id: string
  complaint_id: string
  kind: string
  /** Which assessment of the hazard the clock belongs to: 0 first, 1 after its first change of kind… */
  period: Generated<number>
  clock: string
  due_at: Instant
  met_at: Instant | null
  within: boolean | null
  stopped: boolean
}
