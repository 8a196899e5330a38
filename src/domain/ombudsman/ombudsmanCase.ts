import {
  addCalendarDays,
  type CalendarDate,
  formatDateInWords,
  isCalendarDate,
} from '../calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { Problems, rule } from '../rules.js'

import {
  type DirectionKind,
  type DirectionType,
  directionKinds,
  directionTypes,
  type Finding,
  findings,
  type OmbudsmanCaseKind,
  ombudsmanCaseKinds,
} from './vocabulary.js'

/** When the landlord gives no date, evidence is due this many working days after the request. */
export const DEFAULT_EVIDENCE_WORKING_DAYS = 15
/** Orders are usually to be complied with within 4 weeks of the Ombudsman's report. */
export const DEFAULT_ORDER_DAYS = 28

/** Everything that happens on an Ombudsman case, each kept for good (append-only). */
export type OmbudsmanEventData =
  | {
      type: 'ombudsman.case_opened'
      complaintId: string
      ombudsmanReference: string
      kind: OmbudsmanCaseKind
      receivedOn: CalendarDate
    }
  | { type: 'ombudsman.kind_changed'; kind: OmbudsmanCaseKind; on: CalendarDate }
  | {
      type: 'ombudsman.evidence_requested'
      requestId: string
      requestedOn: CalendarDate
      dueOn: CalendarDate
      what: string
    }
  | { type: 'ombudsman.evidence_sent'; requestId: string; sentOn: CalendarDate; leftOut?: string }
  | {
      type: 'ombudsman.determination_recorded'
      reportOn: CalendarDate
      elements: { element: string; finding: Finding }[]
    }
  | {
      type: 'ombudsman.direction_made'
      directionId: string
      direction: DirectionType
      kind: DirectionKind
      description: string
      amount?: number
      ownerId: string
      dueOn: CalendarDate
    }
  | {
      type: 'ombudsman.compliance_recorded'
      directionId: string
      evidence: string
      sentOn: CalendarDate
      /** A copy of what was sent, kept with the complaint's documents. */
      document?: { id: string; filename: string }
    }
  /** An evidence pack was made: which documents were left out of it, and why. */
  | { type: 'ombudsman.pack_prepared'; leftOut: { documentId: string; filename: string }[]; reason?: string }

export type OmbudsmanEvent = OmbudsmanEventData & { seq: number; at: Date; by: string | null }

export type EvidenceRequest = {
  id: string
  requestedOn: CalendarDate
  dueOn: CalendarDate
  what: string
  sent?: { on: CalendarDate; leftOut?: string }
}
export type Direction = {
  id: string
  direction: DirectionType
  kind: DirectionKind
  description: string
  amount?: number
  ownerId: string
  dueOn: CalendarDate
  complied?: { evidence: string; sentOn: CalendarDate; document?: { id: string; filename: string } }
}

export type OmbudsmanCase = {
  id: string
  complaintId: string
  ombudsmanReference: string
  kind: OmbudsmanCaseKind
  receivedOn: CalendarDate
  evidenceRequests: EvidenceRequest[]
  determination?: { reportOn: CalendarDate; elements: { element: string; finding: Finding }[] }
  directions: Direction[]
  packs: { at: Date; leftOut: { documentId: string; filename: string }[]; reason?: string }[]
  version: number
  events: OmbudsmanEvent[]
}

export function foldOmbudsmanCase(id: string, events: OmbudsmanEvent[]): OmbudsmanCase {
  const first = events[0]
  if (first?.type !== 'ombudsman.case_opened') throw new Error(`Ombudsman case ${id} has no opening event`)
  const c: OmbudsmanCase = {
    id,
    complaintId: first.complaintId,
    ombudsmanReference: first.ombudsmanReference,
    kind: first.kind,
    receivedOn: first.receivedOn,
    evidenceRequests: [],
    directions: [],
    packs: [],
    version: 0,
    events,
  }
  for (const e of events) {
    c.version = e.seq
    switch (e.type) {
      case 'ombudsman.case_opened':
        break
      case 'ombudsman.kind_changed':
        c.kind = e.kind
        break
      case 'ombudsman.evidence_requested':
        c.evidenceRequests.push({ id: e.requestId, requestedOn: e.requestedOn, dueOn: e.dueOn, what: e.what })
        break
      case 'ombudsman.evidence_sent': {
        const r = c.evidenceRequests.find((x) => x.id === e.requestId)
        if (r) r.sent = { on: e.sentOn, ...(e.leftOut ? { leftOut: e.leftOut } : {}) }
        break
      }
      case 'ombudsman.determination_recorded':
        c.determination = { reportOn: e.reportOn, elements: e.elements }
        break
      case 'ombudsman.direction_made':
        c.directions.push({
          id: e.directionId,
          direction: e.direction,
          kind: e.kind,
          description: e.description,
          ...(e.amount !== undefined ? { amount: e.amount } : {}),
          ownerId: e.ownerId,
          dueOn: e.dueOn,
        })
        break
      case 'ombudsman.pack_prepared':
        c.packs.push({ at: e.at, leftOut: e.leftOut, ...(e.reason ? { reason: e.reason } : {}) })
        break
      case 'ombudsman.compliance_recorded': {
        const d = c.directions.find((x) => x.id === e.directionId)
        if (d)
          d.complied = {
            evidence: e.evidence,
            sentOn: e.sentOn,
            ...(e.document ? { document: e.document } : {}),
          }
        break
      }
    }
  }
  return c
}

