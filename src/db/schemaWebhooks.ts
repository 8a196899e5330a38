import type { Generated } from 'kysely'
import type { Instant, Json } from './columnTypes.js'

/** Webhooks: endpoints, the events sent (an outbox), deliveries and their attempts (migration 0057). */
export interface WebhookEndpointsTable {
  id: string
  url: string
  description: string
  events: string[]
  secret: string
  previous_secret: string | null
  previous_secret_until: Instant | null
  status: string
  paused_at: Instant | null
  paused_reason: string | null
  created_at: Instant
  created_by: string | null
  updated_at: Instant
  /** Removed (migration 0061): kept with its deliveries and attempts, nothing more sent. */
  removed_at: Instant | null
  removed_by: string | null
}

export interface WebhookEventsTable {
  id: string
  type: string
  unique_key: string
  occurred_at: Instant
  payload: Json<Record<string, unknown>>
  created_at: Instant
  fanned_out_at: Instant | null
}

export interface WebhookDeliveriesTable {
  id: string
  endpoint_id: string
  event_id: string
  status: string
  attempts: Generated<number>
  next_attempt_at: Instant | null
  last_status_code: number | null
  created_at: Instant
  delivered_at: Instant | null
}

export interface WebhookAttemptsTable {
  id: Generated<number>
  delivery_id: string
  attempt: number
  at: Instant
  status_code: number | null
  answer: string | null
  duration_ms: number
  error: string | null
  succeeded: boolean
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable
  webhook_events: WebhookEventsTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
}
