import { type CalendarDate, formatLongDate, isCalendarDate } from '../../calendar/calendarDate.js'
import { defaultPolicy, EARLIER_CODE } from '../../policy/timescales.js'
import { checkBreakdown, remedyStates, replaceableRemedies } from '../../remedies/followThrough.js'
import { type DecisionContext, Problems, rule } from '../../rules.js'
import { mayHandleComplaints, type StaffRole } from '../../staff/roles.js'
import { type Complaint, currentStageRecord } from '../complaint.js'
import type {
  ComplaintDefinition,
  ComplaintEventData,
  ConflictOfInterest,
  InvolvedPerson,
  OutstandingAction,
  Remedy,
} from '../events.js'
import { checkExtensionRecordedInTime } from '../lateRecording.js'
import {
  type Decision,
  decisionLabels,
  decisions,
  remedyLabels,
  remedyTypes,
  type Stage,
} from '../vocabulary.js'
import { checkTransition } from '../workflow.js'

/** Considering a complaint at a stage: acknowledge and define it, assign it, extend, add issues, respond (Code 5.6, 5.8, 6.2–6.9, 6.11–6.19). */

function cleanList(items: string[] | undefined): string[] {
  return (items ?? []).map((s) => s.trim()).filter(Boolean)
}

const STAGE2_HANDLER_RULE =
  'Code 6.13: the stage 2 handler must not be the person who considered the complaint at stage 1'
const STAGE2_RESPONDER_RULE =
  'Code 6.13: the stage 2 response must be recorded by someone who did not consider the complaint at stage 1'

/**
 * Code 6.13: everyone who considered the complaint at stage 1 — each person who handled it,
 * including a handler later reassigned away, and whoever recorded the stage 1 response — none
 * of whom may handle stage 2 or record its response.
 */
export function stage1Considerers(c: Complaint): Set<string> {
  const ids: (string | null | undefined)[] = [c.stages[1].handlerId]
  for (const e of c.events) {
    if (e.type === 'complaint.acknowledged' && e.stage === 1) ids.push(e.handlerId)
    if (e.type === 'complaint.assigned' && e.stage === 1) ids.push(e.handlerId, e.previousHandlerId)
    if (e.type === 'complaint.responded' && e.stage === 1) ids.push(e.by)
  }
  return new Set(ids.filter((id): id is string => Boolean(id)))
}

/** What a person answers about a conflict of interest when a complaint is assigned (Code 5.8). */
export type ConflictOfInterestInput = { answer: string; conflict?: string; howHandled?: string }

/**
 * Code 5.8(c): the handler given a complaint has no conflict of interest with it, or it is named
 * with the measures taken to address it. Asked, it must be answered; not asked at all (an
 * integration written before the question), the assignment is kept as "not declared", which the
 * case and the self-assessment show as missing evidence.
 */
export function decideConflictOfInterest(
  input: ConflictOfInterestInput | undefined,
  problems: Problems,
): ConflictOfInterest {
  if (!input) return { declared: 'not_declared' }
  if (input.answer === 'none') return { declared: 'none' }
  if (input.answer !== 'conflict') {
    problems.add(
      'conflictOfInterest',
      'Code 5.8: say whether the handler has any actual or perceived conflict of interest with this complaint',
      '5.8',
    )
    return { declared: 'not_declared' }
  }
  const conflict = input.conflict?.trim() ?? ''
  const howHandled = input.howHandled?.trim() ?? ''
  if (!conflict)
    problems.add(
      'conflictOfInterest.conflict',
      'Code 5.8: describe the conflict of interest (for example, the handler manages the team complained about)',
      '5.8',
    )
  if (!howHandled)
    problems.add(
      'conflictOfInterest.howHandled',
      'Code 5.8: record the measures taken to address the conflict of interest',
      '5.8',
    )
  return { declared: 'conflict', conflict, howHandled }
}

