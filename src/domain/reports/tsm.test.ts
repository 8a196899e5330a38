import { describe, expect, it } from 'vitest'
import { datedHistory, definition, received, steps } from '../../../test/complaintHistories.js'
import { factCount } from '../../../test/factCounts.js'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import type { ComplaintEventData } from '../complaints/events.js'
import { defaultPolicy } from '../policy/timescales.js'
import type { FactCount } from './factCounts.js'
import {
  escalationCounts,
  receivedCounts,
  tsmItemOf,
  tsmMeasures,
  tsmOwedDate,
  tsmRulesFor,
  whyEscalated,
  whyReceived,
  whyResponded,
} from './tsm.js'
import { itemsBehind, tsmRows, whyNoFigure } from './tsmReturn.js'

/**
 * Worked by hand on a calendar with no bank holidays: every complaint is received on Monday 2
 * March 2026, so acknowledgement is due Monday 9 March (5 working days). Counted from an
 * acknowledgement on Wednesday 4 March, the 10 working days to respond run to Wednesday 18
 * March; counted from Monday 9 March (acknowledged late, or never), to Monday 23 March.
 */
const calendar = new WorkingDayCalendar({
  firstDate: '2025-01-01',
  lastDate: '2027-12-31',
  holidays: [],
  closures: [],
})
const mon2 = '2026-03-02T09:15:00Z'
const ack = (day: string): [string, ComplaintEventData] => [
  `${day}T10:00:00Z`,
  { type: 'complaint.acknowledged', stage: 1, handlerId: 'handler-a', definition },
]
const extended = (day: string, workingDays: number, goodReason?: string): [string, ComplaintEventData] => [
  `${day}T10:00:00Z`,
  {
    type: 'complaint.extended',
    stage: 1,
    workingDays,
    reason: 'A survey is needed',
    ...(goodReason ? { goodReason } : {}),
  },
]
const owed = (...after: [string, ComplaintEventData][]) =>
  tsmOwedDate(datedHistory('x', [[mon2, received], ...after]), 1, () => defaultPolicy, calendar)

describe('the date a stage 1 response was owed, as the TSM count it', () => {
  it.each<[string, [string, ComplaintEventData][], string, string]>([
    [
      'acknowledged on time: 10 working days from the acknowledgement',
      [ack('2026-03-04')],
      '2026-03-18',
      '2026-03-18',
    ],
    [
      'acknowledged late: 10 working days from the day it was due',
      [ack('2026-03-11')],
      '2026-03-23',
      '2026-03-23',
    ],
    ['never acknowledged: from the day it was due', [], '2026-03-23', '2026-03-23'],
    [
      'extended by 5, agreed before the date it moved',
      [ack('2026-03-04'), extended('2026-03-13', 5)],
      '2026-03-25',
      '2026-03-18',
    ],
    [
      'extended by 5 on the day it was owed: still in time to agree',
      [ack('2026-03-04'), extended('2026-03-18', 5)],
      '2026-03-25',
      '2026-03-18',
    ],
    [
      'extended by 5, agreed after the date it would move: does not count',
      [ack('2026-03-04'), extended('2026-03-19', 5)],
      '2026-03-18',
      '2026-03-18',
    ],
    [
      'extended by 12 with no good reason: only the Code’s cap of 10 counts',
      [ack('2026-03-04'), extended('2026-03-13', 12)],
      '2026-04-01',
      '2026-03-18',
    ],
    [
      'extended by 12 with a good reason: all 12 count',
      [ack('2026-03-04'), extended('2026-03-13', 12, 'The contractor’s report')],
      '2026-04-03',
      '2026-03-18',
    ],
    [
      'extended twice by 6 with no good reason: 6, then the 4 left under the cap',
      [ack('2026-03-04'), extended('2026-03-13', 6), extended('2026-03-19', 6)],
      '2026-04-01',
      '2026-03-18',
    ],
  ])('%s', (_why, after, owedOn, owedWithoutExtensions) => {
    expect(owed(...after)).toMatchObject({ owedOn, owedWithoutExtensions })
  })

  it.each<[string, [string, ComplaintEventData][], string]>([
    [
      'on time',
      [ack('2026-03-04')],
      'acknowledged 4 March 2026; 10 working days to respond (the Code); owed by 18 March 2026',
    ],
    [
      'late',
      [ack('2026-03-11')],
      'acknowledgement was due 9 March 2026 (5 working days) and came late, on 11 March 2026, so counted from 9 March 2026; 10 working days to respond (the Code); owed by 23 March 2026',
    ],
    [
      'never',
      [],
      'acknowledgement was due 9 March 2026 (5 working days) and came never, so counted from 9 March 2026; 10 working days to respond (the Code); owed by 23 March 2026',
    ],
    [
      'with an extension that came too late and one beyond the cap',
      [ack('2026-03-04'), extended('2026-03-19', 5), extended('2026-03-13', 12)],
      "acknowledged 4 March 2026; 10 working days to respond (the Code); an extension agreed 19 March 2026, after the 18 March 2026 it would move, does not count; of an extension of 12 working days, 10 count (the Code's cap of 10, no good reason); owed by 1 April 2026",
    ],
  ])('says why, in words, when acknowledged %s', (_when, after, why) => {
    expect(owed(...after)?.why).toBe(why)
  })

  it('has no date for a stage the complaint never reached', () => {
    const c = datedHistory('x', [[mon2, received]])
    expect(tsmOwedDate(c, 2, () => defaultPolicy, calendar)).toBeUndefined()
  })
})

