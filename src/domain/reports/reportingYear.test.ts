import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../calendar/calendarDate.js'
import {
  lastReportingYear,
  parseReportingYear,
  REPORTING_YEAR_RULE,
  reportingYear,
  reportingYearOf,
  yearLabel,
} from './reportingYear.js'

describe('the one reporting-year rule: a year from 2000 to 2100', () => {
  it('names the range and an example in its refusal', () => {
    expect(REPORTING_YEAR_RULE).toBe(
      'The reporting year must be a year from 2000 to 2100, such as 2025 for 2025/26',
    )
  })

  it.each<[unknown, number]>([
    ['2025', 2025],
    [' 2025 ', 2025],
    ['2000', 2000],
    ['2100', 2100],
    [2024, 2024],
    [2000, 2000],
    [2100, 2100],
  ])('reads %j as %i', (asked, year) => {
    expect(parseReportingYear(asked)).toEqual({ ok: true, year })
  })

  it.each<[string, unknown]>([
    ['the year before the first', '1999'],
    ['the year after the last', '2101'],
    ['a number before the first', 1999],
    ['a number after the last', 2101],
    ['nothing', undefined],
    ['null', null],
    ['an empty box', ''],
    ['words', 'last year'],
    ['a label rather than a year', '2025/26'],
    ['a decimal', '2025.0'],
    ['a fraction', 2025.5],
    ['an exponent', '2.025e3'],
    ['hex', '0x7E9'],
    ['a sign', '+2025'],
    ['too many digits', '02025'],
    ['too few digits', '925'],
    ['a huge number', 1e300],
    ['not a number', Number.NaN],
    ['infinity', Number.POSITIVE_INFINITY],
    ['a list of years (a query asked twice)', ['2025', '2026']],
  ])('refuses %s', (_why, asked) => {
    expect(parseReportingYear(asked)).toEqual({ ok: false, error: REPORTING_YEAR_RULE })
  })
})

describe('a reporting year runs from 1 April to 31 March', () => {
  it.each<[number, string, string, string]>([
    [2025, '2025-04-01', '2026-03-31', '2025/26'],
    [2023, '2023-04-01', '2024-03-31', '2023/24'],
    [2099, '2099-04-01', '2100-03-31', '2099/00'],
    [2000, '2000-04-01', '2001-03-31', '2000/01'],
  ])('%i is %s to %s, written %s', (year, from, to, label) => {
    expect(reportingYear(year)).toEqual({ from, to })
    expect(yearLabel(year)).toBe(label)
  })

  it.each<[string, number, number]>([
    ['2025-04-01', 2025, 2024],
    ['2026-03-31', 2025, 2024],
    ['2026-04-01', 2026, 2025],
    ['2025-12-31', 2025, 2024],
    ['2026-01-01', 2025, 2024],
    ['2024-02-29', 2023, 2022],
  ])('%s falls in %i; the year just ended on it is %i', (day, year, ended) => {
    expect(reportingYearOf(day as CalendarDate)).toBe(year)
    expect(lastReportingYear(day as CalendarDate)).toBe(ended)
  })
})
