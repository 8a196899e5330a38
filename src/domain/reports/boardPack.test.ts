import { describe, expect, it } from 'vitest'
import { factCount } from '../../../test/factCounts.js'
import { boardFigures, type Period, periodOf, previousPeriod, yearPeriod } from './boardPack.js'

describe('the period a board pack covers', () => {
  it.each<[string, Period]>([
    ['2026-03', { from: '2026-03-01', to: '2026-03-31', label: 'March 2026' }],
    ['2024-02', { from: '2024-02-01', to: '2024-02-29', label: 'February 2024' }],
    ['2025-Q1', { from: '2025-04-01', to: '2025-06-30', label: 'Quarter 1 of 2025/26 (April to June 2025)' }],
    [
      '2025-Q3',
      { from: '2025-10-01', to: '2025-12-31', label: 'Quarter 3 of 2025/26 (October to December 2025)' },
    ],
    [
      '2025-Q4',
      { from: '2026-01-01', to: '2026-03-31', label: 'Quarter 4 of 2025/26 (January to March 2026)' },
    ],
    ['2025', { from: '2025-04-01', to: '2026-03-31', label: '2025/26' }],
    [' 2000 ', { from: '2000-04-01', to: '2001-03-31', label: '2000/01' }],
    ['2100', { from: '2100-04-01', to: '2101-03-31', label: '2100/01' }],
  ])('reads %j', (period, expected) => {
    expect(periodOf({ period })).toEqual(expected)
  })

  it.each([
    ['a month that is none', { period: '2026-13' }],
    ['month nought', { period: '2026-00' }],
    ['a fifth quarter', { period: '2025-Q5' }],
    ['a year before the reporting years', { period: '1999' }],
    ['a year after them', { period: '2101' }],
    ['a quarter of a year before them', { period: '1999-Q4' }],
    ['a quarter of a year after them', { period: '2101-Q1' }],
    ['a label', { period: '2025/26' }],
    ['nothing', {}],
    ['dates the wrong way round', { from: '2026-03-31', to: '2026-03-01' }],
    ['a date that is none', { from: '2026-02-30', to: '2026-03-31' }],
    ['dates before 2000', { from: '1999-12-31', to: '2000-01-31' }],
    ['dates after 2100', { from: '2100-12-01', to: '2101-01-01' }],
  ])('refuses %s', (_why, asked) => {
    expect(periodOf(asked)).toBeUndefined()
  })

  it('takes two dates when no period is given, one day at the least', () => {
    expect(periodOf({ from: '2026-03-02', to: '2026-03-02' })).toEqual({
      from: '2026-03-02',
      to: '2026-03-02',
      label: '2026-03-02 to 2026-03-02',
    })
  })

  it('reads a reporting year as the same period by its number or by yearPeriod', () => {
    expect(periodOf({ period: '2024' })).toEqual(yearPeriod(2024))
  })
})

describe('the period before, to compare with', () => {
  it.each<[string, Period, string, string]>([
    ['a month', { from: '2026-03-01', to: '2026-03-31', label: '' }, '2026-02-01', '2026-02-28'],
    ['a quarter', { from: '2026-04-01', to: '2026-06-30', label: '' }, '2026-01-01', '2026-03-31'],
    ['a year', { from: '2025-04-01', to: '2026-03-31', label: '' }, '2024-04-01', '2025-03-31'],
    [
      'a quarter across a year end',
      { from: '2026-01-01', to: '2026-03-31', label: '' },
      '2025-10-01',
      '2025-12-31',
    ],
    // 10 days (2 to 11 March), so the 10 days before: 20 February to 1 March.
    ['some days', { from: '2026-03-02', to: '2026-03-11', label: '' }, '2026-02-20', '2026-03-01'],
    ['one day', { from: '2026-03-02', to: '2026-03-02', label: '' }, '2026-03-01', '2026-03-01'],
  ])('for %s', (_what, period, from, to) => {
    const before = previousPeriod(period)
    expect({ from: before.from, to: before.to }).toEqual({ from, to })
  })

  it('says which days it covers', () => {
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31', label: 'March 2026' }).label).toBe(
      'the previous period (1 February 2026 to 28 February 2026)',
    )
  })
})

/** One group of facts, as the database counts them. */
const fact = factCount