const day = (
  value: string | undefined,
  field: string,
  label: string,
  today: CalendarDate,
  problems: Problems,
) => {
  const v = value?.trim() ?? ''
  if (!v) problems.add(field, `Enter ${label}`)
  else if (!isCalendarDate(v))
    problems.add(field, `${label[0]?.toUpperCase()}${label.slice(1)} must be a real date, YYYY-MM-DD`)
  else if (v > today)
    problems.add(field, `${label[0]?.toUpperCase()}${label.slice(1)} cannot be in the future`)
  else return v
  return undefined
}

/** A new Ombudsman case on a complaint: its reference, when it came in, and what kind it is. */
export function decideOpenCase(
  input: { complaintId: string; ombudsmanReference?: string; kind?: string; receivedOn?: string },
  ctx: { today: CalendarDate; complaintReceivedOn: CalendarDate },
): OmbudsmanEventData {
  const problems = new Problems()
  const reference = input.ombudsmanReference?.trim() ?? ''
  if (!reference) problems.add('ombudsmanReference', 'Enter the Ombudsman’s reference for the case')
  else if (reference.length > 50)
    problems.add('ombudsmanReference', 'The reference must be 50 characters or fewer')
  const kind = ombudsmanCaseKinds.find((k) => k === input.kind)
  if (!kind) problems.add('kind', `Choose what kind of case it is: ${ombudsmanCaseKinds.join(', ')}`)
  const receivedOn = day(input.receivedOn, 'receivedOn', 'the date it came in', ctx.today, problems)
  if (receivedOn && receivedOn < ctx.complaintReceivedOn)
    problems.add('receivedOn', 'The Ombudsman’s case cannot have come in before the complaint was made')
  problems.throwIfAny()
  return {
    type: 'ombudsman.case_opened',
    complaintId: input.complaintId,
    ombudsmanReference: reference,
    kind: kind as OmbudsmanCaseKind,
    receivedOn: receivedOn as CalendarDate,
  }
}

/** The case becomes another kind: an enquiry turns into an investigation, or a failure order is made. */
export function decideKindChange(
  c: OmbudsmanCase,
  input: { kind?: string; on?: string },
  ctx: { today: CalendarDate },
): OmbudsmanEventData {
  const problems = new Problems()
  const kind = ombudsmanCaseKinds.find((k) => k === input.kind)
  if (!kind) problems.add('kind', `Choose what kind of case it is now: ${ombudsmanCaseKinds.join(', ')}`)
  else if (kind === c.kind) problems.add('kind', 'The case is already of that kind')
  const on = day(input.on, 'on', 'the date it changed', ctx.today, problems)
  if (on && on < c.receivedOn) problems.add('on', 'The change cannot be before the case came in')
  problems.throwIfAny()
  return { type: 'ombudsman.kind_changed', kind: kind as OmbudsmanCaseKind, on: on as CalendarDate }
}

/** An evidence request: due on the date given, or the landlord's default in working days. */
export function decideEvidenceRequest(
  c: OmbudsmanCase,
  input: { requestedOn?: string; dueOn?: string; what?: string },
  ctx: { today: CalendarDate; calendar: WorkingDayCalendar; newId: () => string },
): OmbudsmanEventData {
  const problems = new Problems()
  const requestedOn = day(input.requestedOn, 'requestedOn', 'the date of the request', ctx.today, problems)
  const what = input.what?.trim() ?? ''
  if (!what) problems.add('what', 'Say what the Ombudsman asked for')
  let dueOn = input.dueOn?.trim() || undefined
  if (dueOn && !isCalendarDate(dueOn)) problems.add('dueOn', 'The due date must be a real date, YYYY-MM-DD')
  if (requestedOn && requestedOn < c.receivedOn)
    problems.add('requestedOn', 'The request cannot be before the Ombudsman’s case came in')
  if (requestedOn && dueOn && isCalendarDate(dueOn) && dueOn < requestedOn)
    problems.add('dueOn', 'The due date cannot be before the request')
  problems.throwIfAny()
  dueOn ??= ctx.calendar.addWorkingDays(requestedOn as CalendarDate, DEFAULT_EVIDENCE_WORKING_DAYS)
  return {
    type: 'ombudsman.evidence_requested',
    requestId: ctx.newId(),
    requestedOn: requestedOn as CalendarDate,
    dueOn,
    what,
  }
}

