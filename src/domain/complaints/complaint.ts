import { type CalendarDate, londonDateOf } from '../calendar/calendarDate.js'

import type { Payment, RemedyAnswer } from '../remedies/vocabulary.js'
import type { Adjustments, UpdatePreference } from '../residents/needs.js'
import type { Priority, TriageRecord } from '../triage/triage.js'
import type {
  ComplaintDefinition,
  ComplaintEvent,
  ConflictOfInterest,
  InvolvedPerson,
  LinkReason,
  OutstandingAction,
  Remedy,
  Representative,
  Resident,
} from './events.js'
import type { Channel, ComplaintState, Decision, Stage, Tenure } from './vocabulary.js'
import { nextState } from './workflow.js'

export type StageRecord = {
  stage: Stage
  /** When the stage's clock started: receipt at stage 1, the escalation request at stage 2. */
  startedAt: Date
  startedOn: CalendarDate
  policyVersion: number
  acknowledgedAt?: Date
  acknowledgedOn?: CalendarDate
  /** Code 5.9: the update interval set at acknowledgement, in working days. */
  updateIntervalDays?: number
  /** Code 5.9: whether that interval was agreed with the resident (else it is the policy's default). */
  updateIntervalAgreed?: boolean
  handlerId: string | null
  /** Code 5.8: the current handler's declaration about a conflict of interest, once assigned. */
  conflictOfInterest?: ConflictOfInterest
  definition?: ComplaintDefinition
  extensions: { workingDays: number; reason: string; goodReason?: string; at: Date }[]
  response?: {
    at: Date
    on: CalendarDate
    decision: Decision
    issueDecisions: { issueId: string; decision: Decision; reasons?: string }[]
    reasons: string
    remedies: Remedy[]
    outstandingActions: OutstandingAction[]
    /** Code 6.20: who was involved in the response; undefined when not recorded. */
    involved?: InvolvedPerson[]
  }
}

/** A complaint as its events make it: the one place the history becomes a current state. */
export type Complaint = {
  id: string
  reference: string
  state: ComplaintState
  stage: Stage
  channel: Channel
  /** For the Tenant Satisfaction Measures; undefined when not recorded. */
  tenure?: Tenure
  /** The landlord entity it belongs to (issue 34); undefined: the default entity. */
  entityId?: string
  receivedAt: Date
  receivedOn: CalendarDate
  description: string
  outcomeSought?: string
  resident: Resident
  representative?: Representative
  categories: string[]
  serviceRequestReference?: string
  /** Imported: its reference in the landlord's earlier system. */
  legacyReference?: string
  linkedFrom?: { complaintId: string; reference: string; reason?: LinkReason; note?: string }
  /** Code 2.3: when the issue happened and when the resident became aware of it, where known. */
  issueOccurredOn?: CalendarDate
  residentAwareOn?: CalendarDate
  /** Code 3.2: the adjustments the resident asked for; Code 5.9: how and how often to update them. */
  adjustments?: Adjustments
  updatePreference?: UpdatePreference
  stages: { 1: StageRecord; 2?: StageRecord }
  /** Issues raised after acknowledgement but before the stage 1 response (Code 6.8) are in the definition. */
  pendingIssues: { id: string; summary: string }[]
  discretion?: { ground: string; reason: string }
  escalation?: { at: Date; on: CalendarDate; how?: string; residentReason?: string }
  refusal?: {
    at: Date
    stage: Stage
    refusing: 'complaint' | 'escalation'
    reason: string
    explanation: string
    discretion?: { considered: true; exercised?: false; whyNotExercised: string }
  }
  withdrawal?: { at: Date; how: string; note?: string }
  /** When the complaint was last closed; cleared when a stage 1 complaint closed early is escalated (Code 6.10). */
  closedAt?: Date
  completedActions: Map<string, { at: Date; note?: string }>
  /** Code 7.3: the resident's answer to each remedy offered, and the remedies done or paid. */
  remedyAnswers: Map<string, { answer: RemedyAnswer; on: CalendarDate; note?: string }>
  remedyFulfilments: Map<string, { on: CalendarDate; note?: string; payment?: Payment }>
  /** Code 7.3: actions whose date has moved: the latest date and why. */
  rescheduledActions: Map<
    string,
    { dueOn: CalendarDate; reason: string; at: Date; originalDueOn: CalendarDate }
  >
  /** The action the latest event was about, for its update letter. */
  lastActionEvent?: { actionId: string; kind: 'completed' | 'rescheduled' }
  /** Code 9.1–9.3: the learning recorded for each answered stage (the latest, if recorded again). */
  learning: Partial<Record<Stage, { rootCauses: string[]; serviceArea: string; learning: string; at: Date }>>
  /** Code 5.9: every update given to the resident, oldest first. */
  updates: { at: Date; on: CalendarDate; method: string; summary: string; stage: Stage }[]
  /** Code 6.1: the suggestion made at logging, and the handler's confirmation or change of it. */
  triage: {
    suggested?: TriageRecord
    confirmed?: { priority: Priority; flags: string[]; reason?: string; at: Date; by: string | null }
  }
  /** The resident record the complaint belongs to, when it has one. */
  personId?: string
  /** The number of events: the version an update must name to avoid overwriting another's. */
  version: number
  /** When the latest thing happened (a document attached is not a thing happening): no action is dated before it. */
  lastEventAt: Date
  events: ComplaintEvent[]
}

