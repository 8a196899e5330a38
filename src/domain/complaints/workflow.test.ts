import { describe, expect, it } from 'vitest'
import type { StaffRole } from '../staff/roles.js'
import { foldComplaint } from './complaint.js'
import type { ComplaintEvent, ComplaintEventData } from './events.js'
import { type ComplaintState, complaintStates } from './vocabulary.js'
import {
  type Action,
  actionNames,
  allowedActions,
  checkTransition,
  type DecisionContext,
  decideAcknowledge,
  decideClose,
  decideEscalation,
  decideExtend,
  decideRefuse,
  decideRespond,
  WorkflowError,
} from './workflow.js'

let ids = 0
const ctx = (role: StaffRole = 'handler', id = 'handler-b'): DecisionContext => ({
  now: new Date('2026-03-20T10:00:00Z'),
  actor: { id, role },
  newId: () => `id-${++ids}`,
})

const received: ComplaintEventData = {
  type: 'complaint.received',
  reference: 'CMP-2026-000001',
  channel: 'phone',
  receivedAt: '2026-03-02T09:15:00Z',
  description: 'Mould',
  resident: { name: 'Asha Patel' },
  categories: [],
  policyVersion: 1,
}
const definition = {
  issues: [{ id: 'i1', summary: 'Mould' }],
  outcomesSought: ['Fix it'],
  notResponsibleFor: [],
}
const steps: Record<ComplaintState, ComplaintEventData[]> = {
  received: [received],
  stage1: [received, { type: 'complaint.acknowledged', stage: 1, handlerId: 'handler-a', definition }],
  stage1_responded: [],
  stage2_requested: [],
  stage2: [],
  stage2_responded: [],
  closed: [],
  not_accepted: [
    received,
    {
      type: 'complaint.refused',
      stage: 1,
      refusing: 'complaint',
      reason: 'legal_proceedings',
      explanation: 'x',
    },
  ],
  withdrawn: [received, { type: 'complaint.withdrawn', how: 'phone' }],
}
const response = (stage: 1 | 2): ComplaintEventData => ({
  type: 'complaint.responded',
  stage,
  decision: 'upheld',
  issueDecisions: [],
  reasons: 'Because',
  remedies: [],
  outstandingActions: [],
})
steps.stage1_responded = [...steps.stage1, response(1)]
steps.stage2_requested = [
  ...steps.stage1_responded,
  { type: 'complaint.escalation_requested', policyVersion: 1 },
]
steps.stage2 = [
  ...steps.stage2_requested,
  { type: 'complaint.acknowledged', stage: 2, handlerId: 'handler-b', definition },
]
steps.stage2_responded = [...steps.stage2, response(2)]
steps.closed = [...steps.stage2_responded, { type: 'complaint.closed' }]

function complaintIn(state: ComplaintState) {
  const events: ComplaintEvent[] = steps[state].map((data, i) => ({
    ...data,
    seq: i + 1,
    at: new Date(Date.parse('2026-03-02T09:15:00Z') + i * 86_400_000),
    recordedAt: new Date('2026-03-20T00:00:00Z'),
    by: data.type === 'complaint.responded' && data.stage === 1 ? 'handler-a' : 'someone',
  }))
  const c = foldComplaint('c1', events)
  expect(c.state).toBe(state)
  return c
}

/** The expected table, written out by hand from Code section 6: state → the actions allowed in it. */
const expected: Record<ComplaintState, Action[]> = {
  received: [
    'acknowledge',
    'reassign',
    'addIssue',
    'refuse',
    'withdraw',
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
    'addNote',
    'attachDocument',
    'recordContact',
  ],
  stage1_responded: [
    'requestEscalation',
    'withdraw',
    'close',
    'completeAction',
    'addNote',
    'attachDocument',
    'recordContact',
  ],
  stage2_requested: [
    'acknowledge',
    'reassign',
    'refuse',
    'withdraw',
    'completeAction',
    'addNote',
    'attachDocument',
    'recordContact',
  ],
  stage2: [
    'reassign',
    'extend',
    'respond',
    'withdraw',
    'completeAction',
    'addNote',
    'attachDocument',
    'recordContact',
  ],
  stage2_responded: ['close', 'completeAction', 'addNote', 'attachDocument', 'recordContact'],
  closed: [],
  not_accepted: ['addNote', 'attachDocument', 'recordContact'],
  withdrawn: ['addNote', 'attachDocument', 'recordContact'],
}

/** The provision each refused action must name. */
const provisionOf: Record<Action, string> = {
  acknowledge: '6.2, 6.11',
  reassign: '5.8',
  extend: '6.4, 6.15',
  addIssue: '6.8',
  respond: '6.3, 6.14',
  requestEscalation: '6.10',
  refuse: '2.1–2.5, 5.11',
  withdraw: '',
  close: '6.6, 6.17',
  completeAction: '6.6, 6.17',
  addNote: '5.12',
  attachDocument: '5.12',
  recordContact: '5.12',
}

const matrix = complaintStates.flatMap((state) =>
  actionNames.map((action) => [state, action, expected[state].includes(action)] as const),
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
      expect(allowedActions(state, 'admin').sort()).toEqual([...expected[state]].sort())
  })

  it('lets the board do nothing and a handler do all but reassign', () => {
    expect(allowedActions('stage1', 'board')).toEqual([])
    expect(allowedActions('stage1', 'handler')).not.toContain('reassign')
    expect(allowedActions('stage1', 'complaints_officer')).toContain('reassign')
    expect(() => checkTransition('respond', complaintIn('stage1'), 'board')).toThrow(/does not allow/)
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
    expect(() => decideExtend(complaintIn('stage1'), { workingDays: 3, reason: '' }, 10, ctx())).toThrow(
      /^Code 6\.4:/,
    )
    expect(() =>
      decideExtend(complaintIn('stage1'), { workingDays: 11, reason: 'Survey' }, 10, ctx()),
    ).toThrow(/^Code 6\.4: .*no more than 10/)
    expect(
      decideExtend(
        complaintIn('stage1'),
        { workingDays: 11, reason: 'Survey', goodReason: 'Specialist' },
        10,
        ctx(),
      ),
    ).toMatchObject({ workingDays: 11 })
    expect(() =>
      decideExtend(complaintIn('stage2'), { workingDays: 21, reason: 'Survey' }, 20, ctx()),
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
        { decision: 'partly_upheld', reasons: 'r', issueDecisions: [{ issueId: 'i1', decision: 'upheld' }] },
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
    const grounds = [{ code: 'legal_proceedings', label: 'legal proceedings have started' }]
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
