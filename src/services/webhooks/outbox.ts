import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { webhooksRepository } from '../../db/repositories/webhooks.js'
import type { DB } from '../../db/schema.js'
import type { Complaint } from '../../domain/complaints/complaint.js'
import type { Deadline } from '../../domain/complaints/deadlines.js'
import type { ComplaintEvent } from '../../domain/complaints/events.js'
import { complaintWebhookEvents } from '../../domain/webhooks/events.js'

/**
 * The one hook in a complaint's write path: the webhook events its new steps send, as a statement
 * for the same transaction (a transactional outbox), so an event is kept exactly when its step is.
 * None when the steps send none.
 */
export function complaintWebhookWrites(
  db: Kysely<DB>,
  after: Complaint,
  deadlines: readonly Deadline[],
  steps: readonly ComplaintEvent[],
  now: Date,
) {
  const events = complaintWebhookEvents(after, deadlines, steps, randomUUID)
  return events.length ? [webhooksRepository(db).outboxQuery(events, now)] : []
}
