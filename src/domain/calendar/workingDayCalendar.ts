import type { BankHoliday } from './bankHolidays.js'
import {
  type CalendarDate,
  dayNumber,
  formatDay,
  fromDayNumber,
  isCalendarDate,
  weekdayOfDayNumber,
} from './calendarDate.js'

/** A day the landlord has declared closed (e.g. a Christmas shutdown): not a working day. */
export type ClosureDay = { date: CalendarDate; title: string }

export type NonWorkingDay =
  | { date: CalendarDate; reason: 'weekend' }
  | { date: CalendarDate; reason: 'bank_holiday'; title: string; substitute: boolean; provisional: boolean }
  | { date: CalendarDate; reason: 'closure'; title: string }

/** How a date was worked out, in words and in parts. */
export type DateExplanation = {
  from: CalendarDate
  workingDays: number
  date: CalendarDate
  skipped: NonWorkingDay[]
  text: string
}

export class CalendarRangeError extends Error {
  constructor(
    readonly firstDate: CalendarDate,
    readonly lastDate: CalendarDate,
    what: string,
  ) {
    super(`${what} is outside the calendar the service keeps (${firstDate} to ${lastDate})`)
    this.name = 'CalendarRangeError'
  }
}

/**
 * Working days in England and Wales for one landlord: Monday to Friday, not a bank holiday,
 * not a closure day. Built once into an index (how many working days up to each day, and
 * the list of working days) so that adding N working days is two array reads, whatever N.
 */
export class WorkingDayCalendar {
  readonly firstDate: CalendarDate
  readonly lastDate: CalendarDate
  readonly #first: number
  readonly #last: number
  /** #countUpTo[i]: working days from the first day to day first+i, inclusive. */
  readonly #countUpTo: Int32Array
  /** Day numbers of every working day, in order. */
  readonly #workingDays: Int32Array
  /** Index of every date string in range, and the string of every index: no parsing on the hot path. */
  readonly #indexOf = new Map<CalendarDate, number>()
  readonly #dates: CalendarDate[] = []
  readonly #holidays = new Map<number, BankHoliday>()
  readonly #closures = new Map<number, ClosureDay>()

  constructor(options: {
    firstDate: CalendarDate
    lastDate: CalendarDate
    holidays: BankHoliday[]
    closures: ClosureDay[]
  }) {
    this.firstDate = options.firstDate
    this.lastDate = options.lastDate
    this.#first = dayNumber(options.firstDate)
    this.#last = dayNumber(options.lastDate)
    for (const h of options.holidays) this.#holidays.set(dayNumber(h.date), h)
    for (const c of options.closures) this.#closures.set(dayNumber(c.date), c)
    const length = this.#last - this.#first + 1
    this.#countUpTo = new Int32Array(length)
    const working: number[] = []
    let count = 0
    for (let i = 0; i < length; i++) {
      const n = this.#first + i
      const date = fromDayNumber(n)
      this.#dates.push(date)
      this.#indexOf.set(date, i)
      if (this.#isWorking(n)) {
        count++
        working.push(n)
      }
      this.#countUpTo[i] = count
    }
    this.#workingDays = Int32Array.from(working)
  }

