import {
  addCalendarDays,
  type CalendarDate,
  dayNumber,
  formatDateInWords,
  isCalendarDate,
} from '../calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { type Complaint, outstandingActions } from '../complaints/complaint.js'
import type { ComplaintEventData, Remedy } from '../complaints/events.js'
import { type RemedyType, remedyLabels, type Stage, upheldDecisions } from '../complaints/vocabulary.js'
import { checkTransition } from '../complaints/workflow.js'
import { type DecisionContext, notNow, Problems, rule } from '../rules.js'
import {
  type CompensationBreakdown,
  compensationPartLabels,
  compensationParts,
  givenInTheResponse,
  money,
  type Payment,
  REMEDY_WORKING_DAYS,
  type RemedyAnswer,
  type RemedyStatus,
  remedyAnswers,
} from './vocabulary.js'

/** A remedy's id on its complaint: the stage whose response offered it, and its place there. */
export const remedyId = (stage: Stage, index: number) => `${stage}-${index + 1}`

/** The remedy a complaint's response offered, by its id ("1-2"). */
export function remedyOffered(c: Complaint, id: string): Remedy | undefined {
  const [stage, n] = id.split('-').map(Number)
  return c.stages[stage as Stage]?.response?.remedies[(n ?? 0) - 1]
}

/** A remedy as people read it: "A financial remedy of £50.00", "An apology". */
export const remedyInWords = (r: Pick<Remedy, 'type' | 'amount'>) =>
  `${remedyLabels[r.type]}${r.type === 'financial' && r.amount !== undefined ? ` of ${money(r.amount)}` : ''}`

/** A payment made: how much reached the resident and how much went to their arrears, with their agreement. */

export type RemedyFollowThrough = {
  id: string
  stage: Stage
  type: RemedyType
  label: string
  description?: string
  amount?: number
  breakdown?: CompensationBreakdown
  offeredOn: CalendarDate
  /** Code 7.3: when it is to be done by, and how that date was worked out. */
  dueOn: CalendarDate
  dueExplanation: string
  status: RemedyStatus
  /** Replaced by a stage 2 remedy (its id) before it was done, and why: owed no longer. */
  replacedBy?: { id: string; why: string }
  answer?: { answer: RemedyAnswer; on: CalendarDate; note?: string }
  done?: { on: CalendarDate; note?: string; payment?: Payment; withTheResponse: boolean }
  /** Code 7.3: offered (or accepted) and not yet done or paid: an outstanding action. */
  outstanding: boolean
  overdue: boolean
}

/**
 * Code 7.3: where a remedy has got to: done once done or paid (an apology, acknowledgement or
 * explanation is given in the response letter itself), otherwise as the resident answered.
 */
export function remedyStatusOf(
  type: RemedyType,
  answer: RemedyAnswer | undefined,
  recordedDone: boolean,
  /** Replaced by a stage 2 remedy before it was done or paid: owed no longer. */
  replaced = false,
): RemedyStatus {
  if (recordedDone) return 'done'
  if (replaced) return 'superseded'
  return givenInTheResponse.includes(type) ? 'done' : (answer ?? 'offered')
}

/** Offered or accepted and not yet done or paid: an outstanding action. */
export const isOwed = (status: RemedyStatus) => status === 'offered' || status === 'accepted'

/** Code 7.3: when a remedy is due, REMEDY_WORKING_DAYS after the response that offered it, and why. */
export const remedyDue = (offeredOn: CalendarDate, stage: Stage, calendar: WorkingDayCalendar) =>
  calendar.explainAddition(
    offeredOn,
    REMEDY_WORKING_DAYS,
    `offered in the stage ${stage} response`,
    'Code 7.3: remedies are followed through to completion',
  )

/**
 * Code 7.3: the first day a remedy can have been offered on and not be overdue on `today`. The
 * later a remedy is offered the later it is due, so one offered before this day is overdue and
 * one offered on it or after is not: a register counts the overdue by the day each was offered,
 * and a change to the calendar counts at once.
 */
