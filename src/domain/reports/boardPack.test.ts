import { describe, expect, it } from 'vitest'
import { type Period, periodOf, previousPeriod, yearPeriod } from './boardPack.js'

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
