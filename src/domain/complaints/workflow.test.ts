import { describe, expect, it } from 'vitest'
import { complaintIn, ctx, historyOf, steps } from '../../../test/complaintHistories.js'
import { WorkflowError } from '../rules.js'
import { foldComplaint } from './complaint.js'
import { decideAcknowledge, decideExtend, decideRespond } from './decisions/considering.js'
import { decideClose, decideEscalation, decideRefuse } from './decisions/outcomes.js'
import type { ComplaintEvent } from './events.js'
import { type ComplaintState, complaintStates } from './vocabulary.js'
import { type Action, actionNames, allowedActions, checkTransition, mayTake } from './workflow.js'

/** The extension limits for a stage: the maximum, and a deadline still running on the day. */
const limits = (maxExtensionDays: number) => ({
  maxExtensionDays,
  currentDue: '2026-03-31',
  extendedOn: '2026-03-20',
  recordedOn: '2026-03-20',
})

/** The expected table, written out by hand from Code section 6: state → the actions allowed in it. */
const expected: Record<ComplaintState, Action[]> = {
  received: [
    'acknowledge',
    'reassign',
    'addIssue',
    'refuse',
    'withdraw',
    'recordConsent',
    'addNote',
    'attachDocument',
    'recordContact',
  ],
  stage1: [
    'reassign',
    'extend',
    'addIssue',
    'respond',
    'refuse',
    'withdraw',
    'updateResident',
    'recordConsent',
    'addNote',
    'attachDocument',
    'recordContact',
  ],
  stage1_responded: [
    'requestEscalation',
    'withdraw',
    'recordConsent',
    'close',
    'completeAction',
    'rescheduleAction',
    'answerRemedy',
    'completeRemedy',
    'addNote',
    'attachDocument',
    'recordContact',
    'recordLearning',
  ],
  stage2_requested: [
    'acknowledge',
    'reassign',
    'refuse',
    'withdraw',
    'recordConsent',
    'completeAction',
    'rescheduleAction',
    'answerRemedy',
    'completeRemedy',
    'addNote',
    'attachDocument',
    'recordContact',
    'recordLearning',
  ],
  stage2: [
    'reassign',
    'extend',
    'respond',
    'withdraw',
    'updateResident',
    'recordConsent',
    'completeAction',
    'rescheduleAction',
    'answerRemedy',
    'completeRemedy',
    'addNote',
    'attachDocument',
    'recordContact',
    'recordLearning',
  ],
  stage2_responded: [
    'close',
    'recordConsent',
    'completeAction',
    'rescheduleAction',
    'answerRemedy',
    'completeRemedy',
    'addNote',
    'attachDocument',
    'recordContact',
    'recordLearning',
  ],
  closed: ['answerRemedy', 'completeRemedy', 'recordLearning'],
  not_accepted: ['addNote', 'attachDocument', 'recordContact', 'recordLearning'],
  withdrawn: ['addNote', 'attachDocument', 'recordContact', 'recordLearning'],
}

// The tenure can be recorded or corrected in every state, closed included (it is how the TSM count).
for (const state of complaintStates) expected[state].push('recordTenure')
// So can where letters are posted: a letter cannot go without it.
for (const state of complaintStates) expected[state].push('recordPostalAddress')
// Code 6.1: triage is confirmed or changed while the complaint is in progress, not after its final response.
for (const state of ['received', 'stage1', 'stage1_responded', 'stage2_requested', 'stage2'] as const)
  expected[state].push('triage')

/** The provision each refused action must name. */
const provisionOf: Record<Action, string> = {
  acknowledge: '6.2, 6.11',
  triage: '6.1',
  reassign: '5.8',
  extend: '6.4, 6.15',
  addIssue: '6.8',
  respond: '6.3, 6.14, 6.20',
  requestEscalation: '6.10',
  refuse: '2.1–2.5, 5.11',
  withdraw: '',
  close: '6.6, 6.17',
  updateResident: '5.9',
  recordConsent: '1.3',
  completeAction: '6.6, 6.17',
  rescheduleAction: '7.3',
  answerRemedy: '7.3',
  completeRemedy: '7.3',
  addNote: '5.12',
  attachDocument: '5.12',
  recordContact: '5.12',
  addInformation: '5.12',
  recordLearning: '9.1',
  recordTenure: 'TSM CH01, CH02',
  recordPostalAddress: '1.3, 5.9',
}

/** The actions that are only ever the resident's own are not in the staff matrix. */
const staffActions = actionNames.filter((a) => mayTake(a, 'admin'))
const matrix = complaintStates.flatMap((state) =>
  staffActions.map((action) => [state, action, expected[state].includes(action)] as const),
)