export function overdueIfOfferedBefore(today: CalendarDate, calendar: WorkingDayCalendar): CalendarDate {
  const dueOn = (offeredOn: CalendarDate) => remedyDue(offeredOn, 1, calendar).date
  // Due before today when offered a year earlier (or the calendar's first day); not when offered today.
  let overdue = addCalendarDays(today, -366)
  if (overdue < calendar.firstDate) overdue = calendar.firstDate
  if (dueOn(overdue) >= today) return overdue
  let notOverdue = today
  while (addCalendarDays(overdue, 1) < notOverdue) {
    const mid = addCalendarDays(overdue, Math.ceil((dayNumber(notOverdue) - dayNumber(overdue)) / 2))
    if (dueOn(mid) < today) overdue = mid
    else notOverdue = mid
  }
  return notOverdue
}

/** Every remedy offered in the complaint's responses and where it has got to, without dates. */
export function remedyStates(c: Complaint) {
  // Code 7.3: a stage 2 remedy that replaces one offered at stage 1, by the one it replaces.
  const replacedBy = new Map(
    (c.stages[2]?.response?.remedies ?? []).flatMap((r, i) =>
      r.replaces ? [[r.replaces.remedyId, { id: remedyId(2, i), why: r.replaces.why }] as const] : [],
    ),
  )
  return ([1, 2] as const).flatMap((stage) => {
    const response = c.stages[stage]?.response
    if (!response) return []
    return response.remedies.map((r, i) => {
      const id = remedyId(stage, i)
      const answer = c.remedyAnswers.get(id)
      const fulfilled = c.remedyFulfilments.get(id)
      const replaced = replacedBy.get(id)
      const status = remedyStatusOf(r.type, answer?.answer, Boolean(fulfilled), Boolean(replaced))
      const done = fulfilled
        ? { ...fulfilled, withTheResponse: false }
        : status === 'done'
          ? { on: response.on, withTheResponse: true }
          : undefined
      return {
        id,
        stage,
        position: i + 1,
        remedy: r,
        offeredOn: response.on,
        answer,
        done,
        status,
        ...(replaced && status === 'superseded' ? { replacedBy: replaced } : {}),
      }
    })
  })
}

/**
 * The complaint's remedies as the register keeps them, one row each: the response that offered
 * it (by its event's number), where it has got to, and whether it is still owed (Code 7.3).
 */
export function registerRowsOf(c: Complaint) {
  return remedyStates(c).map((r) => {
    const response = c.events.find((e) => e.type === 'complaint.responded' && e.stage === r.stage)
    return {
      stage: r.stage,
      position: r.position,
      responseSeq: response?.seq ?? 0,
      offeredAt: c.stages[r.stage]?.response?.at ?? new Date(0),
      /** Code 7.1: the response upheld the complaint, wholly or in part. */
      upheld: upheldDecisions.includes(c.stages[r.stage]?.response?.decision ?? 'not_upheld'),
      type: r.remedy.type,
      amount: r.remedy.amount ?? null,
      status: r.status,
      owed: isOwed(r.status),
      doneOn: r.done?.on ?? null,
      offsetAgainstArrears: r.done?.payment?.offsetAgainstArrears ?? null,
    }
  })
}
export type RegisterRowKept = ReturnType<typeof registerRowsOf>[number]

/**
 * Code 6.6, 7.3: everything owed on a complaint after its response, promised actions and
 * remedies alike: how many, and the soonest date, as the queues count them.
 */
export function owedOnComplaint(
  c: Complaint,
  remedies: Pick<RemedyFollowThrough, 'outstanding' | 'dueOn'>[],
) {
  const open = [
    ...outstandingActions(c).filter((a) => !a.completed),
    ...remedies.filter((r) => r.outstanding),
  ]
  return { openActions: open.length, nextActionDueOn: open.map((a) => a.dueOn).sort()[0] ?? null }
}

/** Code 7.3: the stage 1 remedies a stage 2 remedy may replace: those not yet done or paid. */
export const replaceableRemedies = (c: Complaint) =>
  remedyStates(c).filter((r) => r.stage === 1 && !c.remedyFulfilments.has(r.id))

/** Code 7.3: remedies offered or accepted and not yet done or paid: outstanding actions. */
export const outstandingRemedies = (c: Complaint) => remedyStates(c).filter((r) => isOwed(r.status))