export function decideEvidenceSent(
  c: OmbudsmanCase,
  input: { requestId?: string; sentOn?: string; leftOut?: string },
  ctx: { today: CalendarDate },
): OmbudsmanEventData {
  const r = c.evidenceRequests.find((x) => x.id === input.requestId)
  if (!r) throw rule('There is no such evidence request on this case', 'requestId')
  if (r.sent)
    throw rule(`This evidence was already recorded as sent on ${formatDateInWords(r.sent.on)}`, 'requestId')
  const problems = new Problems()
  const sentOn = day(input.sentOn, 'sentOn', 'the date it was sent', ctx.today, problems)
  if (sentOn && sentOn < r.requestedOn)
    problems.add('sentOn', 'The evidence cannot have been sent before it was asked for')
  problems.throwIfAny()
  const leftOut = input.leftOut?.trim()
  return {
    type: 'ombudsman.evidence_sent',
    requestId: r.id,
    sentOn: sentOn as CalendarDate,
    ...(leftOut ? { leftOut } : {}),
  }
}

export function decideDetermination(
  c: OmbudsmanCase,
  input: { reportOn?: string; elements: { element?: string; finding?: string }[] },
  ctx: { today: CalendarDate },
): OmbudsmanEventData {
  if (c.determination)
    throw rule(
      `The determination was already recorded (report of ${formatDateInWords(c.determination.reportOn)})`,
      'reportOn',
    )
  const problems = new Problems()
  const reportOn = day(input.reportOn, 'reportOn', 'the date of the report', ctx.today, problems)
  if (reportOn && reportOn < c.receivedOn)
    problems.add('reportOn', 'The report cannot be before the case came in')
  const elements = input.elements.filter((e) => e.element?.trim() || e.finding)
  if (!elements.length)
    problems.add('elements', 'Record the finding on at least one element of the complaint')
  const checked = elements.map((e, i) => {
    const finding = findings.find((f) => f === e.finding)
    if (!e.element?.trim())
      problems.add(`elements.${i}.element`, `Element ${i + 1}: say what the element of the complaint is`)
    if (!finding) problems.add(`elements.${i}.finding`, `Element ${i + 1}: choose the Ombudsman’s finding`)
    return { element: e.element?.trim() ?? '', finding: finding as Finding }
  })
  problems.throwIfAny()
  return { type: 'ombudsman.determination_recorded', reportOn: reportOn as CalendarDate, elements: checked }
}

/** An order or recommendation: an owner, and a due date (orders: 4 weeks from the report unless given). */
export type DirectionInput = {
  direction?: string
  kind?: string
  description?: string
  amount?: number
  ownerId?: string
  dueOn?: string
}

export function decideDirection(
  c: OmbudsmanCase,
  input: DirectionInput,
  ctx: { newId: () => string; owners: Set<string> },
): OmbudsmanEventData {
  const problems = new Problems()
  if (!c.determination)
    problems.add(
      'direction',
      'Record the Ombudsman’s determination first: orders and recommendations come with it',
    )
  const direction = directionTypes.find((d) => d === input.direction)
  if (!direction) problems.add('direction', 'Choose whether it is an order or a recommendation')
  const kind = directionKinds.find((k) => k === input.kind)
  if (!kind) problems.add('kind', `Choose what it asks for: ${directionKinds.join(', ')}`)
  const description = input.description?.trim() ?? ''
  if (!description) problems.add('description', 'Describe what the Ombudsman asked for, in its words')
  if (
    kind === 'compensation' &&
    !(input.amount !== undefined && Number.isFinite(input.amount) && input.amount > 0)
  )
    problems.add('amount', 'Give the compensation ordered, in pounds')
  if (input.amount !== undefined && kind !== 'compensation')
    problems.add('amount', 'Only compensation has an amount')
  if (!input.ownerId || !ctx.owners.has(input.ownerId))
    problems.add('ownerId', 'Choose who will see it done: an active member of staff')
  let dueOn = input.dueOn?.trim() || undefined
  if (dueOn && !isCalendarDate(dueOn)) problems.add('dueOn', 'The due date must be a real date, YYYY-MM-DD')
  if (!dueOn && direction === 'recommendation')
    problems.add('dueOn', 'Give the date the landlord will respond to the recommendation by')
  if (dueOn && c.determination && isCalendarDate(dueOn) && dueOn < c.determination.reportOn)
    problems.add('dueOn', 'The due date cannot be before the Ombudsman’s report')
  problems.throwIfAny()
  dueOn ??= addCalendarDays((c.determination as { reportOn: CalendarDate }).reportOn, DEFAULT_ORDER_DAYS)
  return {
    type: 'ombudsman.direction_made',
    directionId: ctx.newId(),
    direction: direction as DirectionType,
    kind: kind as DirectionKind,
    description,
    ...(kind === 'compensation' ? { amount: input.amount } : {}),
    ownerId: input.ownerId as string,
    dueOn,
  }
}