describe('the transition table', () => {
  it.each(matrix.filter(([, , allowed]) => allowed))('in %s, %s is allowed', (state, action) => {
    expect(() => checkTransition(action, complaintIn(state), 'admin')).not.toThrow()
  })

  it.each(matrix.filter(([, , allowed]) => !allowed))(
    'in %s, %s is refused naming its provision',
    (state, action) => {
      try {
        checkTransition(action, complaintIn(state), 'admin')
        expect.unreachable()
      } catch (error) {
        expect(error).toBeInstanceOf(WorkflowError)
        const e = error as WorkflowError
        expect(e.kind).toBe('not_now')
        expect(e.provision).toBe(provisionOf[action])
        expect(e.message).toContain('This complaint is:')
      }
    },
  )

  it('lists exactly the allowed actions for each state', () => {
    for (const state of complaintStates)
      expect(allowedActions(complaintIn(state), 'admin').sort()).toEqual([...expected[state]].sort())
  })

  it('lets the board do nothing and a handler do all but reassign', () => {
    expect(allowedActions(complaintIn('stage1'), 'board')).toEqual([])
    expect(allowedActions(complaintIn('stage1'), 'handler')).not.toContain('reassign')
    expect(allowedActions(complaintIn('stage1'), 'complaints_officer')).toContain('reassign')
    expect(() => checkTransition('respond', complaintIn('stage1'), 'board')).toThrow(/does not allow/)
  })
})

/** What residents may do online, state by state: ask for stage 2 (6.10, 6.12), withdraw, add information. */
const residentExpected: Record<ComplaintState, Action[]> = {
  received: ['withdraw', 'attachDocument', 'addInformation'],
  stage1: ['withdraw', 'attachDocument', 'addInformation'],
  stage1_responded: ['requestEscalation', 'withdraw', 'attachDocument', 'addInformation'],
  stage2_requested: ['withdraw', 'attachDocument', 'addInformation'],
  stage2: ['withdraw', 'attachDocument', 'addInformation'],
  stage2_responded: ['attachDocument', 'addInformation'],
  closed: [],
  not_accepted: ['attachDocument', 'addInformation'],
  withdrawn: ['attachDocument', 'addInformation'],
}

describe('the resident’s own actions', () => {
  it.each(complaintStates)('in %s, a resident may take exactly the actions that are theirs', (state) => {
    expect(allowedActions(complaintIn(state), 'resident').sort()).toEqual([...residentExpected[state]].sort())
  })

  it('a resident may ask for stage 2 after a stage 1 complaint is closed, not after the final response (6.10)', () => {
    const closedAt1 = historyOf([...steps.stage1_responded, { type: 'complaint.closed' }])
    expect(allowedActions(closedAt1, 'resident')).toEqual(['requestEscalation'])
    expect(allowedActions(complaintIn('closed'), 'resident')).toEqual([])
  })

  it('refuses staff-only actions to a resident, and the resident-only action to staff', () => {
    expect(() => checkTransition('respond', complaintIn('stage1'), 'resident')).toThrow(
      /Residents cannot record the response online/,
    )
    expect(() => checkTransition('addInformation', complaintIn('stage1'), 'admin')).toThrow(/does not allow/)
  })
})

