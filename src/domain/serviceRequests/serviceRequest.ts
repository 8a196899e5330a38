import { type CalendarDate, isCalendarDate } from '../calendar/calendarDate.js'
import { checkDetails } from '../people/decisions.js'
import { Problems, rule } from '../rules.js'
import { trimmed } from '../text/trimmed.js'
import { wordsFound } from '../triage/triage.js'

/**
 * Code 1.4–1.6: a service request is a request to the landlord to provide or improve a service
 * (a repair, a report of anti-social behaviour…). It is not a complaint; but a resident unhappy
 * with how one is handled can complain, and the request keeps going while the complaint is
 * considered. A survey comment that shows dissatisfaction is offered to the resident as a complaint.
 */
export const requestKinds = [
  'repair',
  'anti_social_behaviour',
  'estate_services',
  'rent_and_income',
  'lettings',
  'other',
] as const
export type RequestKind = (typeof requestKinds)[number]
export const requestKindLabels: Record<RequestKind, string> = {
  repair: 'Repair',
  anti_social_behaviour: 'Anti-social behaviour report',
  estate_services: 'Estate services',
  rent_and_income: 'Rent and income',
  lettings: 'Lettings',
  other: 'Other',
}

export type RequestResident = {
  name: string
  email?: string
  phone?: string
  address?: string
  postcode?: string
}

export type ServiceRequestEventData =
  | {
      type: 'service_request.logged'
      reference: string
      externalReference?: string
      kind: RequestKind
      summary: string
      resident: RequestResident
      openedOn: CalendarDate
      source: 'staff' | 'api'
    }
  | {
      type: 'service_request.complaint_logged'
      complaintId: string
      complaintReference: string
      fromCommentSeq?: number
    }
  | {
      type: 'service_request.survey_comment'
      comment: string
      score?: number
      dissatisfied: boolean
      reasons: string[]
    }
  | { type: 'service_request.comment_not_a_complaint'; commentSeq: number; note: string }
  | { type: 'service_request.closed'; outcome: string }

export type ServiceRequestEvent = ServiceRequestEventData & { seq: number; at: Date; by: string | null }

export type SurveyComment = {
  seq: number
  at: Date
  comment: string
  score?: number
  dissatisfied: boolean
  reasons: string[]
  /** Code 1.6: what became of a dissatisfied comment: a complaint, or the resident's choice not to. */
  answer?: { complaintId?: string; complaintReference?: string; declined?: string }
}

export type ServiceRequest = {
  id: string
  reference: string
  externalReference?: string
  kind: RequestKind
  summary: string
  resident: RequestResident
  openedOn: CalendarDate
  source: 'staff' | 'api'
  status: 'open' | 'closed'
  outcome?: string
  complaints: { complaintId: string; complaintReference: string; at: Date }[]
  comments: SurveyComment[]
  version: number
  events: ServiceRequestEvent[]
}

export function foldServiceRequest(id: string, events: ServiceRequestEvent[]): ServiceRequest {
  const first = events[0]
  if (first?.type !== 'service_request.logged') throw new Error(`Service request ${id} has no logged event`)
  const r: ServiceRequest = {
    id,
    reference: first.reference,
    ...(first.externalReference ? { externalReference: first.externalReference } : {}),
    kind: first.kind,
    summary: first.summary,
    resident: first.resident,
    openedOn: first.openedOn,
    source: first.source,
    status: 'open',
    complaints: [],
    comments: [],
    version: 0,
    events,
  }
  for (const e of events) {
    r.version = e.seq
    switch (e.type) {
      case 'service_request.complaint_logged': {
        r.complaints.push({ complaintId: e.complaintId, complaintReference: e.complaintReference, at: e.at })
        const c = r.comments.find((x) => x.seq === e.fromCommentSeq)
        if (c) c.answer = { complaintId: e.complaintId, complaintReference: e.complaintReference }
        break
      }
      case 'service_request.survey_comment':
        r.comments.push({
          seq: e.seq,
          at: e.at,
          comment: e.comment,
          ...(e.score !== undefined ? { score: e.score } : {}),
          dissatisfied: e.dissatisfied,
          reasons: e.reasons,
        })
        break
      case 'service_request.comment_not_a_complaint': {
        const c = r.comments.find((x) => x.seq === e.commentSeq)
        if (c) c.answer = { declined: e.note }
        break
      }
      case 'service_request.closed':
        r.status = 'closed'
        r.outcome = e.outcome
        break
      case 'service_request.logged':
        break
    }
  }
  return r
}

/** Comments flagged as dissatisfied and not yet offered as a complaint (Code 1.6). */
export const commentsToOffer = (r: Pick<ServiceRequest, 'comments'>) =>
  r.comments.filter((c) => c.dissatisfied && !c.answer)