export function decideAcknowledge(
  c: Complaint,
  input: {
    handler: { id: string; role: StaffRole }
    definition: { issues: string[]; outcomesSought: string[]; notResponsibleFor?: string[] }
    discretion?: { reason: string }
    /** Code 5.9: the interval given; with no interval, the landlord's policy sets it. */
    updateIntervalDays?: number
    /** Code 5.9: whether the interval was agreed with the resident (an interval given is, unless said otherwise). */
    updateIntervalAgreed?: boolean
    /** The landlord's policy interval, used when none is given. */
    policyUpdateDays?: number
    conflictOfInterest?: ConflictOfInterestInput
  },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('acknowledge', c, ctx.actor.role)
  const stage: Stage = c.state === 'received' ? 1 : 2
  const problems = new Problems()
  if (!mayHandleComplaints(input.handler.role)) {
    problems.add('handlerId', 'The handler must be a member of staff who handles complaints')
  }
  if (stage === 2 && stage1Considerers(c).has(input.handler.id))
    problems.add('handlerId', STAGE2_HANDLER_RULE, '6.13')
  const issues = cleanList(input.definition.issues)
  const outcomes = cleanList(input.definition.outcomesSought)
  if (!issues.length && !(stage === 1 && c.pendingIssues.length)) {
    problems.add(
      'definition.issues',
      'Code 5.6: set out the complaint definition: at least one issue the complaint is about',
      '5.6',
    )
  }
  if (!outcomes.length) {
    problems.add(
      'definition.outcomesSought',
      'Code 5.6: set out the outcomes the resident is seeking (ask them if it is unclear)',
      '5.6',
    )
  }
  const discretionReason = input.discretion?.reason.trim()
  if (input.discretion && !discretionReason) {
    problems.add(
      'discretion.reason',
      'Code 2.3: say why the complaint is accepted although it is over 12 months old',
      '2.3',
    )
  }
  const interval = input.updateIntervalDays
  if (interval !== undefined && !(Number.isInteger(interval) && interval >= 1 && interval <= 20))
    problems.add(
      'updateIntervalDays',
      'Code 5.9: agree how often to update the resident: a whole number of working days from 1 to 20',
      '5.9',
    )
  const agreed = input.updateIntervalAgreed ?? interval !== undefined
  if (agreed && interval === undefined)
    problems.add(
      'updateIntervalDays',
      'Code 5.9: give the update interval agreed with the resident, in working days',
      '5.9',
    )
  const conflictOfInterest = decideConflictOfInterest(input.conflictOfInterest, problems)
  problems.throwIfAny()
  const definition: ComplaintDefinition = {
    issues: issues.map((summary) => ({ id: ctx.newId(), summary })),
    outcomesSought: outcomes,
    notResponsibleFor: cleanList(input.definition.notResponsibleFor),
  }
  return {
    type: 'complaint.acknowledged',
    stage,
    handlerId: input.handler.id,
    definition,
    ...(discretionReason ? { discretion: { ground: 'older_than_12_months', reason: discretionReason } } : {}),
    updateIntervalDays: interval ?? input.policyUpdateDays ?? defaultPolicy.residentUpdateDays,
    ...(agreed ? { updateIntervalAgreed: true } : {}),
    conflictOfInterest,
  }
}

export function decideReassign(
  c: Complaint,
  handler: { id: string; role: StaffRole },
  ctx: DecisionContext,
  conflict?: ConflictOfInterestInput,
): ComplaintEventData {
  checkTransition('reassign', c, ctx.actor.role)
  if (!mayHandleComplaints(handler.role))
    throw rule('The handler must be a member of staff who handles complaints', 'handlerId')
  const record = currentStageRecord(c)
  if (record.handlerId === handler.id)
    throw rule('The complaint is already assigned to that person', 'handlerId')
  if (c.stage === 2 && stage1Considerers(c).has(handler.id))
    throw rule(STAGE2_HANDLER_RULE, 'handlerId', '6.13')
  const problems = new Problems()
  const conflictOfInterest = decideConflictOfInterest(conflict, problems)
  problems.throwIfAny()
  return {
    type: 'complaint.assigned',
    stage: c.stage,
    handlerId: handler.id,
    previousHandlerId: record.handlerId,
    conflictOfInterest,
  }
}