/**
 * Every remedy offered in the complaint's responses and where each has got to, with the date
 * each is due: 20 working days after the response that offered it, unless done sooner.
 */
export function remediesOf(
  c: Complaint,
  calendar: WorkingDayCalendar,
  today: CalendarDate,
): RemedyFollowThrough[] {
  return remedyStates(c).map(({ id, stage, remedy: r, offeredOn, answer, done, status, replacedBy }) => {
    const explained = remedyDue(offeredOn, stage, calendar)
    const outstanding = isOwed(status)
    return {
      id,
      stage,
      type: r.type,
      label: remedyLabels[r.type],
      ...(r.description ? { description: r.description } : {}),
      ...(r.amount !== undefined ? { amount: r.amount } : {}),
      ...(r.breakdown ? { breakdown: r.breakdown } : {}),
      offeredOn,
      dueOn: explained.date,
      dueExplanation: explained.text,
      status,
      ...(replacedBy ? { replacedBy } : {}),
      ...(answer ? { answer } : {}),
      ...(done ? { done } : {}),
      outstanding,
      overdue: outstanding && explained.date < today,
    }
  })
}

/** Code 7.2: a breakdown, where given, accounts for the whole amount offered, part by part. */
export function checkBreakdown(r: Remedy, index: number, problems: Problems) {
  if (!r.breakdown) return
  const parts = Object.entries(r.breakdown).filter(([, v]) => v !== undefined)
  for (const [part, value] of parts) {
    if (!(compensationParts as readonly string[]).includes(part))
      problems.add(
        `remedies.${index}.breakdown`,
        `Remedy ${index + 1}: "${part}" is not a part of compensation`,
      )
    else if (!(Number.isFinite(value) && (value as number) >= 0))
      problems.add(
        `remedies.${index}.breakdown.${part}`,
        `Remedy ${index + 1}: ${compensationPartLabels[part as keyof typeof compensationPartLabels].toLowerCase()} must be an amount in pounds, £0 or more`,
      )
  }
  if (r.type !== 'financial') {
    problems.add(`remedies.${index}.breakdown`, `Remedy ${index + 1}: only a financial remedy is broken down`)
    return
  }
  const total = parts.reduce((sum, [, v]) => sum + Math.round((v as number) * 100), 0)
  if (parts.length && r.amount !== undefined && total !== Math.round(r.amount * 100))
    problems.add(
      `remedies.${index}.breakdown`,
      `Code 7.2: remedy ${index + 1}’s parts add up to ${money(total / 100)}, not the ${money(r.amount)} offered`,
      '7.2',
    )
}

function dayOf(
  value: string | undefined,
  field: string,
  what: string,
  bounds: { notBefore: CalendarDate; today: CalendarDate },
  problems: Problems,
): CalendarDate | undefined {
  const v = value?.trim() || bounds.today
  if (!isCalendarDate(v)) {
    problems.add(field, `Give ${what} as a real date, YYYY-MM-DD`)
    return undefined
  }
  if (v > bounds.today)
    problems.add(field, `${what[0]?.toUpperCase()}${what.slice(1)} cannot be in the future`)
  else if (v < bounds.notBefore)
    problems.add(
      field,
      `${what[0]?.toUpperCase()}${what.slice(1)} cannot be before the remedy was offered, ${bounds.notBefore}`,
    )
  return v
}

const find = (c: Complaint, calendar: WorkingDayCalendar, today: CalendarDate, id: string | undefined) => {
  const r = remediesOf(c, calendar, today).find((x) => x.id === id)
  if (!r) throw rule('There is no such remedy on this complaint', 'remedyId')
  return r
}

/** Code 7.3: a remedy replaced at stage 2 is owed no longer: its replacement is answered and done. */
function notReplaced(r: RemedyFollowThrough) {
  if (r.status === 'superseded')
    throw notNow(
      `${r.label} was replaced at stage 2; record this against the stage 2 remedy that replaced it`,
      '7.3',
    )
}

