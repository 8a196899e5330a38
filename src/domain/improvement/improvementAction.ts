import {
  type CalendarDate,
  formatDateInWords,
  isCalendarDate,
  londonDateOf,
} from '../calendar/calendarDate.js'
import { notNow, Problems, rule } from '../rules.js'

/** Where an improvement action came from (Code 9.1–9.4): one complaint, a theme, the Ombudsman, or a recommendation. */
export const improvementSources = [
  'complaint',
  'theme',
  'ombudsman_order',
  'ombudsman_recommendation',
  'recommendation',
] as const
export type ImprovementSource = (typeof improvementSources)[number]
export const improvementSourceLabels: Record<ImprovementSource, string> = {
  complaint: 'A complaint',
  theme: 'A theme across complaints',
  ombudsman_order: 'A Housing Ombudsman order',
  ombudsman_recommendation: 'A Housing Ombudsman recommendation',
  recommendation: 'Another recommendation (for example a scrutiny panel, the MRC or an audit)',
}

export const improvementStatuses = ['open', 'in_progress', 'completed', 'cancelled'] as const
export type ImprovementStatus = (typeof improvementStatuses)[number]
export const improvementStatusLabels: Record<ImprovementStatus, string> = {
  open: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
}

export type ImprovementOrigin = {
  kind: ImprovementSource
  /** The theme, or who made the recommendation, in words. */
  detail?: string
  ombudsmanCaseId?: string
  directionId?: string
}

/** Everything that happens to an improvement action, each kept for good (append-only). */
export type ImprovementEventData =
  | {
      type: 'improvement.raised'
      title: string
      description: string
      origin: ImprovementOrigin
      complaintIds: string[]
      ownerId: string
      director: string
      dueOn: CalendarDate
    }
  | { type: 'improvement.complaint_linked'; complaintId: string }
  | { type: 'improvement.progress_noted'; note: string }
  | { type: 'improvement.rescheduled'; dueOn: CalendarDate; reason: string }
  | { type: 'improvement.completed'; evidence: string; completedOn: CalendarDate }
  | { type: 'improvement.cancelled'; reason: string }
  /** "You said, we did": the words the public page shows, free of anyone's personal details. */
  | { type: 'improvement.published'; youSaid: string; weDid: string }
  | { type: 'improvement.unpublished'; reason: string }

export type ImprovementEvent = ImprovementEventData & { seq: number; at: Date; by: string | null }

export type ImprovementAction = {
  id: string
  title: string
  description: string
  origin: ImprovementOrigin
  complaintIds: string[]
  ownerId: string
  director: string
  dueOn: CalendarDate
  originalDueOn: CalendarDate
  status: ImprovementStatus
  progress: { at: Date; note: string; by: string | null }[]
  reschedules: { at: Date; from: CalendarDate; to: CalendarDate; reason: string }[]
  completed?: { on: CalendarDate; evidence: string; at: Date }
  cancelled?: { reason: string; at: Date }
  published?: { youSaid: string; weDid: string; at: Date }
  raisedAt: Date
  version: number
  events: ImprovementEvent[]
}

export function foldImprovement(id: string, events: ImprovementEvent[]): ImprovementAction {
  const first = events[0]
  if (first?.type !== 'improvement.raised') throw new Error(`Improvement action ${id} has no raised event`)
  const a: ImprovementAction = {
    id,
    title: first.title,
    description: first.description,
    origin: first.origin,
    complaintIds: [...first.complaintIds],
    ownerId: first.ownerId,
    director: first.director,
    dueOn: first.dueOn,
    originalDueOn: first.dueOn,
    status: 'open',
    progress: [],
    reschedules: [],
    raisedAt: first.at,
    version: 0,
    events,
  }
  for (const e of events) {
    a.version = e.seq
    switch (e.type) {
      case 'improvement.complaint_linked':
        if (!a.complaintIds.includes(e.complaintId)) a.complaintIds.push(e.complaintId)
        break
      case 'improvement.progress_noted':
        a.progress.push({ at: e.at, note: e.note, by: e.by })
        if (a.status === 'open') a.status = 'in_progress'
        break
      case 'improvement.rescheduled':
        a.reschedules.push({ at: e.at, from: a.dueOn, to: e.dueOn, reason: e.reason })
        a.dueOn = e.dueOn
        break
      case 'improvement.completed':
        a.completed = { on: e.completedOn, evidence: e.evidence, at: e.at }
        a.status = 'completed'
        break
      case 'improvement.cancelled':
        a.cancelled = { reason: e.reason, at: e.at }
        a.status = 'cancelled'
        break
      case 'improvement.published':
        a.published = { youSaid: e.youSaid, weDid: e.weDid, at: e.at }
        break
      case 'improvement.unpublished':
        a.published = undefined
        break
    }
  }
  return a
}