export function decideExtend(
  c: Complaint,
  input: { workingDays: number; reason: string; goodReason?: string; evidenceDocumentId?: string },
  limits: {
    maxExtensionDays: number
    /** The response deadline as it stands, before this extension. */
    currentDue: CalendarDate
    /** The London date the extension is decided and told to the resident. */
    extendedOn: CalendarDate
    /** The London date it is recorded here (today). */
    recordedOn: CalendarDate
    /** The stage began under the Code before 1 April 2024 (its 3.11: a further 10 working days at either stage). */
    earlierCode?: boolean
  },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('extend', c, ctx.actor.role)
  const { maxExtensionDays } = limits
  const provision = c.stage === 1 ? '6.4' : '6.15'
  const capRule = limits.earlierCode
    ? `${EARLIER_CODE.name}, ${EARLIER_CODE.timescales}`
    : `Code ${provision}`
  const problems = new Problems()
  // An extension is decided and told to the resident while the clock runs: one recorded after
  // the deadline would turn a missed response into a met one.
  if (limits.extendedOn > limits.currentDue) {
    problems.add(
      'extendedAt',
      `Code ${provision}: an extension must be decided and explained to the resident before the response is due; ` +
        `the stage ${c.stage} response was due on ${formatLongDate(limits.currentDue)} and the extension is dated ${formatLongDate(limits.extendedOn)}`,
      provision,
    )
  }
  // Dated in time but recorded after the deadline: a claim that needs a senior lead and evidence.
  const evidenceDocumentId =
    limits.extendedOn <= limits.currentDue
      ? checkExtensionRecordedInTime(
          c,
          { due: limits.currentDue, recordedOn: limits.recordedOn, role: ctx.actor.role },
          input.evidenceDocumentId,
          problems,
        )
      : undefined
  const days = input.workingDays
  const validDays = Number.isInteger(days) && days >= 1 && days <= 100
  if (!validDays)
    problems.add('workingDays', 'An extension must be a whole number of working days, from 1 to 100')
  const reason = input.reason?.trim() ?? ''
  if (!reason)
    problems.add(
      'reason',
      `Code ${provision}: give the reason for the extension; it must be clearly explained to the resident`,
      provision,
    )
  const already = currentStageRecord(c).extensions.reduce((sum, e) => sum + e.workingDays, 0)
  const goodReason = input.goodReason?.trim()
  if (validDays && already + days > maxExtensionDays && !goodReason) {
    problems.add(
      'goodReason',
      `${capRule}: extensions at stage ${c.stage} may total no more than ${maxExtensionDays} working days without good reason ` +
        `(${already} already given, ${days} asked for); record the good reason to go further`,
      provision,
    )
  }
  problems.throwIfAny()
  return {
    type: 'complaint.extended',
    stage: c.stage,
    workingDays: days,
    reason,
    ...(goodReason ? { goodReason } : {}),
    ...(evidenceDocumentId ? { evidenceDocumentId } : {}),
  }
}

export function decideAddIssue(c: Complaint, summary: string, ctx: DecisionContext): ComplaintEventData {
  checkTransition('addIssue', c, ctx.actor.role)
  const text = summary.trim()
  if (!text) throw rule('Describe the new issue', 'summary')
  return { type: 'complaint.issue_added', stage: 1, issue: { id: ctx.newId(), summary: text } }
}