  #isWorking(n: number): boolean {
    const w = weekdayOfDayNumber(n)
    return w !== 0 && w !== 6 && !this.#holidays.has(n) && !this.#closures.has(n)
  }

  #index(date: CalendarDate, what: string): number {
    const known = this.#indexOf.get(date)
    if (known !== undefined) return known
    if (!isCalendarDate(date))
      throw new RangeError(`${what} must be a real date written YYYY-MM-DD (got "${date}")`)
    const n = dayNumber(date)
    if (n < this.#first || n > this.#last)
      throw new CalendarRangeError(this.firstDate, this.lastDate, `${what} ${date}`)
    return n - this.#first
  }

  isWorkingDay(date: CalendarDate): boolean {
    return this.#isWorking(this.#first + this.#index(date, 'The date'))
  }

  /** Why a day is not a working day, or undefined when it is one. */
  nonWorkingDay(date: CalendarDate): NonWorkingDay | undefined {
    const n = this.#first + this.#index(date, 'The date')
    const closure = this.#closures.get(n)
    const holiday = this.#holidays.get(n)
    if (holiday) {
      return {
        date,
        reason: 'bank_holiday',
        title: holiday.title,
        substitute: holiday.substitute,
        provisional: holiday.provisional,
      }
    }
    const w = weekdayOfDayNumber(n)
    if (w === 0 || w === 6) return { date, reason: 'weekend' }
    if (closure) return { date, reason: 'closure', title: closure.title }
    return undefined
  }

  /**
   * The day on which `days` working days have passed after `from`: `from` is day 0 whether
   * or not it is a working day, and only working days after it count (api-v1).
   */
  addWorkingDays(from: CalendarDate, days: number): CalendarDate {
    if (!Number.isInteger(days) || days < 0)
      throw new RangeError('The number of working days must be a whole number, 0 or more')
    const i = this.#index(from, 'The start date')
    if (days === 0) return from
    const k = (this.#countUpTo[i] as number) + days - 1
    const n = this.#workingDays[k]
    if (n === undefined)
      throw new CalendarRangeError(this.firstDate, this.lastDate, `${days} working days after ${from}`)
    return fromDayNumber(n)
  }

  /** Working days after `from` up to and including `to` (negative when `to` is earlier). */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
    return (
      (this.#countUpTo[this.#index(to, 'The end date')] as number) -
      (this.#countUpTo[this.#index(from, 'The start date')] as number)
    )
  }

  /** The first working day after `date`. */
  nextWorkingDay(date: CalendarDate): CalendarDate {
    return this.addWorkingDays(date, 1)
  }

  /** Every day that is not a working day from `from` to `to`, inclusive. */
  nonWorkingDaysBetween(from: CalendarDate, to: CalendarDate): NonWorkingDay[] {
    const a = this.#first + this.#index(from, 'The start date')
    const b = this.#first + this.#index(to, 'The end date')
    const out: NonWorkingDay[] = []
    for (let n = a; n <= b; n++) {
      const why = this.nonWorkingDay(fromDayNumber(n))
      if (why) out.push(why)
    }
    return out
  }

  /**
   * addWorkingDays, with its working out in words, e.g. "received Fri 18 Dec 2026; 5 working
   * days, skipping Sat 19–Sun 20, Fri 25 (Christmas Day), Sat 26–Sun 27, Mon 28 (Boxing Day,
   * substitute) → Tue 29 Dec 2026".
   */
  explainAddition(
    from: CalendarDate,
    days: number,
    startLabel = 'from',
    daysDetail?: string,
  ): DateExplanation {
    const date = this.addWorkingDays(from, days)
    const skipped = days === 0 ? [] : this.nonWorkingDaysBetween(fromDayNumber(dayNumber(from) + 1), date)
    const unit = days === 1 ? 'working day' : 'working days'
    const detail = daysDetail ? ` (${daysDetail})` : ''
    const skipping = skipped.length ? `, skipping ${describeSkipped(skipped, from)}` : ''
    return {
      from,
      workingDays: days,
      date,
      skipped,
      text: `${startLabel} ${formatDay(from)}; ${days} ${unit}${detail}${skipping} → ${formatDay(date)}`,
    }
  }
}

/** Runs of weekend days become "Sat 19–Sun 20"; holidays and closures are named. */
function describeSkipped(days: NonWorkingDay[], from: CalendarDate): string {
  const parts: string[] = []
  let reference = from
  const short = (date: CalendarDate) => {
    const detail =
      date.slice(0, 4) !== reference.slice(0, 4)
        ? 'year'
        : date.slice(0, 7) !== reference.slice(0, 7)
          ? 'month'
          : 'day'
    reference = date
    return formatDay(date, detail)
  }
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as NonWorkingDay
    if (d.reason === 'weekend') {
      let j = i
      while (
        days[j + 1]?.reason === 'weekend' &&
        dayNumber((days[j + 1] as NonWorkingDay).date) === dayNumber((days[j] as NonWorkingDay).date) + 1
      )
        j++
      const start = short(d.date)
      parts.push(j > i ? `${start}–${short((days[j] as NonWorkingDay).date)}` : start)
      i = j
    } else if (d.reason === 'bank_holiday') {
      const notes = [d.substitute ? 'substitute' : '', d.provisional ? 'provisional' : ''].filter(Boolean)
      parts.push(`${short(d.date)} (${[d.title, ...notes].join(', ')})`)
    } else {
      parts.push(`${short(d.date)} (closure: ${d.title})`)
    }
  }
  return parts.join(', ')
}
