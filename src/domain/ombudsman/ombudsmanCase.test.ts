import { describe, expect, it } from 'vitest'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { WorkflowError } from '../rules.js'

import {
  decideCompliance,
  decideDetermination,
  decideDirection,
  decideEvidenceRequest,
  decideEvidenceSent,
  decideOpenCase,
  foldOmbudsmanCase,
  needsGovernanceAlert,
  type OmbudsmanEventData,
  outstandingOnCase,
} from './ombudsmanCase.js'

const calendar = new WorkingDayCalendar({
  firstDate: '2025-01-01',
  lastDate: '2027-12-31',
  holidays: [
    { date: '2026-04-03', title: 'Good Friday', substitute: false, provisional: false },
    { date: '2026-04-06', title: 'Easter Monday', substitute: false, provisional: false },
  ],
  closures: [],
})
const today = '2026-06-01'
let n = 0
const newId = () => `id-${++n}`

function caseOf(...data: OmbudsmanEventData[]) {
  return foldOmbudsmanCase(
    'case-1',
    data.map((d, i) => ({ ...d, seq: i + 1, at: new Date('2026-06-01T09:00:00Z'), by: 'officer' })),
  )
}
const opened = decideOpenCase(
  {
    complaintId: 'c1',
    ombudsmanReference: '202612345',
    kind: 'formal_investigation',
    receivedOn: '2026-03-30',
  },
  { today, complaintReceivedOn: '2026-01-05' },
)

const problemsOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    if (error instanceof WorkflowError) return error.problems.map((p) => p.field)
    throw error
  }
  return []
}

describe('an Ombudsman case', () => {
  it('opens with the Ombudsman’s reference, kind and date, naming every problem at once', () => {
    expect(opened).toMatchObject({ type: 'ombudsman.case_opened', ombudsmanReference: '202612345' })
    expect(
      problemsOf(() =>
        decideOpenCase(
          { complaintId: 'c1', kind: 'nonsense', receivedOn: '2099-01-01' },
          { today, complaintReceivedOn: '2026-01-05' },
        ),
      ),
    ).toEqual(['ombudsmanReference', 'kind', 'receivedOn'])
  })

  it('dates an evidence request by the landlord’s default in working days, skipping bank holidays', () => {
    const e = decideEvidenceRequest(
      caseOf(opened),
      { requestedOn: '2026-03-30', what: 'The complaint file' },
      { today, calendar, newId },
    )
    // 15 working days from Monday 30 March, with Good Friday and Easter Monday skipped.
    expect(e).toMatchObject({ dueOn: '2026-04-22' })
    const given = decideEvidenceRequest(
      caseOf(opened),
      { requestedOn: '2026-03-30', dueOn: '2026-04-10', what: 'Repairs log' },
      { today, calendar, newId },
    )
    expect(given).toMatchObject({ dueOn: '2026-04-10' })
  })

  it('records the evidence sent once, with what was left out', () => {
    const requested = decideEvidenceRequest(
      caseOf(opened),
      { requestedOn: '2026-03-30', what: 'The complaint file' },
      { today, calendar, newId },
    )
    const c = caseOf(opened, requested)
    const requestId = c.evidenceRequests[0]?.id
    const sent = decideEvidenceSent(
      c,
      { requestId, sentOn: '2026-04-15', leftOut: 'A neighbour’s name' },
      { today },
    )
    const after = caseOf(opened, requested, sent)
    expect(after.evidenceRequests[0]?.sent).toEqual({ on: '2026-04-15', leftOut: 'A neighbour’s name' })
    expect(() => decideEvidenceSent(after, { requestId, sentOn: '2026-04-16' }, { today })).toThrow(
      /already recorded as sent/,
    )
  })

  it('takes a determination per element, then orders (4 weeks unless given) and recommendations, then compliance', () => {
    const determination = decideDetermination(
      caseOf(opened),
      {
        reportOn: '2026-05-11',
        elements: [
          { element: 'Handling of the damp and mould repairs', finding: 'severe_maladministration' },
          { element: 'Complaint handling', finding: 'maladministration' },
        ],
      },
      { today },
    )
    expect(needsGovernanceAlert(determination)).toBe('a finding of severe maladministration')
    const c = caseOf(opened, determination)
    expect(
      problemsOf(() =>
        decideDirection(
          caseOf(opened),
          { direction: 'order', kind: 'apology', description: 'x', ownerId: 'o' },
          { newId, owners: new Set(['o']) },
        ),
      ),
    ).toContain('direction')
    expect(
      problemsOf(() =>
        decideDirection(
          c,
          { direction: 'order', kind: 'compensation', description: 'Pay', ownerId: 'o' },
          { newId, owners: new Set(['o']) },
        ),
      ),
    ).toEqual(['amount'])
    const order = decideDirection(
      c,
      {
        direction: 'order',
        kind: 'compensation',
        description: 'Pay £600 for distress and inconvenience',
        amount: 600,
        ownerId: 'o',
      },
      { newId, owners: new Set(['o']) },
    )
    expect(order).toMatchObject({ dueOn: '2026-06-08', amount: 600 })
    const withOrder = caseOf(opened, determination, order)
    expect(outstandingOnCase(withOrder, '2026-06-09')).toEqual([
      expect.objectContaining({ dueOn: '2026-06-08', overdue: true }),
    ])
    const directionId = withOrder.directions[0]?.id
    const complied = decideCompliance(
      withOrder,
      { directionId, evidence: 'Payment record sent', sentOn: '2026-06-01' },
      { today },
    )
    expect(outstandingOnCase(caseOf(opened, determination, order, complied), '2026-06-09')).toEqual([])
  })

  it('alerts governance when the case is a Complaint Handling Failure Order', () => {
    const chfo = decideOpenCase(
      {
        complaintId: 'c1',
        ombudsmanReference: 'CHFO-1',
        kind: 'complaint_handling_failure_order',
        receivedOn: '2026-03-30',
      },
      { today, complaintReceivedOn: '2026-01-05' },
    )
    expect(needsGovernanceAlert(chfo)).toBe('a Complaint Handling Failure Order')
    expect(needsGovernanceAlert(opened)).toBeUndefined()
  })
})