/** Still to be done: neither completed nor cancelled. */
export const isOpen = (a: Pick<ImprovementAction, 'status'>) =>
  a.status === 'open' || a.status === 'in_progress'
export const isOverdue = (a: Pick<ImprovementAction, 'status' | 'dueOn'>, today: CalendarDate) =>
  isOpen(a) && a.dueOn < today

const words = (value: string | undefined, field: string, what: string, max: number, problems: Problems) => {
  const v = value?.trim() ?? ''
  if (!v) problems.add(field, what)
  else if (v.length > max)
    problems.add(field, `Keep it to ${max.toLocaleString('en-GB')} characters or fewer`)
  return v
}

/** One piece of text the record needs, trimmed, or the rule it breaks. */
function required(value: string | undefined, field: string, ask: string, max: number): string {
  const problems = new Problems()
  const text = words(value, field, ask, max, problems)
  problems.throwIfAny()
  return text
}

export type RaiseInput = {
  title?: string
  description?: string
  source?: string
  detail?: string
  complaintIds?: string[]
  ombudsmanCaseId?: string
  directionId?: string
  ownerId?: string
  director?: string
  dueOn?: string
}

/**
 * Code 9.1–9.4: an improvement raised from what complaints showed. It says what will change,
 * where it came from, who owns it, the director accountable for it, and by when.
 */
export function decideRaise(
  input: RaiseInput,
  ctx: {
    today: CalendarDate
    owners: Set<string>
    /** The complaints that exist, of those named. */
    knownComplaints: Set<string>
    /** The Ombudsman direction named, if it exists: whether it is an order or a recommendation. */
    direction?: {
      caseId: string
      directionId: string
      direction: 'order' | 'recommendation'
      complaintId: string
    }
  },
): ImprovementEventData {
  const problems = new Problems()
  const title = words(input.title, 'title', 'Give the improvement a short title', 200, problems)
  const description = words(
    input.description,
    'description',
    'Code 9.1: say what will change in the service, and why',
    10_000,
    problems,
  )
  const kind = improvementSources.find((s) => s === input.source)
  if (!kind) problems.add('source', 'Choose where the improvement came from', '9.1')
  const complaintIds = [...new Set((input.complaintIds ?? []).map((x) => x.trim()).filter(Boolean))]
  for (const cid of complaintIds)
    if (!ctx.knownComplaints.has(cid)) problems.add('complaintIds', `There is no complaint ${cid}`)
  if (kind === 'complaint' && !complaintIds.length)
    problems.add('complaintIds', 'Name the complaint the improvement came from', '9.1')
  const detail = input.detail?.trim() ?? ''
  if (kind === 'theme' && !detail)
    problems.add('detail', 'Code 9.4: describe the theme, for example “repeat leaks in Tower Court”', '9.4')
  if (kind === 'recommendation' && !detail)
    problems.add('detail', 'Say who made the recommendation, for example the scrutiny panel', '9.1')
  if (detail.length > 2000) problems.add('detail', 'The detail must be 2,000 characters or fewer')
  if (kind === 'ombudsman_order' || kind === 'ombudsman_recommendation') {
    const d = ctx.direction
    if (!d) problems.add('directionId', 'Choose the Ombudsman’s order or recommendation it answers')
    else if ((d.direction === 'order') !== (kind === 'ombudsman_order'))
      problems.add(
        'source',
        `That is an Ombudsman ${d.direction}, not ${improvementSourceLabels[kind].toLowerCase().replace(/^a housing ombudsman /, 'an ')}`,
      )
    if (d && !complaintIds.includes(d.complaintId)) complaintIds.unshift(d.complaintId)
  }
  if (!input.ownerId || !ctx.owners.has(input.ownerId))
    problems.add('ownerId', 'Choose who owns it: an active member of staff')
  const director = words(
    input.director,
    'director',
    'Name the director accountable for it (Code 9.1: learning is owned at a senior level)',
    200,
    problems,
  )
  const dueOn = input.dueOn?.trim() ?? ''
  if (!isCalendarDate(dueOn)) problems.add('dueOn', 'Give the date it will be done by, as a real date')
  else if (dueOn < ctx.today) problems.add('dueOn', 'The date it will be done by cannot be in the past')
  problems.throwIfAny()
  const d = ctx.direction
  return {
    type: 'improvement.raised',
    title,
    description,
    origin: {
      kind: kind as ImprovementSource,
      ...(detail && (kind === 'theme' || kind === 'recommendation') ? { detail } : {}),
      ...(d && (kind === 'ombudsman_order' || kind === 'ombudsman_recommendation')
        ? { ombudsmanCaseId: d.caseId, directionId: d.directionId }
        : {}),
    },
    complaintIds,
    ownerId: input.ownerId as string,
    director,
    dueOn: dueOn as CalendarDate,
  }
}