describe('the board pack’s figures for a period (Code 9.6, 9.7)', () => {
  /**
   * 4 complaints received (3 by phone, LCRA, LCRA, none; 1 online, LCHO), 1 escalation; 2
   * stage 1 responses (1 upheld with £150 offered, 1 not upheld) so 1 escalation in 2 is 50%;
   * 1 extension within the cap and 1 beyond; 1 refusal, 1 withdrawal, 2 closed; £100 paid of
   * which £50 set against arrears. A landlord's target: 1 on time, 1 late; one not yet due.
   */
  const counts = [
    fact({ kind: 'received', key: 'phone', tenure: 'lcra', count: 2 }),
    fact({ kind: 'received', key: 'phone', count: 1 }),
    fact({ kind: 'received', key: 'online', tenure: 'lcho', count: 1 }),
    fact({ kind: 'category', key: 'repairs', count: 3 }),
    fact({ kind: 'category', key: 'noise', count: 1 }),
    fact({ kind: 'escalation', count: 1 }),
    fact({ kind: 'response', key: '1:upheld', within: true, count: 1 }),
    fact({ kind: 'response', key: '1:not_upheld', within: false, count: 1 }),
    fact({ kind: 'extension', key: 'within_cap', count: 1 }),
    fact({ kind: 'extension', key: 'beyond_cap', count: 1 }),
    fact({ kind: 'refusal', key: 'legal_proceedings', count: 1 }),
    fact({ kind: 'withdrawn', count: 1 }),
    fact({ kind: 'closed', count: 2 }),
    fact({ kind: 'remedy_offered', key: 'financial', count: 1, amount: 150 }),
    fact({ kind: 'remedy_offered', key: 'apology', count: 1 }),
    fact({ kind: 'remedy_done', key: 'financial', count: 1, amount: 100 }),
    fact({ kind: 'arrears_offset', key: 'financial', count: 1, amount: 50 }),
    fact({ kind: 'target', key: 'Call back in 2 days', result: 'on_time', count: 1 }),
    fact({ kind: 'target', key: 'Call back in 2 days', result: 'late', count: 1 }),
    fact({ kind: 'target', key: 'Visit in 5 days', result: 'not_due', count: 1 }),
    fact({ kind: 'clock', key: 'acknowledgement', result: 'overdue', count: 1 }),
  ]
  const period: Period = { from: '2026-03-01', to: '2026-03-31', label: 'March 2026' }
  const f = boardFigures(counts, period)

  it('counts what came in, by route and tenure, and what was decided', () => {
    expect(f).toMatchObject({
      stage1Received: 4,
      stage2Received: 1,
      closed: 2,
      byCategory: [
        { key: 'repairs', count: 3 },
        { key: 'noise', count: 1 },
      ],
      byChannel: [
        { key: 'phone', count: 3 },
        { key: 'online', count: 1 },
      ],
      byTenure: [
        { key: 'lcra', count: 2 },
        { key: 'lcho', count: 1 },
        { key: 'not_recorded', count: 1 },
      ],
      extensions: 2,
      extensionsBeyondCap: 1,
      refusals: [{ key: 'legal_proceedings', count: 1 }],
      withdrawn: 1,
      escalationRate: 50,
      remedies: { compensationOffered: 150, done: 1, compensationPaid: 100, setAgainstArrears: 50 },
    })
    expect(f.outcomes.filter((o) => o.count)).toEqual([
      { stage: 1, decision: 'upheld', label: 'Stage 1: upheld', count: 1 },
      { stage: 1, decision: 'not_upheld', label: 'Stage 1: not upheld', count: 1 },
    ])
  })

  it('reads each Code clock and each target that fell due by the one timeliness rule', () => {
    expect(f.timeliness.map((t) => [t.key, t.fellDue, t.overdue])).toEqual([
      ['acknowledgement', 1, 1],
      ['stage1Response', 0, 0],
      ['stage2Acknowledgement', 0, 0],
      ['stage2Response', 0, 0],
    ])
    // A target only once one of it has fallen due.
    expect(f.targets.map((t) => [t.key, t.onTime, t.late, t.percentInTime])).toEqual([
      ['Call back in 2 days', 1, 1, 50],
    ])
  })

  it('gives no escalation rate without a stage 1 response to set it against', () => {
    expect(boardFigures([fact({ kind: 'escalation', count: 1 })], period).escalationRate).toBeNull()
  })
})