export function decideRespond(
  c: Complaint,
  input: {
    decision: Decision
    reasons: string
    issueDecisions?: { issueId: string; decision: Decision; reasons?: string }[]
    remedies?: Remedy[]
    outstandingActions?: { description: string; dueOn: CalendarDate; ownerId?: string }[]
    /**
     * Code 6.20: who was involved in a stage 2 response. Asked (a list), it must name someone;
     * not asked (an integration written before the question), the response is kept without it
     * and shows as missing evidence.
     */
    involved?: { name: string; role?: string }[]
  },
  respondedOn: CalendarDate,
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('respond', c, ctx.actor.role)
  const provision = c.stage === 1 ? '6.7' : '6.18'
  const problems = new Problems()
  if (c.stage === 2 && stage1Considerers(c).has(ctx.actor.id ?? ''))
    problems.add('respondedBy', STAGE2_RESPONDER_RULE, '6.13')
  const overallValid = decisions.includes(input.decision)
  if (!overallValid)
    problems.add(
      'decision',
      'Choose the decision on the complaint overall: upheld, partly upheld or not upheld',
    )
  const reasons = input.reasons?.trim() ?? ''
  if (!reasons) problems.add('reasons', `Code ${provision}: give clear reasons for the decision`, provision)

  // Code 6.7/6.18: every issue in the definition ends with a decision and reasons. Given
  // issue by issue, they must cover every issue; given only overall, the overall decision
  // and reasons are the decision on each issue, and the letter says so.
  const issues = currentStageRecord(c).definition?.issues ?? []
  const given = input.issueDecisions ?? []
  const known = new Set(issues.map((i) => i.id))
  for (const d of given) {
    if (!known.has(d.issueId))
      problems.add(
        `issueDecisions.${d.issueId}`,
        `There is no issue ${d.issueId} in the complaint definition`,
      )
  }
  const issueDecisions = given.length
    ? issues.flatMap((issue) => {
        const d = given.find((x) => x.issueId === issue.id)
        if (!d || !decisions.includes(d.decision)) {
          problems.add(
            `issueDecisions.${issue.id}`,
            `Code ${provision}: give a decision on “${issue.summary}”`,
            provision,
          )
          return []
        }
        return [{ issueId: issue.id, decision: d.decision, reasons: d.reasons?.trim() || reasons }]
      })
    : issues.map((issue) => ({ issueId: issue.id, decision: input.decision, reasons }))
  if (overallValid && given.length && issueDecisions.length === issues.length) {
    const anyUpheld = issueDecisions.some((d) => d.decision !== 'not_upheld')
    const allUpheld = issueDecisions.every((d) => d.decision === 'upheld')
    if (input.decision === 'not_upheld' && anyUpheld)
      problems.add(
        'decision',
        `Code ${provision}: the complaint cannot be “not upheld” overall when part of it is upheld; choose partly upheld`,
        provision,
      )
    if (input.decision === 'upheld' && !allUpheld)
      problems.add(
        'decision',
        `Code ${provision}: the complaint cannot be upheld overall when part of it is not; choose partly upheld`,
        provision,
      )
  }
  // Code 7.1: where something has gone wrong the landlord sets out what it does to put it right.
  if ((input.decision === 'upheld' || input.decision === 'partly_upheld') && !input.remedies?.length) {
    problems.add(
      'remedies',
      `Code 7.1: a complaint that is ${decisionLabels[input.decision].toLowerCase()} means something went wrong; set out at least one remedy to put it right`,
      '7.1',
    )
  }

  const remedies = (input.remedies ?? []).map((r, i) => {
    if (!remedyTypes.includes(r.type)) {
      problems.add(
        `remedies.${i}.type`,
        `Remedy ${i + 1}: the type must be one of the Code 7.1 remedies: ${remedyTypes.join(', ')}`,
        '7.1',
      )
    } else if (r.type === 'financial') {
      if (r.amount === undefined || !(r.amount > 0) || Math.round(r.amount * 100) !== r.amount * 100) {
        problems.add(
          `remedies.${i}.amount`,
          `Remedy ${i + 1}: a financial remedy needs its amount in pounds and pence, more than £0`,
          '7.1',
        )
      }
      if (!r.description?.trim())
        problems.add(
          `remedies.${i}.description`,
          `Remedy ${i + 1}: say what the financial remedy is for (Code 7.2, 7.3)`,
          '7.3',
        )
    } else if (r.amount !== undefined) {
      problems.add(`remedies.${i}.amount`, `Remedy ${i + 1}: only a financial remedy has an amount`)
    }
    checkBreakdown(r, i, problems)
    const replaces = r.replaces
      ? checkReplacement(c, r.replaces, i, input.remedies ?? [], problems)
      : undefined
    const breakdown = Object.fromEntries(
      Object.entries(r.breakdown ?? {}).filter(([, v]) => v !== undefined && v > 0),
    )
    return {
      type: r.type,
      ...(r.description?.trim() ? { description: r.description.trim() } : {}),
      ...(r.type === 'financial' ? { amount: r.amount } : {}),
      ...(r.type === 'financial' && Object.keys(breakdown).length ? { breakdown } : {}),
      ...(replaces ? { replaces } : {}),
    }
  })

  const actions: OutstandingAction[] = (input.outstandingActions ?? []).map((a, i) => {
    if (!a.description?.trim())
      problems.add(
        `outstandingActions.${i}.description`,
        `Outstanding action ${i + 1}: describe what will be done`,
        '7.3',
      )
    if (!isCalendarDate(a.dueOn))
      problems.add(
        `outstandingActions.${i}.dueOn`,
        `Outstanding action ${i + 1}: give the date it is due, YYYY-MM-DD`,
        '7.3',
      )
    else if (a.dueOn < respondedOn)
      problems.add(
        `outstandingActions.${i}.dueOn`,
        `Outstanding action ${i + 1}: the due date cannot be before the response`,
      )
    // Code 7.3: each promise has someone to see it through: the person named, or whoever responds.
    return {
      id: ctx.newId(),
      description: a.description?.trim() ?? '',
      dueOn: a.dueOn,
      ownerId: a.ownerId ?? ctx.actor.id ?? undefined,
    }
  })
  const involved = decideInvolved(c, input.involved, problems)
  problems.throwIfAny()
  return {
    type: 'complaint.responded',
    stage: c.stage,
    decision: input.decision,
    issueDecisions,
    reasons,
    remedies,
    outstandingActions: actions,
    ...(involved ? { involved } : {}),
  }
}