describe('what counts as received (CH01)', () => {
  const refused = (stage: 1 | 2, refusing: 'complaint' | 'escalation'): ComplaintEventData => ({
    type: 'complaint.refused',
    stage,
    refusing,
    reason: 'legal_proceedings',
    explanation: 'Before the court',
  })
  const history = (data: ComplaintEventData[]) =>
    datedHistory(
      'x',
      data.map((d, i) => [`2026-03-${String(2 + i).padStart(2, '0')}T10:00:00Z`, d]),
    )
  it.each<[string, ComplaintEventData[], boolean, boolean]>([
    ['a complaint received', [received], true, true],
    ['one withdrawn', steps.withdrawn, true, true],
    ['one refused before acknowledgement', [received, refused(1, 'complaint')], false, true],
    ['one refused after acknowledgement', [...steps.stage1, refused(1, 'complaint')], true, true],
    ['an escalation refused', [...steps.stage2_requested, refused(2, 'escalation')], true, false],
    ['an escalation accepted', steps.stage2, true, true],
  ])('%s: stage 1 counts %s, stage 2 counts %s', (_what, data, stage1, stage2) => {
    const c = history(data)
    expect(receivedCounts(c)).toBe(stage1)
    expect(escalationCounts(c)).toBe(stage2)
  })

  it.each<[string, ComplaintEventData[], string]>([
    ['counted', [received], 'received 2 March 2026'],
    ['withdrawn', steps.withdrawn, 'received 2 March 2026 (withdrawn, still counted)'],
    [
      'refused',
      [received, refused(1, 'complaint')],
      'received 2 March 2026, refused before acknowledgement (legal_proceedings): not counted',
    ],
  ])('says why a complaint %s counts or not', (_what, data, why) => {
    expect(whyReceived(history(data))).toBe(why)
  })

  it('says why an escalation counts or not', () => {
    expect(whyEscalated('2026-03-06', history(steps.stage2))).toBe('escalation requested 6 March 2026')
    expect(whyEscalated('2026-03-06', history([...steps.stage2_requested, refused(2, 'escalation')]))).toBe(
      'escalation requested 6 March 2026, refused (legal_proceedings): not counted',
    )
  })

  it.each([
    ['2026-03-18', 'responded 18 March 2026; owed by 18 March 2026: within the timescale'],
    ['2026-03-19', 'responded 19 March 2026; owed by 18 March 2026: outside the timescale'],
  ] as const)('says a response on %s was within the timescale or not', (on, why) => {
    expect(whyResponded(on, { owedOn: '2026-03-18', why: 'owed by 18 March 2026' })).toBe(why)
  })
})

describe('the counting rules in force for a year', () => {
  it.each([2023, 2024, 2025, 2030, 2000])('%i is counted by the only rule set so far', (year) => {
    expect(tsmRulesFor(year).id).toBe('tsm-2023-code-2024')
  })
})

/** One group of facts, as the database counts them. */
const fact = (f: Partial<FactCount> & Pick<FactCount, 'kind' | 'count'>) =>
  factCount({ tenure: 'lcra', ...f })

