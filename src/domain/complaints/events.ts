import type { CalendarDate } from '../calendar/calendarDate.js'
import type { Channel, ContactMethod, Decision, RemedyType, Stage } from './vocabulary.js'

export type Resident = {
  name: string
  email?: string
  phone?: string
  address?: string
  postcode?: string
  tenancyReference?: string
}

export type Representative = {
  name: string
  relationship: string
  email?: string
  phone?: string
  /** The resident's consent for the representative to act for them (Code 1.3). */
  consent: { given: boolean; how: string; recordedAt: string }
}

export type Issue = { id: string; summary: string }

export type ComplaintDefinition = {
  issues: Issue[]
  outcomesSought: string[]
  notResponsibleFor: string[]
}

export type Remedy = { type: RemedyType; description?: string; amount?: number }
export type OutstandingAction = { id: string; description: string; dueOn: CalendarDate }

/** Every change to a complaint, as it is stored: one append-only event each. */
export type ComplaintEventData =
  | {
      type: 'complaint.received'
      reference: string
      channel: Channel
      receivedAt: string
      description: string
      outcomeSought?: string
      resident: Resident
      representative?: Representative
      categories: string[]
      serviceRequestReference?: string
      /** Code 6.8: a complaint made of issues raised after another's stage 1 response. */
      linkedFrom?: { complaintId: string; reference: string }
      policyVersion: number
    }
  | {
      type: 'complaint.acknowledged'
      stage: Stage
      handlerId: string
      definition: ComplaintDefinition
      /** Code 2.3: accepted although the issue is over 12 months old, and why. */
      discretion?: { ground: string; reason: string }
    }
  | { type: 'complaint.assigned'; stage: Stage; handlerId: string; previousHandlerId: string | null }
  | { type: 'complaint.extended'; stage: Stage; workingDays: number; reason: string; goodReason?: string }
  | { type: 'complaint.issue_added'; stage: Stage; issue: Issue }
  | {
      type: 'complaint.responded'
      stage: Stage
      decision: Decision
      issueDecisions: { issueId: string; decision: Decision; reasons?: string }[]
      reasons: string
      remedies: Remedy[]
      outstandingActions: OutstandingAction[]
    }
  | { type: 'complaint.escalation_requested'; how?: string; residentReason?: string; policyVersion: number }
  | {
      type: 'complaint.refused'
      stage: Stage
      refusing: 'complaint' | 'escalation'
      reason: string
      explanation: string
    }
  | { type: 'complaint.withdrawn'; how: string; note?: string }
  | { type: 'complaint.closed'; note?: string }
  | { type: 'complaint.note_added'; text: string }
  | {
      type: 'complaint.contact_recorded'
      direction: 'incoming' | 'outgoing'
      method: ContactMethod
      summary: string
    }
  | { type: 'complaint.outstanding_action_completed'; actionId: string; note?: string }
  | { type: 'complaint.letter_issued'; letterId: string; kind: LetterKind }
  | {
      type: 'complaint.document_attached'
      documentId: string
      filename: string
      contentType: string
      size: number
      description?: string
    }

export type ComplaintEventType = ComplaintEventData['type']

export const letterKinds = [
  'acknowledgement',
  'extension',
  'stage1_response',
  'stage2_acknowledgement',
  'stage2_response',
  'refusal',
] as const
export type LetterKind = (typeof letterKinds)[number]

/** An event as recorded: what happened, when it happened, who did it, and its place in the case. */
export type ComplaintEvent = ComplaintEventData & {
  seq: number
  /** When it happened (an integration may record it later). */
  at: Date
  /** When it was recorded. */
  recordedAt: Date
  by: string | null
}