/** Code 6.20: the final response involves all suitable staff; each named with their role. */
function decideInvolved(
  c: Complaint,
  given: { name: string; role?: string }[] | undefined,
  problems: Problems,
): InvolvedPerson[] | undefined {
  if (!given) return undefined
  const people = given
    .map((p) => ({ name: p.name?.trim() ?? '', role: p.role?.trim() ?? '' }))
    .filter((p) => p.name || p.role)
  people.forEach((p, i) => {
    if (!p.name) problems.add(`involved.${i}.name`, `Person ${i + 1} involved: give their name`, '6.20')
    if (!p.role)
      problems.add(
        `involved.${i}.role`,
        `Code 6.20: give the role of ${p.name || `person ${i + 1}`} in the response`,
        '6.20',
      )
  })
  if (c.stage === 2 && !people.length)
    problems.add(
      'involved',
      'Code 6.20: the final response must involve all suitable staff needed to issue it: name who was involved, with their roles',
      '6.20',
    )
  return people.length ? people : c.stage === 2 ? [] : undefined
}

/**
 * Code 7.3: a stage 2 remedy may replace one offered at stage 1 (more money, a different
 * apology), which is then owed no longer. Only at stage 2, only a stage 1 remedy not yet done or
 * paid (what was paid cannot be unpaid: offer what more is owed as a remedy of its own), each
 * replaced once, and with why.
 */
function checkReplacement(
  c: Complaint,
  replaces: { remedyId: string; why: string },
  i: number,
  all: readonly Remedy[],
  problems: Problems,
): { remedyId: string; why: string } | undefined {
  const field = `remedies.${i}.replaces`
  const earlier = remedyStates(c).find((r) => r.stage === 1 && r.id === replaces.remedyId)
  if (c.stage !== 2) problems.add(field, `Remedy ${i + 1}: only a stage 2 remedy can replace one`, '7.3')
  else if (!earlier)
    problems.add(field, `Remedy ${i + 1}: there is no stage 1 remedy ${replaces.remedyId} to replace`, '7.3')
  else if (!replaceableRemedies(c).some((r) => r.id === earlier.id))
    problems.add(
      field,
      `Remedy ${i + 1}: the stage 1 remedy (${remedyLabels[earlier.remedy.type].toLowerCase()}) was already ${earlier.remedy.type === 'financial' ? 'paid' : 'done'}, so it cannot be replaced; offer what more is owed as a remedy of its own`,
      '7.3',
    )
  else if (all.findIndex((r) => r.replaces?.remedyId === replaces.remedyId) !== i)
    problems.add(field, `Remedy ${i + 1}: that stage 1 remedy is already replaced by another`, '7.3')
  if (!replaces.why?.trim())
    problems.add(
      `remedies.${i}.replacesWhy`,
      `Remedy ${i + 1}: say why it replaces the stage 1 remedy`,
      '7.3',
    )
  return earlier ? { remedyId: earlier.id, why: replaces.why?.trim() ?? '' } : undefined
}
