import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../calendar/calendarDate.js'
import { foldImprovement, type ImprovementEventData } from '../improvement/improvementAction.js'
import { foldOmbudsmanCase, type OmbudsmanEventData } from '../ombudsman/ombudsmanCase.js'
import type { Period } from './boardPack.js'
import { asAtOf, improvementFigures, ombudsmanFigures, satisfactionFigures } from './governance.js'

const q1: Period = { from: '2026-04-01', to: '2026-06-30', label: 'Q1' }
const at = (day: string) => new Date(`${day}T10:00:00Z`)

describe('the day the figures are struck', () => {
  it.each<[CalendarDate, CalendarDate]>([
    ['2026-05-15', '2026-05-15'],
    ['2026-06-30', '2026-06-30'],
    ['2026-07-01', '2026-06-30'],
    ['2027-01-01', '2026-06-30'],
  ])('on %s: %s', (today, asAt) => {
    expect(asAtOf(q1, today)).toBe(asAt)
  })
})

/** A case from dated events: [day, event]. */
const ombudsmanCase = (id: string, ...dated: [string, OmbudsmanEventData][]) =>
  foldOmbudsmanCase(
    id,
    dated.map(([day, data], i) => ({ ...data, seq: i + 1, at: at(day), by: 'u1' })),
  )
const opened = (
  kind: 'formal_investigation' | 'complaint_handling_failure_order' | 'early_enquiry',
  receivedOn: string,
) =>
  [
    receivedOn,
    { type: 'ombudsman.case_opened', complaintId: 'c1', ombudsmanReference: 'R1', kind, receivedOn },
  ] as [string, OmbudsmanEventData]
const direction = (
  day: string,
  directionId: string,
  kind: 'order' | 'recommendation',
  dueOn: string,
): [string, OmbudsmanEventData] => [
  day,
  {
    type: 'ombudsman.direction_made',
    directionId,
    direction: kind,
    kind: 'compensation',
    description: 'Pay £200',
    ownerId: 'u1',
    dueOn: dueOn as CalendarDate,
  },
]
const complied = (day: string, directionId: string): [string, OmbudsmanEventData] => [
  day,
  { type: 'ombudsman.compliance_recorded', directionId, evidence: 'Paid', sentOn: day as CalendarDate },
]

describe('the Ombudsman’s cases in a period (Code 8.1(c), 9.6)', () => {
  /**
   * A: opened in March, determined 10 May with severe maladministration and service failure;
   * an order made 10 May due 7 June, complied 1 June; a recommendation made 10 May due 20 June,
   * never complied (overdue at the quarter's end, 30 June).
   * B: a Complaint Handling Failure Order received 5 May; an order made 5 May due 31 July.
   * C: an early enquiry received 2 July, after the quarter: not counted.
   * D: opened in January, determined in March (before), an order made in March complied 3 April.
   */
  const cases = [
    ombudsmanCase(
      'A',
      opened('formal_investigation', '2026-03-10'),
      [
        '2026-05-10',
        {
          type: 'ombudsman.determination_recorded',
          reportOn: '2026-05-10',
          elements: [
            { element: 'Repairs', finding: 'severe_maladministration' },
            { element: 'Complaint handling', finding: 'service_failure' },
          ],
        },
      ],
      direction('2026-05-10', 'a1', 'order', '2026-06-07'),
      direction('2026-05-10', 'a2', 'recommendation', '2026-06-20'),
      complied('2026-06-01', 'a1'),
    ),
    ombudsmanCase(
      'B',
      opened('complaint_handling_failure_order', '2026-05-05'),
      direction('2026-05-05', 'b1', 'order', '2026-07-31'),
    ),
    ombudsmanCase('C', opened('early_enquiry', '2026-07-02')),
    ombudsmanCase(
      'D',
      opened('formal_investigation', '2026-01-10'),
      [
        '2026-03-01',
        {
          type: 'ombudsman.determination_recorded',
          reportOn: '2026-03-01',
          elements: [{ element: 'Repairs', finding: 'maladministration' }],
        },
      ],
      direction('2026-03-01', 'd1', 'order', '2026-03-29'),
      complied('2026-04-03', 'd1'),
    ),
  ]

  it('counts by hand at the quarter’s end', () => {
    expect(ombudsmanFigures(cases, q1, '2026-07-15')).toEqual({
      asAt: '2026-06-30',
      received: [{ label: 'Complaint Handling Failure Order', count: 1 }],
      determinations: 1,
      findings: [
        { label: 'Service failure', count: 1 },
        { label: 'Severe maladministration', count: 1 },
      ],
      severeMaladministration: 1,
      failureOrders: 1,
      ordersMade: 2,
      recommendationsMade: 1,
      // a1 on 1 June and d1 on 3 April.
      compliedWith: 2,
      // Still owed on 30 June: a2 (due 20 June, overdue) and b1 (due 31 July).
      owed: 2,
      overdue: 1,
    })
  })

  it('counts what is owed as it stands on a day inside the quarter', () => {
    // On 15 May: a1, a2 and b1 owed, none yet overdue; d1 was complied on 3 April.
    expect(ombudsmanFigures(cases, q1, '2026-05-15')).toMatchObject({
      asAt: '2026-05-15',
      owed: 3,
      overdue: 0,
    })
  })
})

