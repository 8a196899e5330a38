import type { Complaint } from '../complaints/complaint.js'
import type { Deadline, DeadlineKey } from '../complaints/deadlines.js'
import type { ComplaintEvent } from '../complaints/events.js'

/**
 * The events a landlord's other systems can hear about, named `<resource>.<verb>` like the
 * complaint's own events. Five follow a step in a complaint's history; three come from the clocks
 * the service keeps (a complaint's deadline, an Awaab's Law duty, an Ombudsman order).
 */
export const webhookEventTypes = [
  'complaint.logged',
  'complaint.acknowledged',
  'complaint.responded',
  'complaint.escalated',
  'complaint.closed',
  'complaint.deadline_missed',
  'hazard.duty_missed',
  'ombudsman.order_due',
] as const
export type WebhookEventType = (typeof webhookEventTypes)[number]

/** The ping an administrator sends to try an endpoint: delivered to that endpoint only. */
export const TEST_EVENT = 'webhook.test'

export const webhookEventLabels: Record<WebhookEventType, string> = {
  'complaint.logged': 'Complaint logged',
  'complaint.acknowledged': 'Complaint acknowledged',
  'complaint.responded': 'Stage response sent',
  'complaint.escalated': 'Complaint escalated to stage 2',
  'complaint.closed': 'Complaint closed',
  'complaint.deadline_missed': 'A complaint’s deadline missed',
  'hazard.duty_missed': 'An Awaab’s Law duty missed',
  'ombudsman.order_due': 'An Ombudsman order due',
}

export const webhookEventDescriptions: Record<WebhookEventType, string> = {
  'complaint.logged': 'A complaint was logged (by staff, through the API or by the resident online).',
  'complaint.acknowledged':
    'A complaint was acknowledged and defined at stage 1 or stage 2 (Code 6.2, 6.12).',
  'complaint.responded': 'The stage 1 or stage 2 response was recorded (Code 6.5, 6.16); `stage` says which.',
  'complaint.escalated': 'The resident asked for stage 2 (Code 6.10).',
  'complaint.closed': 'The complaint was closed.',
  'complaint.deadline_missed':
    'The complaint’s current deadline passed without being met: sent the first day after the due date, once per deadline and date.',
  'hazard.duty_missed':
    'An Awaab’s Law duty’s clock ran out without being met: sent once per duty and due time.',
  'ombudsman.order_due':
    'An Ombudsman case has an order due today or earlier that is not yet done: sent once per case and due date.',
}

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (webhookEventTypes as readonly string[]).includes(value)
}

/** Which step of a complaint's history each event follows. */
const fromComplaintEvent: Partial<Record<ComplaintEvent['type'], WebhookEventType>> = {
  'complaint.received': 'complaint.logged',
  'complaint.acknowledged': 'complaint.acknowledged',
  'complaint.responded': 'complaint.responded',
  'complaint.escalation_requested': 'complaint.escalated',
  'complaint.closed': 'complaint.closed',
}

/**
 * The complaint as an integration sees it: the API's complaint resource's own field names
 * (GET /api/v1/complaints/{id}), and no personal data (no resident, no description).
 */
export type ComplaintSummary = {
  id: string
  reference: string
  stage: 1 | 2
  state: string
  channel: string
  receivedAt: string
  receivedOn: string
  due: Partial<Record<DeadlineKey, string>>
}

export function complaintSummary(c: Complaint, deadlines: readonly Deadline[]): ComplaintSummary {
  const due: Partial<Record<DeadlineKey, string>> = {}
  for (const d of deadlines) due[d.key] = d.due
  return {
    id: c.id,
    reference: c.reference,
    stage: c.stage,
    state: c.state,
    channel: c.channel,
    receivedAt: c.receivedAt.toISOString(),
    receivedOn: c.receivedOn,
    due,
  }
}

/** An event to send: its place in the outbox (`key`, once only) and the body every endpoint gets. */
export type WebhookEvent = {
  id: string
  type: WebhookEventType | typeof TEST_EVENT
  /** What makes it this event and no other: written once, whatever retries or instances. */
  key: string
  occurredAt: Date
  data: Record<string, unknown>
}

/** The JSON body of a delivery: the same for every endpoint and every attempt. */
export const webhookBody = (e: Pick<WebhookEvent, 'id' | 'type' | 'occurredAt' | 'data'>) => ({
  id: e.id,
  type: e.type,
  occurred_at: e.occurredAt.toISOString(),
  data: e.data,
})

/** The events that the steps just recorded on a complaint send, each keyed by its place in the history. */
export function complaintWebhookEvents(
  complaint: Complaint,
  deadlines: readonly Deadline[],
  steps: readonly ComplaintEvent[],
  newId: () => string,
): WebhookEvent[] {
  const out: WebhookEvent[] = []
  for (const step of steps) {
    const type = fromComplaintEvent[step.type]
    if (!type) continue
    const data: Record<string, unknown> = { complaint: complaintSummary(complaint, deadlines) }
    if (step.type === 'complaint.acknowledged') data.stage = step.stage
    if (step.type === 'complaint.responded')
      Object.assign(data, { stage: step.stage, decision: step.decision })
    out.push({ id: newId(), type, key: `complaint:${complaint.id}:${step.seq}`, occurredAt: step.at, data })
  }
  return out
}

/** A complaint whose current deadline has passed: the API's `overdue` (due before today). */
export type MissedDeadline = {
  complaint: Omit<ComplaintSummary, 'due'>
  deadline: { key: string; due: string }
}

/** Sent when the scheduler first sees the deadline missed (`seenAt`), once per deadline and due date. */
export function deadlineMissedEvent(m: MissedDeadline, seenAt: Date, newId: () => string): WebhookEvent {
  return {
    id: newId(),
    type: 'complaint.deadline_missed',
    key: `deadline:${m.complaint.id}:${m.deadline.key}:${m.deadline.due}`,
    occurredAt: seenAt,
    data: { complaint: m.complaint, deadline: m.deadline },
  }
}

export type MissedHazardDuty = {
  hazardId: string
  complaint: { id: string; reference: string }
  kind: string
  duty: string
  dueAt: Date
}

export function hazardDutyMissedEvent(m: MissedHazardDuty, newId: () => string): WebhookEvent {
  return {
    id: newId(),
    type: 'hazard.duty_missed',
    key: `hazard:${m.hazardId}:${m.duty}:${m.dueAt.toISOString()}`,
    occurredAt: m.dueAt,
    data: {
      hazard: { id: m.hazardId, kind: m.kind },
      complaint: m.complaint,
      duty: m.duty,
      dueAt: m.dueAt.toISOString(),
    },
  }
}

export type OmbudsmanOrderDue = {
  caseId: string
  ombudsmanReference: string
  complaint: { id: string; reference: string }
  dueOn: string
}

export function ombudsmanOrderDueEvent(
  o: OmbudsmanOrderDue,
  seenAt: Date,
  newId: () => string,
): WebhookEvent {
  return {
    id: newId(),
    type: 'ombudsman.order_due',
    key: `ombudsman:${o.caseId}:${o.dueOn}`,
    occurredAt: seenAt,
    data: {
      ombudsmanCase: { id: o.caseId, ombudsmanReference: o.ombudsmanReference },
      complaint: o.complaint,
      dueOn: o.dueOn,
    },
  }
}