describe('the rules within the transitions', () => {
  it('Code 6.13: the stage 2 handler is not the stage 1 handler, nor whoever recorded the stage 1 response', () => {
    const c = complaintIn('stage2_requested')
    const input = {
      handler: { id: 'handler-a', role: 'handler' as const },
      definition: { issues: ['Mould'], outcomesSought: ['Fix it'] },
    }
    expect(() => decideAcknowledge(c, input, ctx())).toThrow(/^Code 6\.13:/)
    expect(
      decideAcknowledge(c, { ...input, handler: { id: 'handler-b', role: 'handler' } }, ctx()),
    ).toMatchObject({ stage: 2, handlerId: 'handler-b' })
  })

  it('Code 5.6: the definition needs the issues and the outcomes sought', () => {
    const c = complaintIn('received')
    const handler = { id: 'handler-a', role: 'handler' as const }
    expect(() =>
      decideAcknowledge(c, { handler, definition: { issues: [], outcomesSought: ['x'] } }, ctx()),
    ).toThrow(/^Code 5\.6:/)
    expect(() =>
      decideAcknowledge(c, { handler, definition: { issues: ['x'], outcomesSought: [' '] } }, ctx()),
    ).toThrow(/^Code 5\.6:/)
    expect(() =>
      decideAcknowledge(
        c,
        { handler: { id: 'b', role: 'board' }, definition: { issues: ['x'], outcomesSought: ['y'] } },
        ctx(),
      ),
    ).toThrow(/handles complaints/)
  })

  it('Code 6.4 and 6.15: a reason always, and no more than the maximum without a good reason', () => {
    expect(() =>
      decideExtend(complaintIn('stage1'), { workingDays: 3, reason: '' }, limits(10), ctx()),
    ).toThrow(/^Code 6\.4:/)
    expect(() =>
      decideExtend(complaintIn('stage1'), { workingDays: 11, reason: 'Survey' }, limits(10), ctx()),
    ).toThrow(/^Code 6\.4: .*no more than 10/)
    expect(
      decideExtend(
        complaintIn('stage1'),
        { workingDays: 11, reason: 'Survey', goodReason: 'Specialist' },
        limits(10),
        ctx(),
      ),
    ).toMatchObject({ workingDays: 11 })
    expect(() =>
      decideExtend(complaintIn('stage2'), { workingDays: 21, reason: 'Survey' }, limits(20), ctx()),
    ).toThrow(/^Code 6\.15:/)
  })

  it('Code 6.7 and 7.1: reasons, a decision on every issue if any is given, and well-formed remedies', () => {
    const c = complaintIn('stage1')
    expect(() => decideRespond(c, { decision: 'upheld', reasons: '' }, '2026-03-20', ctx())).toThrow(
      /^Code 6\.7:/,
    )
    expect(() =>
      decideRespond(
        c,
        { decision: 'upheld', reasons: 'r', issueDecisions: [{ issueId: 'nope', decision: 'upheld' }] },
        '2026-03-20',
        ctx(),
      ),
    ).toThrow(/no issue/)
    expect(() =>
      decideRespond(
        c,
        { decision: 'upheld', reasons: 'r', remedies: [{ type: 'financial' }] },
        '2026-03-20',
        ctx(),
      ),
    ).toThrow(/amount/)
    expect(() =>
      decideRespond(
        c,
        { decision: 'upheld', reasons: 'r', remedies: [{ type: 'financial', amount: 50 }] },
        '2026-03-20',
        ctx(),
      ),
    ).toThrow(/what the financial remedy is for/)
    expect(() =>
      decideRespond(
        c,
        { decision: 'upheld', reasons: 'r', remedies: [{ type: 'apology', amount: 5 }] },
        '2026-03-20',
        ctx(),
      ),
    ).toThrow(/only a financial remedy/)
    expect(() =>
      decideRespond(
        c,
        {
          decision: 'upheld',
          reasons: 'r',
          outstandingActions: [{ description: 'Fan', dueOn: '2026-03-01' }],
        },
        '2026-03-20',
        ctx(),
      ),
    ).toThrow(/cannot be before the response/)
    expect(
      decideRespond(
        c,
        {
          decision: 'partly_upheld',
          reasons: 'r',
          issueDecisions: [{ issueId: 'i1', decision: 'upheld' }],
          remedies: [{ type: 'apology' }],
        },
        '2026-03-20',
        ctx(),
      ),
    ).toMatchObject({
      stage: 1,
      decision: 'partly_upheld',
    })
  })

  it('Code 6.12: an escalation needs no reason from the resident', () => {
    expect(decideEscalation(complaintIn('stage1_responded'), {}, 1, ctx())).toEqual({
      type: 'complaint.escalation_requested',
      policyVersion: 1,
    })
  })

  it('Code 2.2 and 5.11: refusal only on a listed ground, with an explanation; at stage 2 it refuses the escalation', () => {
    const grounds = [
      { code: 'legal_proceedings', label: 'legal proceedings have started', refusesEscalation: true },
    ]
    expect(() =>
      decideRefuse(complaintIn('received'), { reason: 'busy', explanation: 'x' }, grounds, ctx()),
    ).toThrow(/^Code 2\.2:/)
    expect(() =>
      decideRefuse(complaintIn('stage2_requested'), { reason: 'busy', explanation: 'x' }, grounds, ctx()),
    ).toThrow(/^Code 5\.11:/)
    expect(() =>
      decideRefuse(complaintIn('received'), { reason: 'legal_proceedings', explanation: '' }, grounds, ctx()),
    ).toThrow(/Code 2\.1 and 2\.4/)
    expect(
      decideRefuse(
        complaintIn('stage2_requested'),
        { reason: 'legal_proceedings', explanation: 'Claim filed' },
        grounds,
        ctx(),
      ),
    ).toMatchObject({
      refusing: 'escalation',
      stage: 2,
    })
  })

  it('Code 6.6: a complaint with open outstanding actions is not closed', () => {
    const c = complaintIn('stage1_responded')
    const withAction = foldComplaint('c1', [
      ...c.events.slice(0, -1),
      {
        ...(c.events.at(-1) as ComplaintEvent),
        type: 'complaint.responded',
        stage: 1,
        decision: 'upheld',
        issueDecisions: [],
        reasons: 'r',
        remedies: [],
        outstandingActions: [{ id: 'a1', description: 'Fan', dueOn: '2026-04-01' }],
      },
    ])
    expect(() => decideClose(withAction, undefined, ctx())).toThrow(/^Code 6\.6:/)
    expect(decideClose(c, 'Resolved', ctx())).toEqual({ type: 'complaint.closed', note: 'Resolved' })
  })
})
