import { type CalendarDate, formatLongDate } from './calendarDate.js'

/**
 * Closure days cannot rewrite the past. Deadlines are worked out from the calendar as it is
 * now, so a closure day added or removed for a date that has passed (or for today, once the
 * day has begun) could turn a deadline already met into a missed one or the reverse. Only a
 * day after today can be added or removed: every deadline met or missed by today is due on or
 * before today, and a change after it cannot move it.
 */
export function closureDayChangeProblem(
  change: 'add' | 'remove',
  date: CalendarDate,
  today: CalendarDate,
): string | undefined {
  if (date > today) return undefined
  const verb = change === 'add' ? 'added' : 'removed'
  return `A closure day can only be ${verb} for a date after today (${formatLongDate(today)}): ${formatLongDate(date)} ${date === today ? 'is today' : 'has passed'}, and changing it would rewrite deadlines already met or missed`
}
