import { type CalendarDate, formatDateInWords, isCalendarDate } from '../../calendar/calendarDate.js'
import { EARLIER_CODE, isEarlierCode } from '../../policy/timescales.js'
import { outstandingRemedies } from '../../remedies/followThrough.js'
import { type DecisionContext, notNow, Problems, rule } from '../../rules.js'
import { type Complaint, consentNeeded, outstandingActions } from '../complaint.js'
import type { ComplaintEventData } from '../events.js'
import { describeTimeLimit, timeLimitOf } from '../timeLimit.js'
import { remedyLabels } from '../vocabulary.js'
import { checkTransition } from '../workflow.js'

/** How a stage ends or moves on: escalation, refusal, withdrawal, closure, outstanding actions, consent (Code 1.3, 2.1–2.5, 5.11, 6.6, 6.10, 6.17). */

export function decideEscalation(
  c: Complaint,
  input: { how?: string; residentReason?: string },
  policyVersion: number,
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('requestEscalation', c, ctx.actor.role)
  // A complaint received before 1 April 2024 keeps the earlier Code's clocks at stage 2 too.
  const version = isEarlierCode(c.stages[1].policyVersion) ? EARLIER_CODE.version : policyVersion
  // Code 6.12: the resident need not say why; a reason is recorded only if they gave one.
  return {
    type: 'complaint.escalation_requested',
    ...(input.how ? { how: input.how } : {}),
    ...(input.residentReason?.trim() ? { residentReason: input.residentReason.trim() } : {}),
    policyVersion: version,
  }
}

export type ExclusionGround = { code: string; label: string; refusesEscalation: boolean }

/** Code 2.3: the person's decision on discretion when a complaint is over 12 months old. */
export const discretionDecisions = ['exercise', 'do_not_exercise'] as const
export type DiscretionDecision = (typeof discretionDecisions)[number]

export type RefusalInput = {
  reason: string
  explanation: string
  /**
   * Code 2.3: the decision on discretion, chosen by the person, never assumed. A reason given
   * with no decision (the API's earlier form) is a decision not to exercise it, for that reason.
   */
  discretion?: { decision?: string; reason?: string }
  /** Code 2.3: the dates the 12 months run from, when not recorded at logging. */
  issueOccurredOn?: string
  residentAwareOn?: string
}

export function decideRefuse(
  c: Complaint,
  input: RefusalInput,
  grounds: ExclusionGround[],
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('refuse', c, ctx.actor.role)
  const refusing = c.state === 'stage2_requested' ? 'escalation' : 'complaint'
  const provision = refusing === 'escalation' ? '5.11' : '2.2'
  const problems = new Problems()
  const ground = grounds.find((g) => g.code === input.reason)
  if (!ground) {
    problems.add(
      'reason',
      `Code ${provision}: a ${refusing} may be refused only on one of the grounds in the complaints policy: ${grounds.map((g) => g.code).join(', ')}`,
      provision,
    )
  } else if (refusing === 'escalation' && !ground.refusesEscalation) {
    // The complaint's own stage 1 is not a previous consideration: escalation is the resident's right.
    problems.add(
      'reason',
      `Code 5.11 and 2.2: “${ground.label}” is not a valid reason to refuse a stage 2 request; the complaint’s own stage 1 response does not count as a previous consideration, and escalation may be refused only on a ground that truly applies at stage 2 (${
        grounds
          .filter((g) => g.refusesEscalation)
          .map((g) => g.code)
          .join(', ') || 'none in the policy'
      })`,
      '5.11',
    )
  }
  const explanation = input.explanation?.trim() ?? ''
  if (!explanation) {
    problems.add(
      'explanation',
      'Code 2.1 and 2.4: explain the decision, considering this complaint on its own merits (Code 2.5); the explanation goes to the resident',
      '2.4',
    )
  }
  const old =
    input.reason === 'older_than_12_months' && refusing === 'complaint'
      ? decideOlderThan12Months(c, input, problems)
      : undefined
  problems.throwIfAny()
  return {
    type: 'complaint.refused',
    stage: c.stage,
    refusing,
    reason: input.reason,
    explanation,
    ...(old ?? {}),
  }
}

/**
 * Code 2.3: a complaint is refused as older than 12 months only with both dates the window runs
 * from recorded (when the issue happened, when the resident became aware of it), outside that
 * window, and with the person's own decision not to exercise discretion, and why.
 */