/** Words that show a resident is unhappy with the service, whatever they call it. */
export const dissatisfactionWords = [
  'unhappy',
  'not happy',
  'dissatisfied',
  'disappointed',
  'complain*',
  'unacceptable',
  'disgrace*',
  'terrible',
  'awful',
  'poor',
  'rubbish',
  'useless',
  'still waiting',
  'still not',
  'not fixed',
  'never came',
  'no one came',
  'nobody came',
  'no show',
  'ignored',
  'let down',
  'fed up',
]

/**
 * Code 1.6: whether a survey comment shows dissatisfaction, and why: its words, or a score of 1 or
 * 2 out of 5. Plain and explainable, like triage.
 */
export function dissatisfaction(
  comment: string,
  score?: number,
): { dissatisfied: boolean; reasons: string[] } {
  const found = wordsFound(comment, dissatisfactionWords)
  const reasons = [
    ...(found.length ? [`Says ${found.map((w) => `“${w}”`).join(', ')}`] : []),
    ...(score !== undefined && score <= 2 ? [`Scored the service ${score} out of 5`] : []),
  ]
  return { dissatisfied: reasons.length > 0, reasons }
}

export function decideLog(
  input: {
    externalReference?: string
    kind?: string
    summary?: string
    resident?: Partial<RequestResident>
    openedOn?: string
  },
  ctx: { reference: string; today: CalendarDate; source: 'staff' | 'api' },
): ServiceRequestEventData {
  const problems = new Problems()
  const kind = requestKinds.find((k) => k === input.kind)
  if (!kind) problems.add('kind', `Choose the kind of request: ${requestKinds.join(', ')}`, '1.4')
  const summary = trimmed(input.summary)
  if (!summary) problems.add('summary', 'Say what the resident asked for')
  else if (summary.length > 5000) problems.add('summary', 'The summary must be 5,000 characters or fewer')
  const resident: RequestResident = checkDetails(input.resident ?? {}, problems, 'resident.')
  const external = trimmed(input.externalReference)
  if (external && !/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,59}$/.test(external))
    problems.add(
      'externalReference',
      'The housing system’s reference must be up to 60 letters, digits, / _ . or -',
    )
  const openedOn = trimmed(input.openedOn) ?? ctx.today
  if (!isCalendarDate(openedOn)) problems.add('openedOn', 'The date opened must be a real date, YYYY-MM-DD')
  else if (openedOn > ctx.today) problems.add('openedOn', 'The date opened cannot be in the future')
  problems.throwIfAny()
  return {
    type: 'service_request.logged',
    reference: ctx.reference,
    ...(external ? { externalReference: external } : {}),
    kind: kind as RequestKind,
    summary: summary as string,
    resident,
    openedOn,
    source: ctx.source,
  }
}

export function decideSurveyComment(input: { comment?: string; score?: number }): ServiceRequestEventData {
  const problems = new Problems()
  const comment = trimmed(input.comment)
  if (!comment) problems.add('comment', 'Enter the resident’s comment, as they gave it')
  else if (comment.length > 5000) problems.add('comment', 'The comment must be 5,000 characters or fewer')
  if (input.score !== undefined && !(Number.isInteger(input.score) && input.score >= 1 && input.score <= 5))
    problems.add('score', 'The score must be a whole number from 1 to 5')
  problems.throwIfAny()
  return {
    type: 'service_request.survey_comment',
    comment: comment as string,
    ...(input.score !== undefined ? { score: input.score } : {}),
    ...dissatisfaction(comment as string, input.score),
  }
}

/** Code 1.6: a comment offered as a complaint is one flagged as dissatisfied and not yet answered. */
export function checkCommentWaiting(r: ServiceRequest, commentSeq: number) {
  const c = r.comments.find((x) => x.seq === commentSeq)
  if (!c?.dissatisfied)
    throw rule('There is no comment flagged as dissatisfied with that number', 'commentSeq')
  if (c.answer) throw rule('That comment has already been answered', 'commentSeq')
}

/** Code 1.6: the resident, offered a complaint about a dissatisfied comment, chose not to make one. */
export function decideNotAComplaint(
  r: ServiceRequest,
  commentSeq: number,
  note: string | undefined,
): ServiceRequestEventData {
  checkCommentWaiting(r, commentSeq)
  const why = trimmed(note)
  if (!why)
    throw rule(
      'Code 1.6: record that the resident was offered a complaint, and what they said',
      'note',
      '1.6',
    )
  return { type: 'service_request.comment_not_a_complaint', commentSeq, note: why }
}

export function decideClose(r: ServiceRequest, outcome: string | undefined): ServiceRequestEventData {
  if (r.status === 'closed') throw rule('The service request is already closed')
  const o = trimmed(outcome)
  if (!o) throw rule('Say how the request was completed', 'outcome')
  return { type: 'service_request.closed', outcome: o }
}