/** Code 7.3: the resident's answer to a remedy offered: accepted, or declined (and why, if they said). */
export function decideRemedyAnswer(
  c: Complaint,
  input: { remedyId?: string; answer?: string; on?: string; note?: string },
  calendar: WorkingDayCalendar,
  today: CalendarDate,
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('answerRemedy', c, ctx.actor.role)
  const r = find(c, calendar, today, input.remedyId)
  notReplaced(r)
  if (r.status === 'done')
    throw notNow(
      r.done?.withTheResponse
        ? `${r.label} is given in the response letter itself; there is nothing for the resident to accept`
        : `${r.label} is already done`,
      '7.3',
    )
  const problems = new Problems()
  const answer = remedyAnswers.find((a) => a === input.answer)
  if (!answer) problems.add('answer', 'Say whether the resident accepted or declined the remedy', '7.3')
  const on = dayOf(
    input.on,
    'on',
    'the date the resident answered',
    { notBefore: r.offeredOn, today },
    problems,
  )
  const note = input.note?.trim() ?? ''
  if (note.length > 5000) problems.add('note', 'The note must be 5,000 characters or fewer')
  problems.throwIfAny()
  if (r.answer?.answer === answer) throw notNow(`The resident’s answer is already recorded as ${answer}`)
  return {
    type: 'complaint.remedy_answered',
    remedyId: r.id,
    answer: answer as RemedyAnswer,
    on: on as CalendarDate,
    ...(note ? { note } : {}),
  }
}

/**
 * Code 7.3: a remedy followed through: done, or for money, paid. A payment is the amount offered;
 * any part of it set against rent arrears needs the resident's agreement, recorded (the
 * Ombudsman's remedies guidance).
 */
export function decideRemedyDone(
  c: Complaint,
  input: {
    remedyId?: string
    on?: string
    note?: string
    offsetAgainstArrears?: number
    residentAgreedOffset?: boolean
  },
  calendar: WorkingDayCalendar,
  today: CalendarDate,
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('completeRemedy', c, ctx.actor.role)
  const r = find(c, calendar, today, input.remedyId)
  // No way to pay twice: a remedy replaced at stage 2 is followed through as its replacement.
  notReplaced(r)
  if (r.status === 'done')
    throw notNow(
      `${r.label} is already done, on ${r.done ? formatDateInWords(r.done.on) : 'an earlier day'}`,
      '7.3',
    )
  if (r.status === 'declined')
    throw notNow(
      'The resident declined this remedy; record that they have accepted it before recording it done',
      '7.3',
    )
  const problems = new Problems()
  const on = dayOf(
    input.on,
    'on',
    r.type === 'financial' ? 'the date it was paid' : 'the date it was done',
    { notBefore: r.offeredOn, today },
    problems,
  )
  const note = input.note?.trim() ?? ''
  if (r.type !== 'financial' && !note)
    problems.add('note', 'Code 7.3: say what was done, as evidence the remedy was followed through', '7.3')
  if (note.length > 5000) problems.add('note', 'The note must be 5,000 characters or fewer')
  let payment: Payment | undefined
  if (r.type === 'financial') {
    const amount = r.amount ?? 0
    const offset = input.offsetAgainstArrears ?? 0
    if (!(Number.isFinite(offset) && offset >= 0))
      problems.add('offsetAgainstArrears', 'The amount set against arrears must be £0 or more')
    else if (Math.round(offset * 100) > Math.round(amount * 100))
      problems.add(
        'offsetAgainstArrears',
        `The amount set against arrears cannot be more than the ${money(amount)} offered`,
      )
    else if (offset > 0 && !input.residentAgreedOffset)
      problems.add(
        'residentAgreedOffset',
        'Compensation is set against rent arrears only with the resident’s agreement (the Ombudsman’s remedies guidance, Code 7.4); record that they agreed',
        '7.4',
      )
    payment = {
      amount,
      ...(offset > 0 ? { offsetAgainstArrears: offset, residentAgreedOffset: true } : {}),
    }
  } else if (input.offsetAgainstArrears) {
    problems.add('offsetAgainstArrears', 'Only a financial remedy is paid')
  }
  problems.throwIfAny()
  return {
    type: 'complaint.remedy_done',
    remedyId: r.id,
    on: on as CalendarDate,
    ...(note ? { note } : {}),
    ...(payment ? { payment } : {}),
  }
}
