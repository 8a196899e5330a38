import { type CalendarDate, formatDateInWords, isCalendarDate } from '../calendar/calendarDate.js'
import { notNow, Problems } from '../rules.js'
import { codeProvisions } from '../selfAssessment/code2024.js'

/**
 * The Housing Ombudsman's interventions against the landlord, apart from its investigations:
 * Dispute Support on a complaint stuck in the landlord's process, Complaint Handling Failure
 * Orders, failure notices, and recommendations from a policy compliance check. Each has an owner
 * and a date to comply by, and is open until compliance is recorded (late, if after that date).
 */
export const interventionKinds = [
  'dispute_support',
  'failure_order',
  'failure_notice',
  'policy_recommendation',
] as const
export type InterventionKind = (typeof interventionKinds)[number]
export const interventionKindLabels: Record<InterventionKind, string> = {
  dispute_support: 'Dispute Support instruction',
  failure_order: 'Complaint Handling Failure Order',
  failure_notice: 'Complaint handling failure notice',
  policy_recommendation: 'Policy compliance check recommendation',
}

/** The three grounds of a Complaint Handling Failure Order. */
export const failureOrderTypes = ['not_progressed', 'information_late', 'code_non_compliance'] as const
export type FailureOrderType = (typeof failureOrderTypes)[number]
export const failureOrderTypeLabels: Record<FailureOrderType, string> = {
  not_progressed: 'A complaint not progressed',
  information_late: 'Information not given to the Ombudsman on time',
  code_non_compliance: 'Non-compliance with the Complaint Handling Code',
}

/** The states a list filters by. */
export const interventionStates = ['open', 'complied'] as const
export type InterventionState = (typeof interventionStates)[number]

/** Where an intervention stands today: open (on time or overdue), or complied with (on time or late). */
export type InterventionStatus = 'open' | 'overdue' | 'complied' | 'complied_late'
export const interventionStatusLabels: Record<InterventionStatus, string> = {
  open: 'Open',
  overdue: 'Overdue',
  complied: 'Complied with',
  complied_late: 'Complied late',
}

export type InterventionDocument = { id: string; filename: string }

/** Everything that happens to an intervention, each kept for good (append-only). */
export type InterventionEventData =
  | {
      type: 'intervention.recorded'
      kind: InterventionKind
      failureType?: FailureOrderType
      ombudsmanReference: string
      receivedOn: CalendarDate
      complaintId?: string
      provision?: string
      description: string
      ownerId: string
      dueOn: CalendarDate
    }
  | {
      type: 'intervention.complied'
      compliedOn: CalendarDate
      evidence: string
      /** After the date to comply: kept as late for good, whatever is said about it later. */
      late: boolean
      document?: InterventionDocument
    }
  | { type: 'intervention.improvement_raised'; actionId: string; title: string }

export type InterventionEvent = InterventionEventData & { seq: number; at: Date; by: string | null }

export type Intervention = {
  id: string
  kind: InterventionKind
  failureType?: FailureOrderType
  ombudsmanReference: string
  receivedOn: CalendarDate
  complaintId?: string
  provision?: string
  description: string
  ownerId: string
  dueOn: CalendarDate
  complied?: { on: CalendarDate; evidence: string; late: boolean; document?: InterventionDocument }
  improvements: { actionId: string; title: string }[]
  version: number
  events: InterventionEvent[]
}

export function foldIntervention(id: string, events: InterventionEvent[]): Intervention {
  const first = events[0]
  if (first?.type !== 'intervention.recorded') throw new Error(`Intervention ${id} has no recorded event`)
  const { type: _t, seq: _s, at: _a, by: _b, ...opened } = first
  const i: Intervention = { id, ...opened, improvements: [], version: 0, events }
  for (const e of events) {
    i.version = e.seq
    if (e.type === 'intervention.complied')
      i.complied = {
        on: e.compliedOn,
        evidence: e.evidence,
        late: e.late,
        ...(e.document ? { document: e.document } : {}),
      }
    else if (e.type === 'intervention.improvement_raised')
      i.improvements.push({ actionId: e.actionId, title: e.title })
  }
  return i
}

/** What the intervention is called: its kind and, for a failure order, its ground. */
export const interventionTitle = (i: Pick<Intervention, 'kind' | 'failureType'>) =>
  i.kind === 'failure_order' && i.failureType
    ? `${interventionKindLabels.failure_order}: ${failureOrderTypeLabels[i.failureType].toLowerCase()}`
    : interventionKindLabels[i.kind]

