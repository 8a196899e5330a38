import { type CalendarDate, formatDateInWords, isCalendarDate } from '../../calendar/calendarDate.js'
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
  // Code 6.12: the resident need not say why; a reason is recorded only if they gave one.
  return {
    type: 'complaint.escalation_requested',
    ...(input.how ? { how: input.how } : {}),
    ...(input.residentReason?.trim() ? { residentReason: input.residentReason.trim() } : {}),
    policyVersion,
  }
}

export type ExclusionGround = { code: string; label: string; refusesEscalation: boolean }

export function decideRefuse(
  c: Complaint,
  input: { reason: string; explanation: string; discretion?: { reason: string } },
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
  let discretion: { considered: true; whyNotExercised: string } | undefined
  if (input.reason === 'older_than_12_months' && refusing === 'complaint') {
    const limit = timeLimitOf(c)
    if (limit?.within) {
      problems.add(
        'reason',
        `Code 2.3: the complaint was ${describeTimeLimit(limit, c.receivedOn)}, so it must be accepted`,
        '2.3',
      )
    }
    // Code 2.3: discretion must be considered; the refusal records why it was not used.
    const why = input.discretion?.reason?.trim() || explanation
    if (why) discretion = { considered: true, whyNotExercised: why }
  }
  problems.throwIfAny()
  return {
    type: 'complaint.refused',
    stage: c.stage,
    refusing,
    reason: input.reason,
    explanation,
    ...(discretion ? { discretion } : {}),
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
