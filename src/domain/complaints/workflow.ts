import { formatLondonTime, formatLongDate, londonDateOf } from '../calendar/calendarDate.js'
import { type ActorRole, notNow, rule, WorkflowError } from '../rules.js'
import { can, type Permission } from '../staff/roles.js'
import {
  awaitingResponseStates,
  type ComplaintState,
  complaintStates,
  inProgressStates,
  openStates,
  type Stage,
  stateLabels,
} from './vocabulary.js'

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
  /** Code 6.1: the priority and flags suggested at logging, confirmed or changed by a person. */
  triage: {
    label: 'Confirm or change the triage',
    from: inProgressStates,
    permission: 'handleComplaints',
    provision: '6.1',
    why: 'Code 6.1: triage decides how a complaint is handled while it is in progress; it is not changed after the final response',
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
    provision: '6.3, 6.14, 6.20',
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
    // Code 6.12: residents ask for stage 2 themselves, and need give no reason.
    by: ['staff', 'resident'],
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
    by: ['staff', 'resident'],
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
  updateResident: {
    label: 'Update the resident',
    from: ['stage1', 'stage2'],
    permission: 'handleComplaints',
    provision: '5.9',
    why: 'Code 5.9: residents are kept updated while a stage is being considered, after its acknowledgement and before its response',
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
  rescheduleAction: {
    label: 'Move an outstanding action’s date',
    from: ['stage1_responded', 'stage2_requested', 'stage2', 'stage2_responded'],
    permission: 'handleComplaints',
    provision: '7.3',
    why: 'Outstanding actions come from a response, and are tracked until they are done (Code 6.6, 6.17, 7.3)',
  },
  /** Code 7.3: the resident's answer to a remedy offered in a response. */
  answerRemedy: {
    label: 'Record the resident’s answer to a remedy',
    from: ['stage1_responded', 'stage2_requested', 'stage2', 'stage2_responded', 'closed'],
    permission: 'handleComplaints',
    provision: '7.3',
    why: 'Remedies come from a response, and are followed through until done (Code 7.3), even on a complaint closed before they were tracked',
  },
  /** Code 7.3: a remedy followed through to completion: done, or paid. */
  completeRemedy: {
    label: 'Record a remedy as done or paid',
    from: ['stage1_responded', 'stage2_requested', 'stage2', 'stage2_responded', 'closed'],
    permission: 'handleComplaints',
    provision: '7.3',
    why: 'Remedies come from a response, and are followed through until done (Code 7.3), even on a complaint closed before they were tracked',
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
    by: ['staff', 'resident'],
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
  /** Code 9.1–9.3: why it went wrong and what was learned, with a stage's response or afterwards. */
  recordLearning: {
    label: 'Record the learning',
    // A complaint withdrawn or refused at stage 2 still had its stage 1 answer: there is still learning to record.
    from: [
      'stage1_responded',
      'stage2_requested',
      'stage2',
      'stage2_responded',
      'closed',
      'not_accepted',
      'withdrawn',
    ],
    permission: 'handleComplaints',
    provision: '9.1',
    why: 'Code 9.1: learning is recorded for a stage once its response has been given',
  },
  /** The resident's tenure, recorded or corrected at any time: it decides how the TSM count the complaint. */
  recordTenure: {
    label: 'Record the tenure',
    from: ALL,
    permission: 'handleComplaints',
    provision: 'TSM CH01, CH02',
    why: 'The tenure can be recorded or corrected at any time',
  },
  /** Where letters are posted, recorded or corrected at any time: a letter cannot be posted without it. */
  recordPostalAddress: {
    label: 'Record a postal address',
    from: ALL,
    permission: 'handleComplaints',
    provision: '1.3, 5.9',
    why: 'A postal address can be recorded or corrected at any time',
  },
  /** The resident adds information or files to their own complaint, online. */
  addInformation: {
    label: 'Add information',
    from: ALL.filter((s) => s !== 'closed'),
    permission: 'handleComplaints',
    by: ['resident'],
    provision: '5.12',
    why: 'A closed complaint is never changed; anything new is a new complaint',
  },
} as const satisfies Record<
  string,
  {
    label: string
    from: readonly ComplaintState[]
    /** A further condition in some states: the action fits that state only when it holds. */
    only?: Partial<Record<ComplaintState, { holds: (c: { stage: Stage }) => boolean; why: string }>>
    /** Staff need the permission; the action is the resident's too only where `by` says so. */
    permission: Permission
    by?: readonly ('staff' | 'resident')[]
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

/** Whether someone acting in the role may take the action at all (whatever the complaint's state). */
export function mayTake(action: Action, role: ActorRole): boolean {
  const t: Transition = transitions[action]
  const by: readonly string[] = 'by' in t ? t.by : ['staff']
  return role === 'resident' ? by.includes('resident') : by.includes('staff') && can(role, t.permission)
}

export function allowedActions(c: { state: ComplaintState; stage: Stage }, role: ActorRole): Action[] {
  return actionNames.filter((a) => fits(a, c).ok && mayTake(a, role))
}

/** Throws unless the action fits the complaint's state and the person's role. */
export function checkTransition(
  action: Action,
  c: { state: ComplaintState; stage: Stage },
  role: ActorRole,
): void {
  const t = transitions[action]
  if (!mayTake(action, role))
    throw new WorkflowError(
      'forbidden',
      role === 'resident'
        ? `Residents cannot ${t.label.toLowerCase()} online`
        : `Your role does not allow you to ${t.label.toLowerCase()}`,
    )
  const fit = fits(action, c)
  if (!fit.ok) throw notNow(`${fit.why}. This complaint is: ${stateLabels[c.state]}.`, t.provision)
}

/**
 * When an action happened: given, or now. Code records must be true to life, so an action
 * cannot be dated in the future or before the case's previous event (api-v1 conventions).
 */
export function actionTime(
  c: { lastEventAt: Date },
  given: Date | undefined,
  now: Date,
  field: string,
): Date {
  const at = given ?? now
  if (at.getTime() > now.getTime() + 60_000) throw rule(`${field} cannot be in the future`, field)
  if (at.getTime() < c.lastEventAt.getTime()) {
    const time = formatLondonTime(c.lastEventAt)
    throw rule(
      `${field} cannot be before the case’s previous event, which happened at ${time} on ${formatLongDate(londonDateOf(c.lastEventAt))} (${c.lastEventAt.toISOString()})`,
      field,
    )
  }
  return at
}
