import { type CalendarDate, formatLongDate, isCalendarDate, londonDateOf } from '../calendar/calendarDate.js'
import { can, type Permission, type StaffRole } from '../staff/roles.js'
import { type Complaint, consentNeeded, currentStageRecord, outstandingActions } from './complaint.js'
import type { ComplaintDefinition, ComplaintEventData, OutstandingAction, Remedy } from './events.js'
import { describeTimeLimit, timeLimitOf } from './timeLimit.js'
import {
  awaitingResponseStates,
  type ComplaintState,
  complaintStates,
  contactMethods,
  type Decision,
  decisionLabels,
  decisions,
  inProgressStates,
  openStates,
  remedyTypes,
  type Stage,
  stateLabels,
} from './vocabulary.js'

/** A refusal by the rules: the status to answer with, and the words (naming the provision) to say. */
export type RuleProblem = { field?: string; message: string; provision?: string }

export class WorkflowError extends Error {
  readonly problems: RuleProblem[]
  constructor(
    readonly kind: 'not_now' | 'rule' | 'forbidden',
    message: string,
    readonly field?: string,
    readonly provision?: string,
    problems?: RuleProblem[],
  ) {
    super(message)
    this.name = 'WorkflowError'
    this.problems = problems ?? [
      { ...(field ? { field } : {}), message, ...(provision ? { provision } : {}) },
    ]
  }
}

/** Collects every rule an action breaks, so the person sees them all at once, not one by one. */
export class Problems {
  readonly list: RuleProblem[] = []
  add(field: string, message: string, provision?: string) {
    this.list.push({ field, message, ...(provision ? { provision } : {}) })
  }
  throwIfAny() {
    const first = this.list[0]
    if (first)
      throw new WorkflowError(
        'rule',
        this.list.map((p) => p.message).join('; '),
        first.field,
        first.provision,
        this.list,
      )
  }
}

const notNow = (message: string, provision?: string) =>
  new WorkflowError('not_now', message, undefined, provision)
const rule = (message: string, field?: string, provision?: string) =>
  new WorkflowError('rule', message, field, provision)

const ALL: readonly ComplaintState[] = complaintStates

/**
 * What may be done to a complaint, from which states, by whom — Code section 6 as a table.
 * Everything else is refused, and the refusal says why in the Code's words.
 */
export const transitions = {
  acknowledge: {
    label: 'Acknowledge and define',
    from: ['received', 'stage2_requested'],
    permission: 'handleComplaints',
    provision: '6.2, 6.11',
    why: 'A complaint is acknowledged, defined and logged once at each stage: when it is received (Code 6.2) and when stage 2 is requested (Code 6.11)',
  },
  reassign: {
    label: 'Assign or reassign',
    from: awaitingResponseStates,
    permission: 'reassignComplaints',
    provision: '5.8',
    why: 'A complaint can be assigned while a stage is in progress, not after its response',
  },
  extend: {
    label: 'Extend the response time',
    from: ['stage1', 'stage2'],
    permission: 'handleComplaints',
    provision: '6.4, 6.15',
    why: 'A response time can be extended only while a stage is being considered, after its acknowledgement and before its response (Code 6.4, 6.15)',
  },
  addIssue: {
    label: 'Add an issue',
    from: ['received', 'stage1'],
    permission: 'handleComplaints',
    provision: '6.8',
    why: 'Code 6.8: new issues join the complaint only before the stage 1 response; after it, log them as a new complaint linked to this one',
  },
  respond: {
    label: 'Record the response',
    from: ['stage1', 'stage2'],
    permission: 'handleComplaints',
    provision: '6.3, 6.14',
    why: 'A response is given once at each stage, after the complaint has been acknowledged and defined (Code 5.6, 6.3, 6.14)',
  },
  requestEscalation: {
    label: 'Record an escalation request',
    // Closing a stage 1 complaint does not end the resident's right to stage 2 (Code 6.10, 5.11).
    from: ['stage1_responded', 'closed'],
    only: {
      closed: {
        holds: (c) => c.stage === 1,
        why: 'Code 6.10: a complaint closed after its final (stage 2) response is final; the resident can go to the Housing Ombudsman',
      },
    },
    permission: 'handleComplaints',
    provision: '6.10',
    why: 'Code 6.10: a complaint goes to stage 2 when the resident is not satisfied with the stage 1 response, so only after that response; stage 2 is final (Code 5.3)',
  },
  refuse: {
    label: 'Refuse (exclusion)',
    from: ['received', 'stage1', 'stage2_requested'],
    permission: 'handleComplaints',
    provision: '2.1–2.5, 5.11',
    why: 'A complaint can be refused only when deciding whether to accept it or to escalate it (Code 2.1, 5.11)',
  },
  withdraw: {
    label: 'Record a withdrawal',
    from: inProgressStates,
    permission: 'handleComplaints',
    provision: '',
    why: 'Only a complaint still in progress can be withdrawn',
  },
  close: {
    label: 'Close',
    from: ['stage1_responded', 'stage2_responded'],
    permission: 'handleComplaints',
    provision: '6.6, 6.17',
    why: 'A complaint is closed after its response at stage 1 or stage 2',
  },
  recordConsent: {
    label: 'Record the resident’s consent',
    from: openStates,
    permission: 'handleComplaints',
    provision: '1.3',
    why: 'Consent for a representative is recorded while the complaint is open',
  },
  completeAction: {
    label: 'Complete an outstanding action',
    from: ['stage1_responded', 'stage2_requested', 'stage2', 'stage2_responded'],
    permission: 'handleComplaints',
    provision: '6.6, 6.17',
    why: 'Outstanding actions come from a response, and are tracked until they are done (Code 6.6, 6.17)',
  },
  addNote: {
    label: 'Add a note',
    from: ALL.filter((s) => s !== 'closed'),
    permission: 'handleComplaints',
    provision: '5.12',
    why: 'A closed complaint is never changed; record anything new on a new complaint linked to it',
  },
  attachDocument: {
    label: 'Attach a document',
    from: ALL.filter((s) => s !== 'closed'),
    permission: 'handleComplaints',
    provision: '5.12',
    why: 'A closed complaint is never changed; record anything new on a new complaint linked to it',
  },
  recordContact: {
    label: 'Record a contact',
    from: ALL.filter((s) => s !== 'closed'),
    permission: 'handleComplaints',
    provision: '5.12',
    why: 'A closed complaint is never changed; record anything new on a new complaint linked to it',
  },
} as const satisfies Record<
  string,
  {
    label: string
    from: readonly ComplaintState[]
    /** A further condition in some states: the action fits that state only when it holds. */
    only?: Partial<Record<ComplaintState, { holds: (c: { stage: Stage }) => boolean; why: string }>>
    permission: Permission
    provision: string
    why: string
  }
