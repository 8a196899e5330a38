/**
 * Calendar days as 'YYYY-MM-DD' strings (the API's format) and as day numbers (days since
 * 1970-01-01) for arithmetic. No time zones here: a calendar day is a London calendar day,
 * and an instant becomes one only through londonDateOf.
 */
export type CalendarDate = string

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

export function isCalendarDate(value: string): boolean {
  const m = datePattern.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const t = new Date(Date.UTC(y, mo - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
}

/** Days since 1970-01-01 of a valid 'YYYY-MM-DD'. */
export function dayNumber(date: CalendarDate): number {
  // Parsing by hand is several times faster than Date.parse, and this is the hot path.
  const y =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48)
  const m = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48)
  const d = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48)
  return Date.UTC(y, m - 1, d) / MS_PER_DAY
}

export function fromDayNumber(n: number): CalendarDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10)
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDayNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7
}

export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(dayNumber(date) + days)
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4))
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

const HOUR = 3_600_000
/** From 1972 London's offset from UTC is a whole number of hours, changing on the hour. */
const WHOLE_HOUR_OFFSETS_FROM = Date.UTC(1972, 0, 1)
const londonDays = new Map<number, CalendarDate>()

/** The London calendar day an instant falls on, right across GMT and BST. */
export function londonDateOf(instant: Date): CalendarDate {
  // Every instant in the same UTC hour falls on the same London day, so each hour is worked out
  // once (asking Intl is slow, and every request asks).
  const t = instant.getTime()
  if (!(t >= WHOLE_HOUR_OFFSETS_FROM)) return londonDateByIntl(instant)
  const hour = Math.floor(t / HOUR)
  let day = londonDays.get(hour)
  if (day === undefined) {
    day = londonDateByIntl(new Date(hour * HOUR))
    if (londonDays.size >= 10_000) londonDays.clear()
    londonDays.set(hour, day)
  }
  return day
}

function londonDateByIntl(instant: Date): CalendarDate {
  let y = ''
  let m = ''
  let d = ''
  for (const part of londonParts.formatToParts(instant)) {
    if (part.type === 'year') y = part.value
    else if (part.type === 'month') m = part.value
    else if (part.type === 'day') d = part.value
  }
  return `${y}-${m}-${d}`
}

const weekdayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** 'Fri 18 Dec 2026', or shorter: 'Fri 18 Dec' / 'Fri 18'. */
export function formatDay(date: CalendarDate, detail: 'day' | 'month' | 'year' = 'year'): string {
  const n = dayNumber(date)
  const day = `${weekdayNames[weekdayOfDayNumber(n)]} ${Number(date.slice(8, 10))}`
  if (detail === 'day') return day
  const month = `${day} ${monthNames[Number(date.slice(5, 7)) - 1]}`
  return detail === 'month' ? month : `${month} ${date.slice(0, 4)}`
}

const longWeekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
export const longMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** '18 March 2026', as reports write a day (built by hand: ICU versions differ on commas). */
export function formatDateInWords(date: CalendarDate): string {
  return `${Number(date.slice(8, 10))} ${longMonths[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`
}

/** A month ('2026-03') as people read it: 'March 2026'. */
export function formatMonthInWords(month: string): string {
  return `${longMonths[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`
}

/** 'Wednesday 18 March 2026', as letters write dates. */
export function formatLongDate(date: CalendarDate): string {
  return `${longWeekdays[weekdayOfDayNumber(dayNumber(date))]} ${formatDateInWords(date)}`
}

const londonClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
})

const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The London time of an instant, 24-hour, e.g. "09:05". */
export function formatLondonTime(instant: Date): string {
  return londonTime.format(instant)
}

/** An instant as a London day and time, e.g. "Mon 29 Mar 2027 at 00:30". */
export function formatLondonDayAndTime(instant: Date): string {
  return `${formatDay(londonDateOf(instant))} at ${formatLondonTime(instant)}`
}

/** The London wall-clock minute (as if it were UTC) of an instant. */
function londonWallMinute(instant: number): number {
  const p = Object.fromEntries(londonClock.formatToParts(new Date(instant)).map((x) => [x.type, x.value]))
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute))
}

/**
 * The instant a London wall-clock time names, e.g. what a caseworker typed. In the hour the
 * clocks go forward the time does not exist and is read as GMT; in the repeated hour when
 * they go back, the first (BST) one is taken.
 */
export function londonWallClockToInstant(date: CalendarDate, hour: number, minute: number): Date {
  const wall = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
    hour,
    minute,
  )
  const bst = wall - 3_600_000
  if (londonWallMinute(bst) === wall) return new Date(bst)
  return new Date(wall)
}

/** The instant a London day ends: the midnight that starts the next one. */
export function endOfLondonDay(date: CalendarDate): Date {
  return londonWallClockToInstant(addCalendarDays(date, 1), 0, 0)
}

/** A date some whole months after another, clamped to the month's end (31 January + 1 month is 28 or 29 February). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}