export function interventionStatus(
  i: Pick<Intervention, 'dueOn' | 'complied'>,
  today: CalendarDate,
): InterventionStatus {
  if (i.complied) return i.complied.late ? 'complied_late' : 'complied'
  return i.dueOn < today ? 'overdue' : 'open'
}

/** The due date in words, with where it comes from: the date the Ombudsman gave to comply. */
export function dueExplained(i: Pick<Intervention, 'kind' | 'dueOn' | 'receivedOn'>): string {
  return `Due ${formatDateInWords(i.dueOn)}: the date to comply by that the Ombudsman gave in its ${interventionKindLabels[i.kind].toLowerCase()} of ${formatDateInWords(i.receivedOn)}`
}

/** Which kinds name a provision of the Code: a finding against it, for the self-assessment. */
export const namesProvision = (kind: InterventionKind, failureType?: FailureOrderType) =>
  kind === 'policy_recommendation' || (kind === 'failure_order' && failureType === 'code_non_compliance')

/** Which kinds must be about one complaint. */
export const needsComplaint = (kind: InterventionKind, failureType?: FailureOrderType) =>
  kind === 'dispute_support' || (kind === 'failure_order' && failureType === 'not_progressed')

const provisionIds = new Set(codeProvisions.map((p) => p.id))

export type RecordInterventionInput = {
  kind?: string
  failureType?: string
  ombudsmanReference?: string
  receivedOn?: string
  complaintId?: string
  provision?: string
  description?: string
  ownerId?: string
  dueOn?: string
}

const realDate = (
  value: string | undefined,
  field: string,
  label: string,
  problems: Problems,
): CalendarDate | undefined => {
  const v = value?.trim() ?? ''
  if (!v) problems.add(field, `Enter ${label}`)
  else if (!isCalendarDate(v))
    problems.add(field, `${label[0]?.toUpperCase()}${label.slice(1)} must be a real date, YYYY-MM-DD`)
  else return v
  return undefined
}

/**
 * A new intervention: its kind (and a failure order's ground), the Ombudsman's reference, when it
 * came in, the complaint it is about (required where it is about one), the provision of the Code
 * (required for a policy compliance check's recommendation), what it asks, an owner, and the date
 * the Ombudsman gave to comply by.
 */
export function decideRecordIntervention(
  input: RecordInterventionInput,
  ctx: {
    today: CalendarDate
    owners: Set<string>
    /** The complaint named, when it exists: when it was received. */
    complaint?: { id: string; receivedOn: CalendarDate }
  },
): InterventionEventData {
  const problems = new Problems()
  const kind = interventionKinds.find((k) => k === input.kind)
  if (!kind)
    problems.add(
      'kind',
      `Choose what the Ombudsman issued: ${interventionKinds.map((k) => interventionKindLabels[k]).join(', ')}`,
    )
  const failureText = input.failureType?.trim() ?? ''
  const failureType = failureOrderTypes.find((t) => t === failureText)
  if (kind === 'failure_order' && !failureType)
    problems.add(
      'failureType',
      `Choose the order’s ground: ${failureOrderTypes.map((t) => failureOrderTypeLabels[t].toLowerCase()).join('; ')}`,
    )
  if (kind && kind !== 'failure_order' && failureText)
    problems.add('failureType', 'Only a Complaint Handling Failure Order has a ground to choose')
  const reference = input.ombudsmanReference?.trim() ?? ''
  if (!reference) problems.add('ombudsmanReference', 'Enter the Ombudsman’s reference')
  else if (reference.length > 50)
    problems.add('ombudsmanReference', 'The reference must be 50 characters or fewer')
  const receivedOn = realDate(input.receivedOn, 'receivedOn', 'the date it came in', problems)
  if (receivedOn && receivedOn > ctx.today)
    problems.add('receivedOn', 'The date it came in cannot be in the future')
  const complaintNamed = input.complaintId?.trim() ?? ''
  if (complaintNamed && !ctx.complaint) problems.add('complaintId', `There is no complaint ${complaintNamed}`)
  if (kind && !complaintNamed && needsComplaint(kind, failureType))
    problems.add(
      'complaintId',
      kind === 'dispute_support'
        ? 'Name the complaint the Dispute Support is about: it is on a complaint stuck in the complaints process'
        : 'Name the complaint that was not progressed',
    )
  if (receivedOn && ctx.complaint && receivedOn < ctx.complaint.receivedOn)
    problems.add('receivedOn', 'The intervention cannot have come in before the complaint was made')
  const provision = input.provision?.trim().replace(/^code\s*/i, '') ?? ''
  if (kind === 'policy_recommendation' && !provision)
    problems.add(
      'provision',
      'Code 8.1: name the provision of the Code the recommendation is about, as the self-assessment lists them (for example 5.8)',
    )
  else if (provision && kind && !namesProvision(kind, failureType))
    problems.add(
      'provision',
      'Only a policy compliance check’s recommendation, or a failure order for non-compliance with the Code, names a provision',
    )
  else if (provision && !provisionIds.has(provision))
    problems.add(
      'provision',
      `There is no provision ${provision} in the 2024 Code: give one from 1.2 to 9.8, as the self-assessment lists them`,
    )
  const description = input.description?.trim() ?? ''
  if (!description) problems.add('description', 'Say what the Ombudsman found or asked for, in its words')
  else if (description.length > 5000)
    problems.add('description', 'Keep the description to 5,000 characters or fewer')
  if (!input.ownerId || !ctx.owners.has(input.ownerId))
    problems.add('ownerId', 'Choose who will see it complied with: an active member of staff')
  const dueOn = realDate(input.dueOn, 'dueOn', 'the date the Ombudsman gave to comply by', problems)
  if (dueOn && receivedOn && dueOn < receivedOn)
    problems.add('dueOn', 'The date to comply by cannot be before the intervention came in')
  problems.throwIfAny()
  return {
    type: 'intervention.recorded',
    kind: kind as InterventionKind,
    ...(kind === 'failure_order' ? { failureType } : {}),
    ombudsmanReference: reference,
    receivedOn: receivedOn as CalendarDate,
    ...(ctx.complaint ? { complaintId: ctx.complaint.id } : {}),
    ...(provision ? { provision } : {}),
    description,
    ownerId: input.ownerId as string,
    dueOn: dueOn as CalendarDate,
  }
}

