import {
  addCalendarDays,
  addMonths,
  type CalendarDate,
  formatDateInWords,
  isCalendarDate,
} from '../calendar/calendarDate.js'
import { reportingYear, yearLabel } from '../reports/reportingYear.js'
import { rule } from '../rules.js'

/**
 * The Housing Ombudsman's annual submission is due by 30 September for a landlord with more than
 * this many homes; a smaller landlord has six months from the end of its financial year.
 */
export const LARGE_LANDLORD_HOMES = 1000

/** How long after its financial year ends a smaller landlord has to submit. */
export const SMALL_LANDLORD_MONTHS = 6

export type SubmissionDeadline = { due: CalendarDate; why: string }

const isMonthEnd = (day: CalendarDate) => addCalendarDays(day, 1).slice(8, 10) === '01'

/** The last day of the month a day falls in. */
const monthEndOf = (day: CalendarDate) => addCalendarDays(addMonths(`${day.slice(0, 7)}-01`, 1), -1)

/**
 * When the reporting year's submission is due, and why, in words. Derived, never typed in: from
 * the homes owned at the end of the year and the landlord's financial year end, which must fall
 * within the reporting year (1 April to 31 March). Six months from a month's end is that later
 * month's end (31 December gives 30 June); from another day, the same day six months on.
 */
export function submissionDeadline(input: {
  year: number
  homes: number
  financialYearEnd: CalendarDate
}): SubmissionDeadline {
  const { year, homes, financialYearEnd } = input
  const { from, to } = reportingYear(year)
  if (!isCalendarDate(financialYearEnd) || financialYearEnd < from || financialYearEnd > to)
    throw rule(
      `The financial year end must be a day within the reporting year ${yearLabel(year)} (${formatDateInWords(from)} to ${formatDateInWords(to)})`,
      'financialYearEnd',
    )
  const homesText = `${homes.toLocaleString('en-GB')} home${homes === 1 ? '' : 's'}`
  if (homes > LARGE_LANDLORD_HOMES) {
    const due = `${year + 1}-09-30`
    return {
      due,
      why: `Due ${formatDateInWords(due)}: a landlord with more than ${LARGE_LANDLORD_HOMES.toLocaleString('en-GB')} homes (${homesText} at the end of ${yearLabel(year)}) submits by 30 September after the reporting year ends on ${formatDateInWords(to)}.`,
    }
  }
  const sixOn = addMonths(financialYearEnd, SMALL_LANDLORD_MONTHS)
  const due = isMonthEnd(financialYearEnd) ? monthEndOf(sixOn) : sixOn
  return {
    due,
    why: `Due ${formatDateInWords(due)}: a landlord with ${LARGE_LANDLORD_HOMES.toLocaleString('en-GB')} homes or fewer (${homesText} at the end of ${yearLabel(year)}) submits within ${SMALL_LANDLORD_MONTHS} months of its financial year end, ${formatDateInWords(financialYearEnd)}.`,
  }
}