>

type Transition = (typeof transitions)[Action]
type Condition = { holds: (c: { stage: Stage }) => boolean; why: string }
const conditionIn = (t: Transition, state: ComplaintState): Condition | undefined =>
  'only' in t ? (t.only as Partial<Record<ComplaintState, Condition>>)[state] : undefined

/** The further condition an action has in a state, in words, if it has one. */
export function conditionOf(action: Action, state: ComplaintState): string | undefined {
  return conditionIn(transitions[action], state) ? 'closed at stage 1' : undefined
}

export type Action = keyof typeof transitions
export const actionNames = Object.keys(transitions) as Action[]

/** The actions that move a complaint to another state, and where each takes it from each state. */
export const moves: Partial<Record<Action, Partial<Record<ComplaintState, ComplaintState>>>> = {
  acknowledge: { received: 'stage1', stage2_requested: 'stage2' },
  respond: { stage1: 'stage1_responded', stage2: 'stage2_responded' },
  requestEscalation: { stage1_responded: 'stage2_requested', closed: 'stage2_requested' },
  refuse: { received: 'not_accepted', stage1: 'not_accepted', stage2_requested: 'not_accepted' },
  withdraw: Object.fromEntries(inProgressStates.map((s) => [s, 'withdrawn'])),
  close: { stage1_responded: 'closed', stage2_responded: 'closed' },
}

/** The state an action leads to from a state (the same state for actions that only add to the record). */
export function nextState(action: Action, from: ComplaintState): ComplaintState {
  return moves[action]?.[from] ?? from
}

/** A Mermaid state diagram of the workflow, drawn from the table above. */
export function workflowDiagram(): string {
  const lines = ['stateDiagram-v2', '  [*] --> received: complaint logged']
  for (const action of actionNames) {
    const t: Transition = transitions[action]
    for (const [from, to] of Object.entries(moves[action] ?? {})) {
      const condition = conditionOf(action, from as ComplaintState)
      lines.push(
        `  ${from} --> ${to}: ${t.label.toLowerCase()}${condition ? ` if ${condition}` : ''}${t.provision ? ` (${t.provision})` : ''}`,
      )
    }
  }
  lines.push('  closed --> [*]', '  not_accepted --> [*]', '  withdrawn --> [*]')
  return lines.join('\n')
}

/** Whether the action fits the complaint as it stands (its state, and any condition of that state). */
function fits(
  action: Action,
  c: { state: ComplaintState; stage: Stage },
): { ok: true } | { ok: false; why: string } {
  const t: Transition = transitions[action]
  if (!(t.from as readonly ComplaintState[]).includes(c.state)) return { ok: false, why: t.why }
  const condition = conditionIn(t, c.state)
  if (condition && !condition.holds(c)) return { ok: false, why: condition.why }
  return { ok: true }
}

export function allowedActions(c: { state: ComplaintState; stage: Stage }, role: StaffRole): Action[] {
  return actionNames.filter((a) => fits(a, c).ok && can(role, transitions[a].permission))
}

/** Throws unless the action fits the complaint's state and the person's role. */
export function checkTransition(action: Action, c: Complaint, role: StaffRole): void {
  const t = transitions[action]
  if (!can(role, t.permission))
    throw new WorkflowError('forbidden', `Your role does not allow you to ${t.label.toLowerCase()}`)
  const fit = fits(action, c)
  if (!fit.ok) throw notNow(`${fit.why}. This complaint is: ${stateLabels[c.state]}.`, t.provision)
}

