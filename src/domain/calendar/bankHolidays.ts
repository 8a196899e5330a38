import { z } from 'zod'
import {
  addCalendarDays,
  type CalendarDate,
  dayNumber,
  fromDayNumber,
  isCalendarDate,
  weekdayOfDayNumber,
  yearOf,
} from './calendarDate.js'

/** A bank holiday in England and Wales, official (from gov.uk) or provisional (computed from the rules). */
export type BankHoliday = {
  date: CalendarDate
  title: string
  substitute: boolean
  provisional: boolean
}

const SUBSTITUTE_NOTE = 'Substitute day'

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

const isWeekend = (n: number) => {
  const w = weekdayOfDayNumber(n)
  return w === 0 || w === 6
}

function firstMonday(year: number, month: number): CalendarDate {
  let n = dayNumber(`${year}-${String(month).padStart(2, '0')}-01`)
  while (weekdayOfDayNumber(n) !== 1) n++
  return fromDayNumber(n)
}

function lastMonday(year: number, month: number): CalendarDate {
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`
  let n = dayNumber(next) - 1
  while (weekdayOfDayNumber(n) !== 1) n--
  return fromDayNumber(n)
}

/**
 * The regular bank holidays of England and Wales for a year, from the rules: New Year's
 * Day, Good Friday, Easter Monday, the early May, spring and summer bank holidays,
 * Christmas Day and Boxing Day, with substitute weekdays when they fall at a weekend.
 * One-off holidays and moved dates (a jubilee, VE Day 2020) only come from gov.uk.
 */
export function regularBankHolidays(year: number): BankHoliday[] {
  const out: BankHoliday[] = []
  const add = (date: CalendarDate, title: string, substitute = false) =>
    out.push({ date, title, substitute, provisional: true })

  const newYear = dayNumber(`${year}-01-01`)
  if (!isWeekend(newYear)) add(fromDayNumber(newYear), 'New Year’s Day')
  else add(fromDayNumber(newYear + (weekdayOfDayNumber(newYear) === 6 ? 2 : 1)), 'New Year’s Day', true)

  const easter = easterSunday(year)
  add(addCalendarDays(easter, -2), 'Good Friday')
  add(addCalendarDays(easter, 1), 'Easter Monday')
  add(firstMonday(year, 5), 'Early May bank holiday')
  add(lastMonday(year, 5), 'Spring bank holiday')
  add(lastMonday(year, 8), 'Summer bank holiday')

  // Christmas and Boxing Day keep their own dates when those are weekdays; a holiday that
  // falls at a weekend moves to the next weekday not already taken, Christmas first.
  const christmas = dayNumber(`${year}-12-25`)
  const boxing = christmas + 1
  const taken = new Set<number>()
  const pending: string[] = []
  for (const [n, title] of [
    [christmas, 'Christmas Day'],
    [boxing, 'Boxing Day'],
  ] as const) {
    if (isWeekend(n)) pending.push(title)
    else {
      taken.add(n)
      add(fromDayNumber(n), title)
    }
  }
  let candidate = boxing + 1
  for (const title of pending) {
    while (isWeekend(candidate) || taken.has(candidate)) candidate++
    taken.add(candidate)
    add(fromDayNumber(candidate), title, true)
  }
  return out.sort((a, b) => a.date.localeCompare(b.date))
}

const govUkEvent = z.object({
  title: z.string().trim().min(1, { message: 'every event needs a title' }),
  date: z.string().refine(isCalendarDate, { message: 'must be a real date written YYYY-MM-DD' }),
  notes: z.string().optional().default(''),
  bunting: z.boolean().optional(),
})

const govUkDocument = z.object(
  {
    'england-and-wales': z.object(
      {
        division: z.literal('england-and-wales', { message: 'the division must be "england-and-wales"' }),
        events: z.array(govUkEvent).min(1, { message: 'there must be at least one event' }),
      },
      {
        message: 'the document must have an "england-and-wales" section, as gov.uk’s bank-holidays.json does',
      },
    ),
  },
  { message: 'the document must be a JSON object in the format of gov.uk’s bank-holidays.json' },
)

export type ParsedBankHolidays = { years: number[]; holidays: BankHoliday[] }
export type ParseOutcome = { ok: true; value: ParsedBankHolidays } | { ok: false; problems: string[] }

/** A regular year has eight bank holidays; a year with fewer in a file means the file is cut short. */
const MIN_HOLIDAYS_IN_A_YEAR = 8

/**
 * Reads gov.uk's bank-holidays.json (England and Wales). Refuses, with every reason, a file
 * that is malformed, repeats a date, puts a holiday at a weekend or covers a year only in part.
 */
export function parseGovUkBankHolidays(document: unknown): ParseOutcome {
  const parsed = govUkDocument.safeParse(document)
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => {
        const where = i.path.length ? `${i.path.join('.')}: ` : ''
        return `${where}${i.message}`
      }),
    }
  }
  const problems: string[] = []
  const seen = new Set<string>()
  const holidays: BankHoliday[] = []
  for (const e of parsed.data['england-and-wales'].events) {
    if (seen.has(e.date)) problems.push(`${e.date} appears more than once`)
    seen.add(e.date)
    if (isWeekend(dayNumber(e.date)))
      problems.push(`${e.date} (${e.title}) is at a weekend; bank holidays fall on weekdays`)
    holidays.push({
      date: e.date,
      title: e.title,
      substitute: e.notes.trim().toLowerCase() === SUBSTITUTE_NOTE.toLowerCase(),
      provisional: false,
    })
  }
  const perYear = new Map<number, number>()
  for (const h of holidays) perYear.set(yearOf(h.date), (perYear.get(yearOf(h.date)) ?? 0) + 1)
  for (const [year, count] of perYear) {
    if (count < MIN_HOLIDAYS_IN_A_YEAR) {
      problems.push(
        `${year} has only ${count} bank holidays; a whole year has at least ${MIN_HOLIDAYS_IN_A_YEAR}, so the file looks incomplete`,
      )
    }
  }
  if (problems.length) return { ok: false, problems }
  holidays.sort((a, b) => a.date.localeCompare(b.date))
  return { ok: true, value: { years: [...perYear.keys()].sort((a, b) => a - b), holidays } }
}

/**
 * Every bank holiday the service counts from firstYear to lastYear: the official dates for
 * each year gov.uk has published, and the regular holidays (provisional) for the others.
 */
export function holidaysForRange(
  official: BankHoliday[],
  firstYear: number,
  lastYear: number,
): BankHoliday[] {
  const officialYears = new Set(official.map((h) => yearOf(h.date)))
  const out = official.filter((h) => yearOf(h.date) >= firstYear && yearOf(h.date) <= lastYear)
  for (let y = firstYear; y <= lastYear; y++) if (!officialYears.has(y)) out.push(...regularBankHolidays(y))
  return out.sort((a, b) => a.date.localeCompare(b.date))
}
