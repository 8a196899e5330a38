import { expect } from 'vitest'
import { WorkingDayCalendar } from '../src/domain/calendar/workingDayCalendar.js'
import { foldComplaint } from '../src/domain/complaints/complaint.js'
import type { ComplaintEvent, ComplaintEventData } from '../src/domain/complaints/events.js'
import type { ComplaintState } from '../src/domain/complaints/vocabulary.js'
import { type DecisionContext, WorkflowError } from '../src/domain/rules.js'

import type { StaffRole } from '../src/domain/staff/roles.js'

/**
 * Complaint histories for the domain tests: one for each state, made of the events that lead
 * there. handler-a handles and answers stage 1; handler-b handles stage 2.
 */
let ids = 0
export const ctx = (role: StaffRole = 'handler', id = 'handler-b'): DecisionContext => ({
  now: new Date('2026-03-20T10:00:00Z'),
  actor: { id, role },
  newId: () => `id-${++ids}`,
})

export const received: ComplaintEventData = {
  type: 'complaint.received',
  reference: 'CMP-2026-000001',
  channel: 'phone',
  receivedAt: '2026-03-02T09:15:00Z',
  description: 'Mould',
  resident: { name: 'Asha Patel' },
  categories: [],
  policyVersion: 1,
}
export const definition = {
  issues: [{ id: 'i1', summary: 'Mould' }],
  outcomesSought: ['Fix it'],
  notResponsibleFor: [],
}
export const steps: Record<ComplaintState, ComplaintEventData[]> = {
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
export const response = (stage: 1 | 2): ComplaintEventData => ({
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

/** Events made into a complaint, a day apart from 2 March 2026. */
export function historyOf(history: ComplaintEventData[]) {
  const events: ComplaintEvent[] = history.map((data, i) => ({
    ...data,
    seq: i + 1,
    at: new Date(Date.parse('2026-03-02T09:15:00Z') + i * 86_400_000),
    recordedAt: new Date('2026-03-20T00:00:00Z'),
    by: data.type === 'complaint.responded' && data.stage === 1 ? 'handler-a' : 'someone',
  }))
  return foldComplaint('c1', events)
}

export function complaintIn(state: ComplaintState) {
  const c = historyOf(steps[state])
  expect(c.state).toBe(state)
  return c
}

/**
 * A complaint whose events happened at the given London working-hours instants, for tests whose
 * answers are worked out by hand from real dates. An event may carry its recording mark.
 */
export function datedHistory(
  id: string,
  history: [at: string, data: ComplaintEventData, extra?: Pick<ComplaintEvent, 'recordedLate'>][],
) {
  const events = history.map(
    ([at, data, extra], i) =>
      ({
        ...data,
        seq: i + 1,
        at: new Date(at),
        recordedAt: new Date(at),
        by: 'handler-a',
        ...extra,
      }) as ComplaintEvent,
  )
  return foldComplaint(id, events)
}

/** The provisions a refusal names, to check that each rule says which part of the Code it is. */
export function provisionsOf(run: () => unknown): string[] {
  try {
    run()
  } catch (error) {
    if (error instanceof WorkflowError) return error.problems.map((p) => p.provision ?? '')
    throw error
  }
  throw new Error('expected a refusal')
}

/** Working days with no bank holidays or closures, 2025–2027: dates in a test worked out by hand. */
export const plainCalendar = new WorkingDayCalendar({
  firstDate: '2025-01-01',
  lastDate: '2027-12-31',
  holidays: [],
  closures: [],
})

/** Ten in the morning, London winter time, on the day given: an instant for `datedHistory`. */
export const tenAm = (day: string) => `${day}T10:00:00Z`

/** Stage 1 acknowledged by handler-a with the standard definition, agreeing updates every N working days. */
export const acknowledged = (updateIntervalDays?: number): ComplaintEventData => ({
  type: 'complaint.acknowledged',
  stage: 1,
  handlerId: 'handler-a',
  definition,
  ...(updateIntervalDays ? { updateIntervalDays } : {}),
})