/** An action raised on `raisedOn`, then the events given, each on its own day. */
const improvement = (
  id: string,
  raisedOn: string,
  dueOn: string,
  ...dated: [string, ImprovementEventData][]
) =>
  foldImprovement(
    id,
    [
      [
        raisedOn,
        {
          type: 'improvement.raised',
          title: `Action ${id}`,
          description: 'x',
          origin: { kind: id === 'T' ? 'theme' : 'complaint', ...(id === 'T' ? { detail: 'Damp' } : {}) },
          complaintIds: [],
          ownerId: 'u1',
          director: 'D',
          dueOn: dueOn as CalendarDate,
        },
      ] as [string, ImprovementEventData],
      ...dated,
    ].map(([day, data], i) => ({ ...data, seq: i + 1, at: at(day), by: 'u1' })),
  )

describe('improvement actions in a period (Code 9.1–9.4)', () => {
  /**
   * A: raised in March, completed 10 June. T: a theme raised 1 May, due 31 May, still open
   * (overdue at 30 June). C: raised 2 May, cancelled 20 May. L: raised 1 July, after.
   * O: raised in February, due 31 December, open.
   */
  const actions = [
    improvement(
      'A',
      '2026-03-05',
      '2026-06-30',
      ['2026-06-10', { type: 'improvement.completed', evidence: 'New procedure', completedOn: '2026-06-10' }],
      ['2026-06-11', { type: 'improvement.published', youSaid: 'Slow', weDid: 'Faster' }],
    ),
    improvement('T', '2026-05-01', '2026-05-31'),
    improvement('C', '2026-05-02', '2026-09-30', [
      '2026-05-20',
      { type: 'improvement.cancelled', reason: 'x' },
    ]),
    improvement('L', '2026-07-01', '2026-09-30'),
    improvement('O', '2026-02-01', '2026-12-31'),
  ]

  it('counts by hand at the quarter’s end', () => {
    expect(improvementFigures(actions, q1, '2026-08-01')).toEqual({
      asAt: '2026-06-30',
      raised: 2,
      bySource: [
        { label: 'A complaint', count: 1 },
        { label: 'A theme across complaints', count: 1 },
      ],
      completed: [
        { title: 'Action A', on: '2026-06-10', evidence: 'New procedure', youSaid: 'Slow', weDid: 'Faster' },
      ],
      // T and O; A completed, C cancelled, L not yet raised.
      open: 2,
      overdue: 1,
    })
  })

  it('counts as open on a day what was not yet completed or cancelled then', () => {
    // On 15 May: A (completed later), T, C (cancelled later) and O.
    expect(improvementFigures(actions, q1, '2026-05-15')).toMatchObject({
      open: 4,
      overdue: 0,
    })
  })
})

describe('the landlord’s own survey', () => {
  it.each<[string, { satisfaction: string; count: number }[], number, number | null]>([
    ['none answered', [], 0, null],
    [
      '2 of 3 satisfied',
      [
        { satisfaction: 'very_satisfied', count: 1 },
        { satisfaction: 'fairly_satisfied', count: 1 },
        { satisfaction: 'very_dissatisfied', count: 1 },
      ],
      3,
      66.7,
    ],
    [
      'an answer off the scale is left out',
      [
        { satisfaction: 'neither', count: 3 },
        { satisfaction: 'ecstatic', count: 5 },
      ],
      3,
      0,
    ],
  ])('%s', (_what, answers, total, percent) => {
    const f = satisfactionFigures(answers)
    expect([f.answers, f.percentSatisfied]).toEqual([total, percent])
    expect(f.scale.map((s) => s.key)).toEqual([
      'very_satisfied',
      'fairly_satisfied',
      'neither',
      'fairly_dissatisfied',
      'very_dissatisfied',
    ])
  })
})
