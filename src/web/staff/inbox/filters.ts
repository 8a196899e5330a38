import { londonWallClockToInstant } from '../../../domain/calendar/calendarDate.js'
import { dateFromFields } from '../../forms.js'
import { firstValue } from '../../params.js'

type Query = Record<string, string | string[] | undefined>
const text = (v: string | string[] | undefined) => firstValue(v) ?? ''

/**
 * The inbox's filters as its page and its downloads read them from the query string: the tab
 * (new, decided or all), the sender's address, and "arrived on or after" as three date fields.
 */
export function inboxFilters(query: Query) {
  const s = text(query.status)
  const status = s === 'decided' || s === 'all' ? s : 'new'
  const from = text(query.from).trim()
  const since = {
    day: text(query['since-day']),
    month: text(query['since-month']),
    year: text(query['since-year']),
  }
  const sinceDate =
    since.day || since.month || since.year
      ? dateFromFields(
          { 'since-day': since.day, 'since-month': since.month, 'since-year': since.year },
          'since',
          'the date',
        )
      : undefined
  return {
    status,
    from,
    since,
    sinceError: sinceDate?.error,
    /** What the service's list is asked for. */
    list: {
      status: status === 'all' ? undefined : status,
      from: from || undefined,
      arrivedFrom: sinceDate?.date ? londonWallClockToInstant(sinceDate.date, 0, 0) : undefined,
    },
  }
}
