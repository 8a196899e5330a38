import { describe, expect, it } from 'vitest'
import { addMonths, formatLongDate, londonWallClockToInstant } from './calendarDate.js'

describe('London wall-clock times', () => {
  it.each([
    ['2026-01-15', 9, 30, '2026-01-15T09:30:00.000Z'],
    ['2026-07-01', 0, 30, '2026-06-30T23:30:00.000Z'],
    ['2026-03-29', 0, 30, '2026-03-29T00:30:00.000Z'],
    ['2026-03-29', 1, 30, '2026-03-29T01:30:00.000Z'], // does not exist: read as GMT
    ['2026-03-29', 2, 30, '2026-03-29T01:30:00.000Z'],
    ['2026-03-29', 3, 0, '2026-03-29T02:00:00.000Z'],
    ['2026-10-25', 1, 30, '2026-10-25T00:30:00.000Z'],
    ['2026-10-25', 2, 30, '2026-10-25T02:30:00.000Z'], // 01:30 happened twice: the first is taken
  ])('%s %i:%i in London is %s', (date, h, m, iso) => {
    expect(londonWallClockToInstant(date, h, m).toISOString()).toBe(iso)
  })

  it('writes long dates the way letters do', () => {
    expect(formatLongDate('2026-03-18')).toBe('Wednesday 18 March 2026')
  })
})

describe('whole months later (review and end dates)', () => {
  it('keeps the day, or the month’s last day when it has fewer', () => {
    expect(addMonths('2026-03-02', 12)).toBe('2027-03-02')
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29')
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15')
  })
})