/** Compliance, with its evidence: after the date to comply by, it is recorded as late. */
export function decideComplyIntervention(
  i: Intervention,
  input: { compliedOn?: string; evidence?: string; document?: InterventionDocument },
  ctx: { today: CalendarDate },
): InterventionEventData {
  if (i.complied)
    throw notNow(
      `Compliance with this intervention was already recorded, on ${formatDateInWords(i.complied.on)}`,
    )
  const problems = new Problems()
  const evidence = input.evidence?.trim() ?? ''
  if (!evidence) problems.add('evidence', 'Describe the evidence of compliance given to the Ombudsman')
  else if (evidence.length > 10_000)
    problems.add('evidence', 'Keep the evidence to 10,000 characters or fewer')
  const compliedOn = realDate(input.compliedOn, 'compliedOn', 'the date it was complied with', problems)
  if (compliedOn && compliedOn > ctx.today)
    problems.add('compliedOn', 'The date it was complied with cannot be in the future')
  else if (compliedOn && compliedOn < i.receivedOn)
    problems.add('compliedOn', 'It cannot have been complied with before it came in')
  problems.throwIfAny()
  return {
    type: 'intervention.complied',
    compliedOn: compliedOn as CalendarDate,
    evidence,
    late: (compliedOn as CalendarDate) > i.dueOn,
    ...(input.document ? { document: input.document } : {}),
  }
}

/** An improvement action was raised from the intervention (Code 9.1): the intervention keeps the link. */
export function decideImprovementRaised(
  _i: Intervention,
  action: { id: string; title: string },
): InterventionEventData {
  return { type: 'intervention.improvement_raised', actionId: action.id, title: action.title }
}

/**
 * The Ombudsman's findings against provisions of the Code in a period, for the self-assessment:
 * each recommendation of a policy compliance check, and each failure order for non-compliance
 * with the Code, that came in during it, beside the provision it names.
 */
export function findingsByProvision(
  interventions: Intervention[],
  period: { from: CalendarDate; to: CalendarDate },
  today: CalendarDate,
): Record<string, { label: string; value: string; concern: string }[]> {
  const out: Record<string, { label: string; value: string; concern: string }[]> = {}
  for (const i of interventions) {
    if (!i.provision || i.receivedOn < period.from || i.receivedOn > period.to) continue
    const status = interventionStatus(i, today)
    const value =
      status === 'complied' || status === 'complied_late'
        ? `${interventionStatusLabels[status]} on ${formatDateInWords(i.complied?.on as CalendarDate)}`
        : `${interventionStatusLabels[status]}, due ${formatDateInWords(i.dueOn)}`
    const list = out[i.provision] ?? []
    list.push({
      label: `${interventionTitle(i)} ${i.ombudsmanReference} (${formatDateInWords(i.receivedOn)})`,
      value,
      concern: `the Housing Ombudsman found against this provision (${i.ombudsmanReference}): ${i.description}`,
    })
    out[i.provision] = list
  }
  return out
}