describe('the measures for one tenure, from a year’s fact counts', () => {
  /**
   * LCRA: 7 stage 1 complaints received and 1 refused before acknowledgement (not counted); 2
   * escalations, 1 refused. 6 stage 1 responses: 3 within with no extension, 1 within only by an
   * extension, 2 outside (1 of them recorded late). 3 stage 2 responses: 1 within, 2 outside.
   * LCHO: 1 received, no responses. 12,000 homes.
   */
  const counts = [
    fact({ kind: 'received', key: 'phone', count: 5 }),
    fact({ kind: 'received', key: 'online', count: 2 }),
    fact({ kind: 'received', key: 'phone', count: 1, counted: false }),
    fact({ kind: 'escalation', count: 1 }),
    fact({ kind: 'escalation', count: 1, counted: false }),
    fact({ kind: 'response', key: '1:upheld', within: true, count: 3 }),
    fact({ kind: 'response', key: '1:not_upheld', within: true, withExtension: true, count: 1 }),
    fact({ kind: 'response', key: '1:upheld', within: false, count: 1 }),
    fact({ kind: 'response', key: '1:upheld', within: false, recordedLate: true, count: 1 }),
    fact({ kind: 'response', key: '2:upheld', within: true, count: 1 }),
    fact({ kind: 'response', key: '2:partly_upheld', within: false, count: 2 }),
    fact({ kind: 'received', key: 'phone', count: 1, tenure: 'lcho' }),
    fact({ kind: 'response', key: '1:upheld', within: true, count: 4, tenure: null }),
  ]

  it('counts LCRA by hand: 7 per 12,000 homes is 0.6, 4 of 6 in time is 66.7%, 1 of 3 is 33.3%', () => {
    expect(tsmMeasures(counts, 'lcra', 12_000)).toEqual({
      homes: 12_000,
      stage1Received: 7,
      stage2Received: 1,
      ch01Stage1: 0.6,
      ch01Stage2: 0.1,
      stage1Responses: 6,
      stage1ResponsesWithinTimescale: 4,
      ch02Stage1: 66.7,
      stage2Responses: 3,
      stage2ResponsesWithinTimescale: 1,
      ch02Stage2: 33.3,
      stage1ResponsesWithinTimescaleWithoutExtension: 3,
      stage2ResponsesWithinTimescaleWithoutExtension: 1,
      stage1ResponsesRecordedLate: 1,
      stage2ResponsesRecordedLate: 0,
    })
  })

  it('gives LCHO no CH02 when there were no responses, and no CH01 without its homes', () => {
    expect(tsmMeasures(counts, 'lcho', null)).toMatchObject({
      homes: null,
      stage1Received: 1,
      ch01Stage1: null,
      stage1Responses: 0,
      ch02Stage1: null,
      ch02Stage2: null,
    })
  })

  it.each<[number, number, number]>([
    // 1 per 8,000 is 0.125: one decimal place, half away from zero.
    [1, 8_000, 0.1],
    [3, 8_000, 0.4],
    [5, 4_000, 1.3],
    [1, 1_000, 1],
  ])('%i complaints per %i homes is %d per 1,000', (n, homes, perThousand) => {
    expect(tsmMeasures([fact({ kind: 'received', count: n })], 'lcra', homes).ch01Stage1).toBe(perThousand)
  })
})

describe('a report fact as the item the workbook lists', () => {
  const base = {
    complaintId: 'c1',
    reference: 'CMP-2026-000001',
    tenure: 'lcra' as const,
    key: '',
    on: '2026-03-18' as const,
    counted: true,
    within: null,
    owedOn: null,
    why: 'why',
  }
  it.each([
    ['received', '', 'stage1Received'],
    ['escalation', '', 'stage2Received'],
    ['response', '1:upheld', 'stage1Response'],
    ['response', '2:not_upheld', 'stage2Response'],
  ] as const)('a %s fact keyed %j is %s', (kind, key, measure) => {
    expect(tsmItemOf({ ...base, kind, key }).measure).toBe(measure)
  })

  it('carries a response’s date owed and whether it met it; not for what was received', () => {
    expect(
      tsmItemOf({ ...base, kind: 'response', key: '1:upheld', within: false, owedOn: '2026-03-17' }),
    ).toEqual({
      complaintId: 'c1',
      reference: 'CMP-2026-000001',
      tenure: 'lcra',
      measure: 'stage1Response',
      on: '2026-03-18',
      counted: true,
      owedOn: '2026-03-17',
      within: false,
      why: 'why',
    })
    expect(tsmItemOf({ ...base, kind: 'received', within: true, why: null })).toEqual({
      complaintId: 'c1',
      reference: 'CMP-2026-000001',
      tenure: 'lcra',
      measure: 'stage1Received',
      on: '2026-03-18',
      counted: true,
      why: '',
    })
  })
})

describe('the return’s rows', () => {
  it.each([
    ['homes', 'not yet recorded'],
    ['ch01Stage1', 'no figure yet, because the homes owned at the year’s end are not recorded'],
    ['ch01Stage2', 'no figure yet, because the homes owned at the year’s end are not recorded'],
    ['ch02Stage1', 'no figure, because there were no responses in the year'],
    ['ch02Stage2', 'no figure, because there were no responses in the year'],
    ['stage1Received', 'none'],
  ] as const)('%s without a figure says %j', (key, why) => {
    expect(whyNoFigure(key)).toBe(why)
  })

  it('opens every figure but the homes and the third-release extras to the complaints behind it', () => {
    expect(tsmRows.filter((r) => itemsBehind[r.key]).map((r) => r.key)).toEqual([
      'stage1Received',
      'stage2Received',
      'ch01Stage1',
      'ch01Stage2',
      'stage1Responses',
      'stage1ResponsesWithinTimescale',
      'ch02Stage1',
      'stage2Responses',
      'stage2ResponsesWithinTimescale',
      'ch02Stage2',
    ])
  })
})