export type DecisionContext = {
  now: Date
  actor: { id: string; role: StaffRole }
  newId: () => string
}

/**
 * When an action happened: given, or now. Code records must be true to life, so an action
 * cannot be dated in the future or before the case's previous event (api-v1 conventions).
 */
const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

export function actionTime(c: Complaint, given: Date | undefined, now: Date, field: string): Date {
  const at = given ?? now
  if (at.getTime() > now.getTime() + 60_000) throw rule(`${field} cannot be in the future`, field)
  if (at.getTime() < c.lastEventAt.getTime()) {
    const time = londonTime.format(c.lastEventAt)
    throw rule(
      `${field} cannot be before the case’s previous event, which happened at ${time} on ${formatLongDate(londonDateOf(c.lastEventAt))} (${c.lastEventAt.toISOString()})`,
      field,
    )
  }
  return at
}

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

export function decideAcknowledge(
  c: Complaint,
  input: {
    handler: { id: string; role: StaffRole }
    definition: { issues: string[]; outcomesSought: string[]; notResponsibleFor?: string[] }
    discretion?: { reason: string }
  },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('acknowledge', c, ctx.actor.role)
  const stage: Stage = c.state === 'received' ? 1 : 2
  const problems = new Problems()
  if (!can(input.handler.role, 'handleComplaints')) {
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
  }
}

export function decideReassign(
  c: Complaint,
  handler: { id: string; role: StaffRole },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('reassign', c, ctx.actor.role)
  if (!can(handler.role, 'handleComplaints'))
    throw rule('The handler must be a member of staff who handles complaints', 'handlerId')
  const record = currentStageRecord(c)
  if (record.handlerId === handler.id)
    throw rule('The complaint is already assigned to that person', 'handlerId')
  if (c.stage === 2 && stage1Considerers(c).has(handler.id))
    throw rule(STAGE2_HANDLER_RULE, 'handlerId', '6.13')
  return {
    type: 'complaint.assigned',
    stage: c.stage,
    handlerId: handler.id,
    previousHandlerId: record.handlerId,
  }
}

export function decideExtend(
  c: Complaint,
  input: { workingDays: number; reason: string; goodReason?: string },
  limits: {
    maxExtensionDays: number
    /** The response deadline as it stands, before this extension. */
    currentDue: CalendarDate
    /** The London date the extension is decided and told to the resident. */
    extendedOn: CalendarDate
  },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('extend', c, ctx.actor.role)
  const { maxExtensionDays } = limits
  const provision = c.stage === 1 ? '6.4' : '6.15'
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
      `Code ${provision}: extensions at stage ${c.stage} may total no more than ${maxExtensionDays} working days without good reason ` +
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
    outstandingActions?: { description: string; dueOn: CalendarDate }[]
  },
  respondedOn: CalendarDate,
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('respond', c, ctx.actor.role)
  const provision = c.stage === 1 ? '6.7' : '6.18'
  const problems = new Problems()
  if (c.stage === 2 && stage1Considerers(c).has(ctx.actor.id))
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
    return {
      type: r.type,
      ...(r.description?.trim() ? { description: r.description.trim() } : {}),
      ...(r.type === 'financial' ? { amount: r.amount } : {}),
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
    return { id: ctx.newId(), description: a.description?.trim() ?? '', dueOn: a.dueOn }
  })
  problems.throwIfAny()
  return {
    type: 'complaint.responded',
    stage: c.stage,
    decision: input.decision,
    issueDecisions,
    reasons,
    remedies,
    outstandingActions: actions,
  }
}

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

export function decideNote(c: Complaint, text: string, ctx: DecisionContext): ComplaintEventData {
  checkTransition('addNote', c, ctx.actor.role)
  if (!text?.trim()) throw rule('Write the note', 'text')
  return { type: 'complaint.note_added', text: text.trim() }
}

export function decideAttachDocument(
  c: Complaint,
  input: { documentId: string; filename: string; contentType: string; size: number; description?: string },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('attachDocument', c, ctx.actor.role)
  const { description, ...file } = input
  return {
    type: 'complaint.document_attached',
    ...file,
    ...(description?.trim() ? { description: description.trim() } : {}),
  }
}

export function decideContact(
  c: Complaint,
  input: { direction: 'incoming' | 'outgoing'; method: string; summary: string },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('recordContact', c, ctx.actor.role)
  const method = contactMethods.find((m) => m === input.method)
  if (!method) throw rule(`The contact method must be one of: ${contactMethods.join(', ')}`, 'method')
  if (input.direction !== 'incoming' && input.direction !== 'outgoing')
    throw rule('Say whether the contact was incoming or outgoing', 'direction')
  if (!input.summary?.trim()) throw rule('Summarise the contact', 'summary')
  return {
    type: 'complaint.contact_recorded',
    direction: input.direction,
    method,
    summary: input.summary.trim(),
  }
}