function decideOlderThan12Months(c: Complaint, input: RefusalInput, problems: Problems) {
  const dates: { issueOccurredOn?: CalendarDate; residentAwareOn?: CalendarDate } = {}
  const given = (field: 'issueOccurredOn' | 'residentAwareOn', what: string): CalendarDate | undefined => {
    const value = input[field]?.trim()
    if (!value) {
      if (c[field]) return c[field]
      problems.add(
        field,
        `Code 2.3: record ${what}; both dates are needed to refuse a complaint as older than 12 months`,
        '2.3',
      )
      return undefined
    }
    if (!isCalendarDate(value)) {
      problems.add(field, `Code 2.3: ${what} must be a real date, YYYY-MM-DD`, '2.3')
      return undefined
    }
    if (value > c.receivedOn) {
      problems.add(
        field,
        `Code 2.3: ${what} cannot be after the complaint was received (${formatDateInWords(c.receivedOn)})`,
        '2.3',
      )
      return undefined
    }
    if (value !== c[field]) dates[field] = value
    return value
  }
  const occurred = given('issueOccurredOn', 'when the issue happened')
  const aware = given('residentAwareOn', 'when the resident became aware of the issue')
  if (occurred && aware && aware < occurred)
    problems.add(
      'residentAwareOn',
      'Code 2.3: the resident cannot have become aware of the issue before it happened',
      '2.3',
    )
  const limit =
    occurred && aware
      ? timeLimitOf({ receivedOn: c.receivedOn, issueOccurredOn: occurred, residentAwareOn: aware })
      : undefined
  if (limit?.within) {
    problems.add(
      'reason',
      `Code 2.3: the complaint was ${describeTimeLimit(limit, c.receivedOn)}, so it must be accepted`,
      '2.3',
    )
  }
  const decision = input.discretion?.decision ?? (input.discretion?.reason?.trim() ? 'do_not_exercise' : '')
  const why = input.discretion?.reason?.trim() ?? ''
  // Within the window there is no discretion to decide: the complaint must be accepted.
  if (!limit?.within) {
    if (decision === 'exercise')
      problems.add(
        'discretion',
        'Code 2.3: you chose to exercise discretion to accept the complaint, so it cannot be refused as older than 12 months; acknowledge it instead, recording why it is accepted',
        '2.3',
      )
    else if (decision !== 'do_not_exercise')
      problems.add(
        'discretion',
        'Code 2.3: decide whether to exercise discretion to accept the complaint although it is over 12 months old',
        '2.3',
      )
    else if (!why)
      problems.add(
        'discretion.reason',
        'Code 2.3: say why discretion is not exercised; the resident is told',
        '2.3',
      )
  }
  return {
    discretion: { considered: true as const, exercised: false as const, whyNotExercised: why },
    ...dates,
  }
}

export function decideRecordConsent(
  c: Complaint,
  input: { how: string },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('recordConsent', c, ctx.actor.role)
  if (!consentNeeded(c))
    throw rule(
      c.representative
        ? 'The resident’s consent for their representative is already recorded'
        : 'The complaint was made by the resident, not by a representative',
      'how',
      '1.3',
    )
  const how = input.how?.trim()
  if (!how)
    throw rule(
      'Code 1.3: record how the resident gave their consent (for example, signed form)',
      'how',
      '1.3',
    )
  return { type: 'complaint.consent_recorded', how }
}

export function decideWithdraw(
  c: Complaint,
  input: { how: string; note?: string },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('withdraw', c, ctx.actor.role)
  const how = input.how?.trim()
  if (!how) throw rule('Record how the resident said they wanted to withdraw (for example, by phone)', 'how')
  return { type: 'complaint.withdrawn', how, ...(input.note?.trim() ? { note: input.note.trim() } : {}) }
}

export function decideClose(
  c: Complaint,
  note: string | undefined,
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('close', c, ctx.actor.role)
  const open = outstandingActions(c).filter((a) => !a.completed)
  if (open.length) {
    throw rule(
      `Code 6.6: outstanding actions must be tracked to completion before the complaint is closed; still open: ${open.map((a) => a.description).join('; ')}`,
      'outstandingActions',
      '6.6',
    )
  }
  const owed = outstandingRemedies(c)
  if (owed.length) {
    throw rule(
      `Code 7.3: remedies offered are followed through to completion before the complaint is closed; still to do: ${owed.map((r) => `${remedyLabels[r.remedy.type].toLowerCase()} (remedy ${r.id})`).join('; ')}`,
      'remedies',
      '7.3',
    )
  }
  return { type: 'complaint.closed', ...(note?.trim() ? { note: note.trim() } : {}) }
}

export function decideCompleteAction(
  c: Complaint,
  input: { actionId: string; note?: string },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('completeAction', c, ctx.actor.role)
  const action = outstandingActions(c).find((a) => a.id === input.actionId)
  if (!action) throw rule('There is no such outstanding action on this complaint', 'actionId')
  if (action.completed) throw notNow('That outstanding action is already complete')
  return {
    type: 'complaint.outstanding_action_completed',
    actionId: input.actionId,
    ...(input.note?.trim() ? { note: input.note.trim() } : {}),
  }
}

/**
 * Code 7.3: a promised action that will be late gets a new date and a reason, and the resident
 * is told. The date moves forward only, and the first date stays on the record.
 */
export function decideRescheduleAction(
  c: Complaint,
  input: { actionId: string; dueOn: string; reason: string },
  today: CalendarDate,
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('rescheduleAction', c, ctx.actor.role)
  const action = outstandingActions(c).find((a) => a.id === input.actionId)
  if (!action) throw rule('There is no such outstanding action on this complaint', 'actionId')
  if (action.completed) throw notNow('That outstanding action is already complete')
  const problems = new Problems()
  if (!isCalendarDate(input.dueOn))
    problems.add('dueOn', 'Give the new date it will be done by, YYYY-MM-DD', '7.3')
  else if (input.dueOn <= action.dueOn || input.dueOn < today)
    problems.add(
      'dueOn',
      `Code 7.3: the new date must be after ${formatDateInWords(action.dueOn)}, the date it was due, and not in the past`,
      '7.3',
    )
  const reason = input.reason?.trim() ?? ''
  if (!reason) problems.add('reason', 'Code 7.3: say why it will be late; the resident is told', '7.3')
  problems.throwIfAny()
  return { type: 'complaint.outstanding_action_rescheduled', actionId: action.id, dueOn: input.dueOn, reason }
}
