import type { CalendarDate } from '../calendar/calendarDate.js'

import type { CompensationBreakdown, Payment, RemedyAnswer } from '../remedies/vocabulary.js'
import type { Adjustments, UpdatePreference } from '../residents/needs.js'
import type { Priority, TriageRecord } from '../triage/triage.js'
import type {
  Channel,
  ContactMethod,
  Decision,
  RemedyType,
  Stage,
  Tenure,
  UpdateMethod,
} from './vocabulary.js'

export type Resident = {
  name: string
  email?: string
  phone?: string
  address?: string
  postcode?: string
  tenancyReference?: string
  /** The resident asked for letters by post only, not by email. */
  postOnly?: boolean
  /** The resident asked for large print. */
  largePrint?: boolean
}

export type Representative = {
  name: string
  relationship: string
  email?: string
  phone?: string
  /** Where letters are posted once they act for the resident (Code 1.3). */
  address?: string
  postcode?: string
  /** The resident's consent for the representative to act for them (Code 1.3). */
  consent: { given: boolean; how: string; recordedAt: string }
}

export type Issue = { id: string; summary: string }

/**
 * Code 5.8(c): whoever is given a complaint says whether they have an actual or perceived
 * conflict of interest with it, and if so how it was addressed. `not_declared` is an assignment
 * made without the question answered (an integration that did not send it, or history before it
 * was asked): kept so the gap shows as missing evidence, never taken as "none".
 */
export type ConflictOfInterest =
  | { declared: 'none' }
  | { declared: 'conflict'; conflict: string; howHandled: string }
  | { declared: 'not_declared' }

/** Code 6.20: someone involved in a stage 2 response, with their role. */
export type InvolvedPerson = { name: string; role: string }

/**
 * An action may be recorded after it happened (a letter posted on Friday, recorded on Monday),
 * but never quietly: more than the landlord's tolerance of working days later, it needs a reason,
 * it is marked "recorded late" on the case and counted in every report its date affects.
 */
export type LateRecording = {
  /** Why it was recorded only now. */
  reason: string
  /** Working days between when it happened and when it was recorded. */
  workingDays: number
  /** A response: the letter actually sent, attached to the case (the service did not send it). */
  sentLetterDocumentId?: string
}

/**
 * Code 6.8: why new issues became a complaint of their own rather than joining an earlier one:
 * the earlier complaint's stage 1 response had been issued, they are unrelated to it, or adding
 * them would unreasonably delay its response.
 */
export const linkReasons = ['after_response', 'unrelated', 'would_delay'] as const
export type LinkReason = (typeof linkReasons)[number]
export const linkReasonLabels: Record<LinkReason, string> = {
  after_response: 'The earlier complaint’s stage 1 response has been issued',
  unrelated: 'The new issues are not related to the earlier complaint',
  would_delay: 'Adding them would unreasonably delay the earlier complaint’s response',
}

export type ComplaintDefinition = {
  issues: Issue[]
  outcomesSought: string[]
  notResponsibleFor: string[]
}

export type Remedy = {
  type: RemedyType
  description?: string
  amount?: number
  /** Code 7.2: how a financial remedy is made up. */
  breakdown?: CompensationBreakdown
  /**
   * At stage 2: the stage 1 remedy this one replaces (more money, a different apology), and why.
   * The stage 1 remedy is then owed no longer: it was superseded, not declined.
   */
  replaces?: { remedyId: string; why: string }
}
/** Something promised in a response (Code 6.6, 6.17, 7.3): who sees it done, and by when. */
export type OutstandingAction = { id: string; description: string; dueOn: CalendarDate; ownerId?: string }