export function currentStageRecord(c: Complaint): StageRecord {
  return c.stage === 2 && c.stages[2] ? c.stages[2] : c.stages[1]
}

/** Code 1.3: a representative acts for the resident only once the resident's consent is recorded. */
export function consentNeeded(c: Pick<Complaint, 'representative'>): boolean {
  return Boolean(c.representative && !c.representative.consent.given)
}

/** Every outstanding action promised in a response, with whether it is done. */
export function outstandingActions(c: Complaint) {
  return [1, 2].flatMap((stage) => {
    const record = c.stages[stage as Stage]
    return (record?.response?.outstandingActions ?? []).map((a) => {
      const moved = c.rescheduledActions.get(a.id)
      return {
        ...a,
        dueOn: moved?.dueOn ?? a.dueOn,
        rescheduled: moved,
        stage: stage as Stage,
        completed: c.completedActions.get(a.id),
      }
    })
  })
}

/** Folds a complaint's events, oldest first, into its current state. */
export function foldComplaint(id: string, events: ComplaintEvent[]): Complaint {
  const first = events[0]
  if (first?.type !== 'complaint.received') throw new Error(`Complaint ${id} has no received event`)
  const c: Complaint = {
    id,
    reference: first.reference,
    state: 'received',
    stage: 1,
    channel: first.channel,
    ...(first.tenure ? { tenure: first.tenure } : {}),
    ...(first.entityId ? { entityId: first.entityId } : {}),
    receivedAt: first.at,
    receivedOn: londonDateOf(first.at),
    description: first.description,
    outcomeSought: first.outcomeSought,
    resident: first.resident,
    representative: first.representative,
    categories: first.categories,
    serviceRequestReference: first.serviceRequestReference,
    linkedFrom: first.linkedFrom,
    issueOccurredOn: first.issueOccurredOn,
    residentAwareOn: first.residentAwareOn,
    adjustments: first.adjustments,
    updatePreference: first.updatePreference,
    triage: first.triage ? { suggested: first.triage } : {},
    ...(first.personId ? { personId: first.personId } : {}),
    stages: {
      1: {
        stage: 1,
        startedAt: first.at,
        startedOn: londonDateOf(first.at),
        policyVersion: first.policyVersion,
        handlerId: null,
        extensions: [],
      },
    },
    pendingIssues: [],
    learning: {},
    updates: [],
    completedActions: new Map(),
    remedyAnswers: new Map(),
    remedyFulfilments: new Map(),
    rescheduledActions: new Map(),
    version: 0,
    lastEventAt: first.at,
    events,
  }
  for (const e of events) {
    c.version = e.seq
    // A document attached is kept as it arrives and says nothing of when things happened: the
    // letter actually sent is attached before the response it proves is recorded.
    if (e.at > c.lastEventAt && e.type !== 'complaint.document_attached') c.lastEventAt = e.at
    const record = (stage: Stage) => c.stages[stage] as StageRecord
    switch (e.type) {
      case 'complaint.received':
        break
      case 'complaint.acknowledged': {
        const r = record(e.stage)
        r.acknowledgedAt = e.at
        r.acknowledgedOn = londonDateOf(e.at)
        r.updateIntervalDays = e.updateIntervalDays
        r.updateIntervalAgreed = e.updateIntervalAgreed === true
        r.handlerId = e.handlerId
        r.conflictOfInterest = e.conflictOfInterest ?? { declared: 'not_declared' }
        r.definition = {
          ...e.definition,
          issues: e.stage === 1 ? [...e.definition.issues, ...c.pendingIssues] : e.definition.issues,
        }
        if (e.stage === 1) c.pendingIssues = []
        if (e.discretion) c.discretion = e.discretion
        c.state = nextState('acknowledge', c.state)
        break
      }
      case 'complaint.assigned':
        record(e.stage).handlerId = e.handlerId
        record(e.stage).conflictOfInterest = e.conflictOfInterest ?? { declared: 'not_declared' }
        break
      case 'complaint.extended':
        record(e.stage).extensions.push({
          workingDays: e.workingDays,
          reason: e.reason,
          goodReason: e.goodReason,
          at: e.at,
        })
        break
      case 'complaint.issue_added': {
        const r = record(e.stage)
        if (r.definition) r.definition = { ...r.definition, issues: [...r.definition.issues, e.issue] }
        else c.pendingIssues.push(e.issue)
        break
      }
      case 'complaint.responded':
        record(e.stage).response = {
          at: e.at,
          on: londonDateOf(e.at),
          decision: e.decision,
          issueDecisions: e.issueDecisions,
          reasons: e.reasons,
          remedies: e.remedies,
          outstandingActions: e.outstandingActions,
          ...(e.involved ? { involved: e.involved } : {}),
        }
        c.state = nextState('respond', c.state)
        break
      case 'complaint.escalation_requested':
        c.escalation = { at: e.at, on: londonDateOf(e.at), how: e.how, residentReason: e.residentReason }
        c.stages[2] = {
          stage: 2,
          startedAt: e.at,
          startedOn: londonDateOf(e.at),
          policyVersion: e.policyVersion,
          handlerId: null,
          extensions: [],
        }
        c.stage = 2
        c.state = nextState('requestEscalation', c.state)
        c.closedAt = undefined
        break
      case 'complaint.refused':
        c.refusal = {
          at: e.at,
          stage: e.stage,
          refusing: e.refusing,
          reason: e.reason,
          explanation: e.explanation,
          ...(e.discretion ? { discretion: e.discretion } : {}),
        }
        if (e.issueOccurredOn) c.issueOccurredOn = e.issueOccurredOn
        if (e.residentAwareOn) c.residentAwareOn = e.residentAwareOn
        c.state = nextState('refuse', c.state)
        break
      case 'complaint.withdrawn':
        c.withdrawal = { at: e.at, how: e.how, note: e.note }
        c.state = nextState('withdraw', c.state)
        break
      case 'complaint.closed':
        c.closedAt = e.at
        c.state = nextState('close', c.state)
        break
      case 'complaint.triaged':
        c.triage.confirmed = {
          priority: e.priority,
          flags: e.flags,
          ...(e.reason ? { reason: e.reason } : {}),
          at: e.at,
          by: e.by,
        }
        break
      case 'complaint.tenure_recorded':
        c.tenure = e.tenure
        break
      case 'complaint.postal_address_recorded':
        if (e.whose === 'resident') c.resident = { ...c.resident, address: e.address, postcode: e.postcode }
        else if (c.representative)
          c.representative = { ...c.representative, address: e.address, postcode: e.postcode }
        break
      case 'complaint.remedy_answered':
        c.remedyAnswers.set(e.remedyId, { answer: e.answer, on: e.on, ...(e.note ? { note: e.note } : {}) })
        break
      case 'complaint.remedy_done':
        c.remedyFulfilments.set(e.remedyId, {
          on: e.on,
          ...(e.note ? { note: e.note } : {}),
          ...(e.payment ? { payment: e.payment } : {}),
        })
        break
      case 'complaint.outstanding_action_completed':
        c.completedActions.set(e.actionId, { at: e.at, note: e.note })
        c.lastActionEvent = { actionId: e.actionId, kind: 'completed' }
        break
      case 'complaint.outstanding_action_rescheduled': {
        const original =
          c.rescheduledActions.get(e.actionId)?.originalDueOn ??
          [c.stages[1], c.stages[2]]
            .flatMap((s) => s?.response?.outstandingActions ?? [])
            .find((a) => a.id === e.actionId)?.dueOn ??
          e.dueOn
        c.rescheduledActions.set(e.actionId, {
          dueOn: e.dueOn,
          reason: e.reason,
          at: e.at,
          originalDueOn: original,
        })
        c.lastActionEvent = { actionId: e.actionId, kind: 'rescheduled' }
        break
      }
      case 'complaint.resident_updated':
        c.updates.push({
          at: e.at,
          on: londonDateOf(e.at),
          method: e.method,
          summary: e.summary,
          stage: c.stage,
        })
        break
      case 'complaint.consent_recorded':
        if (c.representative)
          c.representative = {
            ...c.representative,
            consent: { given: true, how: e.how, recordedAt: e.recordedAt.toISOString() },
          }
        break
      case 'complaint.learning_recorded':
        c.learning[e.stage] = {
          rootCauses: e.rootCauses,
          serviceArea: e.serviceArea,
          learning: e.learning,
          at: e.at,
        }
        break
      case 'complaint.imported':
        c.legacyReference = e.legacyReference
        break
      case 'complaint.note_added':
      case 'complaint.information_added':
      case 'complaint.contact_recorded':
      case 'complaint.letter_issued':
      case 'complaint.document_attached':
        break
    }
  }
  return c
}

/**
 * Code 9.1: learning is expected for every stage upheld or partly upheld. The stages answered
 * that way whose learning is not yet recorded.
 */
export function learningToRecord(c: Complaint): Stage[] {
  return ([1, 2] as const).filter((stage) => {
    const decision = c.stages[stage]?.response?.decision
    return (decision === 'upheld' || decision === 'partly_upheld') && !c.learning[stage]
  })
}

/** Code 6.1: the complaint's priority: as the handler confirmed it, else as suggested; none before triage. */
export function priorityOf(c: Pick<Complaint, 'triage'>): Priority | undefined {
  return c.triage.confirmed?.priority ?? c.triage.suggested?.priority
}