export function decideCompliance(
  c: OmbudsmanCase,
  input: {
    directionId?: string
    evidence?: string
    sentOn?: string
    /** A copy of the evidence, already checked as a document. */
    document?: { id: string; filename: string }
  },
  ctx: { today: CalendarDate },
): OmbudsmanEventData {
  const d = c.directions.find((x) => x.id === input.directionId)
  if (!d) throw rule('There is no such order or recommendation on this case', 'directionId')
  if (d.complied)
    throw rule(
      `Compliance was already recorded, sent on ${formatDateInWords(d.complied.sentOn)}`,
      'directionId',
    )
  const problems = new Problems()
  const evidence = input.evidence?.trim() ?? ''
  if (!evidence) problems.add('evidence', 'Describe the evidence of compliance sent to the Ombudsman')
  const sentOn = day(input.sentOn, 'sentOn', 'the date the evidence was sent', ctx.today, problems)
  problems.throwIfAny()
  return {
    type: 'ombudsman.compliance_recorded',
    directionId: d.id,
    evidence,
    sentOn: sentOn as CalendarDate,
    ...(input.document ? { document: input.document } : {}),
  }
}

/** Whether the finding or the kind of case means the senior lead and the MRC must be told at once. */
export function needsGovernanceAlert(e: OmbudsmanEventData): string | undefined {
  if (
    e.type === 'ombudsman.determination_recorded' &&
    e.elements.some((x) => x.finding === 'severe_maladministration')
  )
    return 'a finding of severe maladministration'
  if (
    (e.type === 'ombudsman.case_opened' || e.type === 'ombudsman.kind_changed') &&
    e.kind === 'complaint_handling_failure_order'
  )
    return 'a Complaint Handling Failure Order'
  return undefined
}

/** What is still owed on the case: evidence not sent and orders or recommendations not complied with. */
export function outstandingOnCase(
  c: OmbudsmanCase,
  today: CalendarDate,
): { what: string; dueOn: CalendarDate; overdue: boolean; ownerId?: string }[] {
  return [
    ...c.evidenceRequests
      .filter((r) => !r.sent)
      .map((r) => ({ what: `Evidence: ${r.what}`, dueOn: r.dueOn, overdue: r.dueOn < today })),
    ...c.directions
      .filter((d) => !d.complied)
      .map((d) => ({
        ownerId: d.ownerId,
        what: `${d.direction === 'order' ? 'Order' : 'Recommendation'}: ${d.description}`,
        dueOn: d.dueOn,
        overdue: d.dueOn < today,
      })),
  ].sort((a, b) => a.dueOn.localeCompare(b.dueOn))
}

/**
 * An evidence pack leaves out only documents on the complaint, and says why: personal data of
 * other people, for instance. What was left out is kept on the case.
 */
export function decidePackPrepared(
  input: { leaveOut: string[]; reason?: string },
  documents: { id: string; filename: string }[],
): OmbudsmanEventData {
  const problems = new Problems()
  const leftOut = documents.filter((d) => input.leaveOut.includes(d.id))
  if (leftOut.length !== new Set(input.leaveOut).size)
    problems.add('leaveOut', 'Only documents on this complaint can be left out')
  const reason = input.reason?.trim()
  if (leftOut.length && !reason)
    problems.add('reason', 'Say why the documents are left out, for example other people’s personal data')
  problems.throwIfAny()
  return {
    type: 'ombudsman.pack_prepared',
    leftOut: leftOut.map((d) => ({ documentId: d.id, filename: d.filename })),
    ...(leftOut.length && reason ? { reason } : {}),
  }
}
