import type { CalendarDate } from '../calendar/calendarDate.js'

/**
 * The reporting years the service reads and records: a landlord may bring in complaints from
 * before the 2024 Code and the Tenant Satisfaction Measures (2023/24), so the range is wide; its
 * ends keep a year to four digits and inside the days every report and date field accepts.
 */
export const FIRST_REPORTING_YEAR = 2000
export const LAST_REPORTING_YEAR = 2100

/** What a reporting year must be, in the words every refusal of one uses. */
export const REPORTING_YEAR_RULE = `The reporting year must be a year from ${FIRST_REPORTING_YEAR} to ${LAST_REPORTING_YEAR}, such as 2025 for 2025/26`

export type ReportingYearAsked = { ok: true; year: number } | { ok: false; error: string }

/**
 * A reporting year as asked for: a whole number, or its four digits as typed (spaces around them
 * allowed), from 2000 to 2100. Anything else is refused with the rule, never read as some other year.
 */
export function parseReportingYear(asked: unknown): ReportingYearAsked {
  const year =
    typeof asked === 'number'
      ? asked
      : typeof asked === 'string' && /^\s*\d{4}\s*$/.test(asked)
        ? Number(asked)
        : Number.NaN
  return Number.isInteger(year) && year >= FIRST_REPORTING_YEAR && year <= LAST_REPORTING_YEAR
    ? { ok: true, year }
    : { ok: false, error: REPORTING_YEAR_RULE }
}

/** A reporting year as landlords write it: 2025 is "2025/26". */
export const yearLabel = (year: number) => `${year}/${String(year + 1).slice(2)}`

/** A reporting year: the financial year from 1 April of `year` to 31 March of the next. */
export function reportingYear(year: number): { from: CalendarDate; to: CalendarDate } {
  return { from: `${year}-04-01` as CalendarDate, to: `${year + 1}-03-31` as CalendarDate }
}

/** The reporting year a day falls in (2025 for any day from 1 April 2025 to 31 March 2026). */
export const reportingYearOf = (day: CalendarDate) =>
  Number(day.slice(0, 4)) - (day.slice(5) >= '04-01' ? 0 : 1)

/** The reporting year just ended on a day: the one a return or a report is made for. */
export const lastReportingYear = (day: CalendarDate) => reportingYearOf(day) - 1