const stillOpen = (a: ImprovementAction) => {
  if (a.status === 'completed')
    throw notNow(
      `This improvement was completed on ${a.completed ? formatDateInWords(a.completed.on) : 'an earlier day'}`,
    )
  if (a.status === 'cancelled') throw notNow('This improvement was cancelled')
}

export function decideLink(a: ImprovementAction, complaintId: string, known: boolean): ImprovementEventData {
  if (!known) throw rule('There is no such complaint', 'complaintId')
  if (a.complaintIds.includes(complaintId))
    throw notNow('That complaint is already linked to this improvement')
  return { type: 'improvement.complaint_linked', complaintId }
}

export function decideProgress(a: ImprovementAction, note: string | undefined): ImprovementEventData {
  stillOpen(a)
  const text = required(note, 'note', 'Say what has been done so far', 5000)
  return { type: 'improvement.progress_noted', note: text }
}

export function decideReschedule(
  a: ImprovementAction,
  input: { dueOn?: string; reason?: string },
  today: CalendarDate,
): ImprovementEventData {
  stillOpen(a)
  const problems = new Problems()
  const dueOn = input.dueOn?.trim() ?? ''
  if (!isCalendarDate(dueOn)) problems.add('dueOn', 'Give the new date it will be done by, as a real date')
  else if (dueOn <= a.dueOn || dueOn < today)
    problems.add(
      'dueOn',
      `The new date must be after ${formatDateInWords(a.dueOn)}, the date it was due, and not in the past`,
    )
  const reason = words(input.reason, 'reason', 'Say why it will be late', 2000, problems)
  problems.throwIfAny()
  return { type: 'improvement.rescheduled', dueOn: dueOn as CalendarDate, reason }
}

/** Done, with the evidence that the change was made (Code 9.1: learning that changes the service). */
export function decideComplete(
  a: ImprovementAction,
  input: { evidence?: string; completedOn?: string },
  today: CalendarDate,
): ImprovementEventData {
  stillOpen(a)
  const problems = new Problems()
  const evidence = words(
    input.evidence,
    'evidence',
    'Code 9.1: give the evidence that the change was made, for example the new procedure and its date',
    10_000,
    problems,
  )
  const on = input.completedOn?.trim() || today
  if (!isCalendarDate(on)) problems.add('completedOn', 'Give the date it was completed, as a real date')
  else if (on > today) problems.add('completedOn', 'The date it was completed cannot be in the future')
  else if (on < londonDateOf(a.raisedAt))
    problems.add('completedOn', 'The date it was completed cannot be before it was raised')
  problems.throwIfAny()
  return { type: 'improvement.completed', evidence, completedOn: on as CalendarDate }
}

export function decideCancel(a: ImprovementAction, reason: string | undefined): ImprovementEventData {
  stillOpen(a)
  const text = required(reason, 'reason', 'Say why it is cancelled; the record keeps it', 2000)
  return { type: 'improvement.cancelled', reason: text }
}

/** "You said, we did": the public words, checked for anything that could identify someone. */
export function decidePublish(
  a: ImprovementAction,
  input: { youSaid?: string; weDid?: string },
): ImprovementEventData {
  if (a.status === 'cancelled') throw notNow('A cancelled improvement is not published')
  const problems = new Problems()
  const youSaid = words(
    input.youSaid,
    'youSaid',
    'Say, in residents’ words, what they told you',
    1000,
    problems,
  )
  const weDid = words(input.weDid, 'weDid', 'Say what changed, or what is changing', 1000, problems)
  for (const [field, text] of [
    ['youSaid', youSaid],
    ['weDid', weDid],
  ] as const) {
    if (/[^\s@]+@[^\s@]+\.[^\s@]+/.test(text) || /\b(?:0|\+44)\d[\d ]{8,12}\b/.test(text))
      problems.add(field, 'The public page must not show anyone’s email address or phone number')
    if (/\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/i.test(text))
      problems.add(field, 'The public page must not show a postcode that could identify a home')
  }
  problems.throwIfAny()
  return { type: 'improvement.published', youSaid, weDid }
}

export function decideUnpublish(a: ImprovementAction, reason: string | undefined): ImprovementEventData {
  if (!a.published) throw notNow('This improvement is not published')
  const text = required(reason, 'reason', 'Say why it is taken down', 2000)
  return { type: 'improvement.unpublished', reason: text }
}