/** Every change to a complaint, as it is stored: one append-only event each. */
export type ComplaintEventData =
  | {
      type: 'complaint.received'
      reference: string
      channel: Channel
      /** For the Tenant Satisfaction Measures (CH01, CH02); absent when not recorded. */
      tenure?: Tenure
      /** The landlord entity it belongs to (issue 34); absent: the default entity. */
      entityId?: string
      receivedAt: string
      description: string
      outcomeSought?: string
      resident: Resident
      representative?: Representative
      categories: string[]
      serviceRequestReference?: string
      /** Code 6.8: a complaint holding issues that could not join another complaint, and why. */
      linkedFrom?: { complaintId: string; reference: string; reason?: LinkReason; note?: string }
      /** Code 2.3: when the issue happened and when the resident became aware of it, if known. */
      issueOccurredOn?: CalendarDate
      residentAwareOn?: CalendarDate
      /** Code 3.2: adjustments the resident asked for, and how and how often to hear from us (5.9). */
      adjustments?: Adjustments
      updatePreference?: UpdatePreference
      /** Code 6.1: the priority and flags the service suggested at logging, with the reasons. */
      triage?: TriageRecord
      /** The resident record the complaint belongs to. */
      personId?: string
      policyVersion: number
    }
  | {
      type: 'complaint.acknowledged'
      stage: Stage
      handlerId: string
      definition: ComplaintDefinition
      /** Code 2.3: accepted although the issue is over 12 months old, and why. */
      discretion?: { ground: string; reason: string }
      /** Code 5.9: how often the resident is to be updated while the stage is considered. */
      updateIntervalDays?: number
      /** Code 5.9: true only when the interval was agreed with the resident, not the policy's default. */
      updateIntervalAgreed?: boolean
      /** Code 5.8: the handler's declaration about a conflict of interest. */
      conflictOfInterest?: ConflictOfInterest
    }
  | {
      type: 'complaint.assigned'
      stage: Stage
      handlerId: string
      previousHandlerId: string | null
      /** Code 5.8: the new handler's declaration about a conflict of interest. */
      conflictOfInterest?: ConflictOfInterest
    }
  | {
      type: 'complaint.extended'
      stage: Stage
      workingDays: number
      reason: string
      goodReason?: string
      /** Code 6.4, 6.15: recorded after its deadline, confirmed by a senior lead with this evidence. */
      evidenceDocumentId?: string
    }
  | { type: 'complaint.issue_added'; stage: Stage; issue: Issue }
  | {
      type: 'complaint.responded'
      stage: Stage
      decision: Decision
      issueDecisions: { issueId: string; decision: Decision; reasons?: string }[]
      reasons: string
      remedies: Remedy[]
      outstandingActions: OutstandingAction[]
      /** Code 6.20: who was involved in the response (recorded at stage 2). */
      involved?: InvolvedPerson[]
    }
  | { type: 'complaint.escalation_requested'; how?: string; residentReason?: string; policyVersion: number }
  | {
      type: 'complaint.refused'
      stage: Stage
      refusing: 'complaint' | 'escalation'
      reason: string
      explanation: string
      /**
       * Code 2.3: refusing an old complaint records the person's decision not to exercise
       * discretion, and why (`exercised` is absent on refusals recorded before it was asked).
       */
      discretion?: { considered: true; exercised?: false; whyNotExercised: string }
      /** Code 2.3: the dates the 12 months run from, when they were recorded with the refusal. */
      issueOccurredOn?: CalendarDate
      residentAwareOn?: CalendarDate
    }
  | { type: 'complaint.withdrawn'; how: string; note?: string }
  | { type: 'complaint.closed'; note?: string }
  | { type: 'complaint.note_added'; text: string }
  /** Code 9.1–9.3: what a stage's answer taught the landlord: why it went wrong, where, and what it learned. */
  | {
      type: 'complaint.learning_recorded'
      stage: Stage
      rootCauses: string[]
      serviceArea: string
      learning: string
    }
  /** The resident (or their representative) added information to their complaint online. */
  | { type: 'complaint.information_added'; text: string }
  | {
      type: 'complaint.contact_recorded'
      direction: 'incoming' | 'outgoing'
      method: ContactMethod
      summary: string
    }
  | { type: 'complaint.outstanding_action_completed'; actionId: string; note?: string }
  /** Code 7.3: a promised action that will be late; the resident is told the new date and why. */
  | {
      type: 'complaint.outstanding_action_rescheduled'
      actionId: string
      dueOn: CalendarDate
      reason: string
    }
  /** Code 7.3: the resident accepted or declined a remedy offered. */
  | {
      type: 'complaint.remedy_answered'
      remedyId: string
      answer: RemedyAnswer
      on: CalendarDate
      note?: string
    }
  /** Code 7.3: a remedy followed through: done, or paid (and how much was set against arrears). */
  | { type: 'complaint.remedy_done'; remedyId: string; on: CalendarDate; note?: string; payment?: Payment }
  /** Code 6.1: the handler confirmed or changed the suggested priority and flags (why, when changed). */
  | { type: 'complaint.triaged'; priority: Priority; flags: string[]; reason?: string }
  /** The resident's tenure, recorded or corrected after the complaint was logged (for the TSM). */
  | { type: 'complaint.tenure_recorded'; tenure: Tenure }
  /** Where letters are posted (Code 1.3: to the representative once consent is recorded), recorded or corrected. */
  | {
      type: 'complaint.postal_address_recorded'
      whose: 'resident' | 'representative'
      address: string
      postcode: string
    }
  /** Code 5.9: the resident was updated on the progress of their complaint. */
  | { type: 'complaint.resident_updated'; method: UpdateMethod; summary: string }
  /** Code 1.3: the resident's consent for their representative, recorded after the complaint was logged. */
  | { type: 'complaint.consent_recorded'; how: string }
  | { type: 'complaint.letter_issued'; letterId: string; kind: LetterKind; reissueOf?: string }
  /** Brought in from the landlord's earlier system: its reference there, and the file it came from. */
  | { type: 'complaint.imported'; legacyReference: string; fileName: string; importId: string }
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
  'update',
  'action_update',
] as const
export type LetterKind = (typeof letterKinds)[number]

/** An event as recorded: what happened, when it happened, who did it, and its place in the case. */
export type ComplaintEvent = ComplaintEventData & {
  seq: number
  /** When it happened (an integration may record it later). */
  at: Date
  /** When it was recorded. */
  recordedAt: Date
  /** The member of staff who did it; null for the resident online, or the service itself. */
  by: string | null
  /** Done by the resident (or their representative) themselves, online. */
  byResident?: true
  /** Recorded more than the landlord's tolerance after it happened, and why (kept with its data). */
  recordedLate?: LateRecording
}
