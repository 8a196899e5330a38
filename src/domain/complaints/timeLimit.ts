import { type CalendarDate, formatLongDate, isCalendarDate } from '../calendar/calendarDate.js'

/**
 * Code 2.3: a landlord must accept a complaint made within 12 months of the issue occurring
 * **or the resident becoming aware of it**, so the window runs from the later of the two.
 */
export type TimeLimit = {
  /** The date the 12 months run from: the later of the two that are known. */
  from: CalendarDate
  basis: 'occurred' | 'became aware'
  /** The last day a complaint is within the window. */
  lastDay: CalendarDate
  /** Whether the complaint was made within the window. */
  within: boolean
}

/** The same day 12 months later (29 February becomes 28 February). */
export function twelveMonthsAfter(date: CalendarDate): CalendarDate {
  const year = Number(date.slice(0, 4)) + 1
  const candidate = `${String(year).padStart(4, '0')}${date.slice(4)}`
  return isCalendarDate(candidate) ? candidate : `${String(year).padStart(4, '0')}-02-28`
}

/** The Code 2.3 window of a complaint, where the dates it runs from were recorded. */
export function timeLimitOf(c: {
  receivedOn: CalendarDate
  issueOccurredOn?: CalendarDate
  residentAwareOn?: CalendarDate
}): TimeLimit | undefined {
  const { issueOccurredOn: occurred, residentAwareOn: aware } = c
  if (!occurred && !aware) return undefined
  const useAware = Boolean(aware && (!occurred || aware > occurred))
  const from = (useAware ? aware : occurred) as CalendarDate
  const lastDay = twelveMonthsAfter(from)
  return { from, basis: useAware ? 'became aware' : 'occurred', lastDay, within: c.receivedOn <= lastDay }
}

/** "made on 2 March 2026, within 12 months of 10 June 2025, when the resident became aware of the issue" */
export function describeTimeLimit(t: TimeLimit, receivedOn: CalendarDate): string {
  const when =
    t.basis === 'occurred' ? 'when the issue occurred' : 'when the resident became aware of the issue'
  return `made on ${formatLongDate(receivedOn)}, ${t.within ? 'within' : 'more than'} 12 months ${t.within ? 'of' : 'after'} ${formatLongDate(t.from)}, ${when}`
}
