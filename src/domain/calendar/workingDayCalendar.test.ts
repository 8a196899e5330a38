import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type BankHoliday,
  holidaysForRange,
  parseGovUkBankHolidays,
  regularBankHolidays,
} from './bankHolidays.js'
import {
  addCalendarDays,
  dayNumber,
  fromDayNumber,
  londonDateOf,
  weekdayOfDayNumber,
} from './calendarDate.js'
import { shippedBankHolidays } from './shippedHolidays.js'
import { type ClosureDay, WorkingDayCalendar } from './workingDayCalendar.js'

const official = shippedBankHolidays().holidays
const build = (
  closures: ClosureDay[] = [],
  holidays: BankHoliday[] = holidaysForRange(official, 2010, 2045),
) => new WorkingDayCalendar({ firstDate: '2010-01-01', lastDate: '2045-12-31', holidays, closures })
const calendar = build()

/** The oracle: walk day by day, counting Monday–Friday days that are not holidays or closures. */
function bruteForceAdd(
  from: string,
  days: number,
  holidays: Set<string>,
  closures: Set<string> = new Set(),
): string {
  let date = from
  let counted = 0
  while (counted < days) {
    date = addCalendarDays(date, 1)
    const w = weekdayOfDayNumber(dayNumber(date))
    if (w !== 0 && w !== 6 && !holidays.has(date) && !closures.has(date)) counted++
  }
  return date
}
// The gov.uk dates, and past 2027 (where a deadline from late 2027 runs on) the rules' dates.
const officialDates = new Set(holidaysForRange(official, 2019, 2028).map((h) => h.date))

describe('adding working days: the hand-worked cases', () => {
  const cases: [string, number, string, string][] = [
    ['2026-12-18', 5, '2026-12-29', 'Christmas 2026: Fri 25 and Boxing Day substitute Mon 28 skipped'],
    ['2026-12-24', 1, '2026-12-29', 'Christmas Eve + 1'],
    ['2026-12-31', 1, '2027-01-04', 'New Year 2027: Fri 1 Jan skipped'],
    ['2027-12-24', 1, '2027-12-29', '2027: Christmas and Boxing Day both substitute (Mon 27, Tue 28)'],
    ['2022-12-23', 1, '2022-12-28', '2022: Boxing Day Mon 26, Christmas substitute Tue 27'],
    ['2022-12-30', 1, '2023-01-03', 'New Year 2023 substitute Mon 2 Jan'],
    ['2021-12-31', 1, '2022-01-04', 'New Year 2022 substitute Mon 3 Jan'],
    ['2026-04-02', 1, '2026-04-07', 'Easter 2026: Good Friday 3 Apr, Easter Monday 6 Apr'],
    ['2027-03-25', 2, '2027-03-31', 'Easter 2027: Good Friday 26 Mar, Easter Monday 29 Mar'],
    [
      '2022-06-01',
      1,
      '2022-06-06',
      'Platinum Jubilee: spring holiday moved to Thu 2 Jun and Fri 3 Jun added',
    ],
    ['2022-09-16', 1, '2022-09-20', 'State funeral of Queen Elizabeth II, Mon 19 Sep 2022'],
    ['2023-05-05', 1, '2023-05-09', 'Coronation of King Charles III, Mon 8 May 2023'],
    ['2020-05-07', 1, '2020-05-11', 'VE Day 2020: early May holiday moved to Fri 8 May'],
    ['2026-03-27', 4, '2026-04-02', 'across the spring clock change (Sun 29 Mar 2026)'],
    ['2026-03-27', 5, '2026-04-07', 'across the clock change and into Easter'],
    ['2026-10-23', 5, '2026-10-30', 'across the autumn clock change (Sun 25 Oct 2026)'],
    ['2026-03-07', 0, '2026-03-07', 'day 0 is the start itself, even a Saturday'],
    ['2026-03-07', 1, '2026-03-09', 'from a Saturday, the first working day is Monday'],
    ['2026-12-25', 1, '2026-12-29', 'from a bank holiday'],
  ]
  it.each(cases)('%s + %i working days → %s (%s)', (from, days, expected) => {
    expect(calendar.addWorkingDays(from, days)).toBe(expected)
  })

  it('explains a date in words, naming every weekend and holiday it skipped', () => {
    expect(calendar.explainAddition('2026-12-18', 5, 'received').text).toBe(
      'received Fri 18 Dec 2026; 5 working days, skipping Sat 19–Sun 20, Fri 25 (Christmas Day), Sat 26–Sun 27, Mon 28 (Boxing Day, substitute) → Tue 29 Dec 2026',
    )
    expect(calendar.explainAddition('2026-12-30', 3, 'acknowledged').text).toBe(
      'acknowledged Wed 30 Dec 2026; 3 working days, skipping Fri 1 Jan 2027 (New Year’s Day), Sat 2–Sun 3 → Tue 5 Jan 2027',
    )
    expect(calendar.explainAddition('2026-03-02', 0, 'received').text).toBe(
      'received Mon 2 Mar 2026; 0 working days → Mon 2 Mar 2026',
    )
    expect(calendar.explainAddition('2026-03-02', 1, 'received').text).toBe(
      'received Mon 2 Mar 2026; 1 working day → Tue 3 Mar 2026',
    )
  })

  it('names closure days and provisional holidays in the explanation', () => {
    const withClosure = build([{ date: '2026-12-24', title: 'Christmas shutdown' }])
    expect(withClosure.explainAddition('2026-12-23', 1, 'received').text).toBe(
      'received Wed 23 Dec 2026; 1 working day, skipping Thu 24 (closure: Christmas shutdown), Fri 25 (Christmas Day), Sat 26–Sun 27, Mon 28 (Boxing Day, substitute) → Tue 29 Dec 2026',
    )
    expect(calendar.explainAddition('2028-12-22', 1).text).toContain('Mon 25 (Christmas Day, provisional)')
  })

  it('refuses dates outside the calendar it keeps, saying which dates it has', () => {
    expect(() => calendar.addWorkingDays('2009-12-31', 1)).toThrow(
      /outside the calendar the service keeps \(2010-01-01 to 2045-12-31\)/,
    )
    expect(() => calendar.addWorkingDays('2026-02-30', 1)).toThrow(/real date/)
  })
})

describe('adding working days agrees with a day-by-day count', () => {
  it('for every start date from 2019-01-01 to 2027-12-31 and 0–40 working days, over the gov.uk data', () => {
    let checked = 0
    for (let n = dayNumber('2019-01-01'); n <= dayNumber('2027-12-31'); n++) {
      const from = fromDayNumber(n)
      // The brute force walks on from the previous answer, so the whole sweep stays cheap.
      let expected = from
      for (let days = 0; days <= 40; days++) {
        if (days > 0) expected = bruteForceAdd(expected, 1, officialDates)
        const actual = calendar.addWorkingDays(from, days)
        if (actual !== expected) throw new Error(`${from} + ${days}: expected ${expected}, got ${actual}`)
        checked++
      }
    }
    expect(checked).toBe(3287 * 41)
  })

  const date = fc.integer({ min: dayNumber('2010-01-01'), max: dayNumber('2043-12-31') }).map(fromDayNumber)
  const allHolidays = new Set(holidaysForRange(official, 2010, 2045).map((h) => h.date))

  it('property: equals the brute force, including with random closure days', () => {
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: 0, max: 120 }),
        fc.array(date, { maxLength: 10 }),
        (from, days, closureDates) => {
          const closures = [...new Set(closureDates)].map((d) => ({ date: d, title: 'closed' }))
          const cal = closureDates.length ? build(closures) : calendar
          expect(cal.addWorkingDays(from, days)).toBe(
            bruteForceAdd(from, days, allHolidays, new Set(closureDates)),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it('property: monotonic, lands on a working day, and counts back with workingDaysBetween', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (from, a, b) => {
        const da = calendar.addWorkingDays(from, a)
        const db = calendar.addWorkingDays(from, b)
        if (a < b) expect(da < db).toBe(true)
        if (a > 0) expect(calendar.isWorkingDay(da)).toBe(true)
        expect(calendar.workingDaysBetween(from, da)).toBe(a)
        // Adding in two steps is the same as adding at once.
        expect(calendar.addWorkingDays(calendar.addWorkingDays(from, a), b)).toBe(
          calendar.addWorkingDays(from, a + b),
        )
      }),
      { numRuns: 500 },
    )
  })

  it('property: no day it skips is a working day', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 60 }), (from, days) => {
        const e = calendar.explainAddition(from, days)
        for (const s of e.skipped) expect(calendar.isWorkingDay(s.date)).toBe(false)
        const span = dayNumber(e.date) - dayNumber(from)
        expect(span).toBe(days + e.skipped.length)
      }),
      { numRuns: 300 },
    )
  })
})

describe('bank holidays from the rules', () => {
  it('match gov.uk for every year it published, but for the one-off changes', () => {
    const changedYears = new Set([2020, 2022, 2023]) // VE Day, Platinum Jubilee and funeral, coronation
    for (let year = 2019; year <= 2027; year++) {
      const computed = regularBankHolidays(year).map(
        (h) => `${h.date} ${h.title}${h.substitute ? ' (substitute)' : ''}`,
      )
      const published = official
        .filter((h) => h.date.startsWith(String(year)))
        .map((h) => `${h.date} ${h.title}${h.substitute ? ' (substitute)' : ''}`)
      if (changedYears.has(year)) expect(computed).not.toEqual(published)
      else expect(computed, String(year)).toEqual(published)
    }
  })

  it('marks computed years provisional and keeps official ones', () => {
    const all = holidaysForRange(official, 2026, 2029)
    expect(all.filter((h) => h.date.startsWith('2027')).every((h) => !h.provisional)).toBe(true)
    expect(all.filter((h) => h.date.startsWith('2028')).every((h) => h.provisional)).toBe(true)
    expect(all.filter((h) => h.date.startsWith('2028')).map((h) => h.date)).toEqual([
      '2028-01-03',
      '2028-04-14',
      '2028-04-17',
      '2028-05-01',
      '2028-05-29',
      '2028-08-28',
      '2028-12-25',
      '2028-12-26',
    ])
  })
})

describe('reading gov.uk bank-holidays.json', () => {
  const doc = (events: unknown[]) => ({ 'england-and-wales': { division: 'england-and-wales', events } })
  const year2030 = regularBankHolidays(2030).map((h) => ({
    title: h.title,
    date: h.date,
    notes: h.substitute ? 'Substitute day' : '',
    bunting: true,
  }))

  it('reads a good document', () => {
    const outcome = parseGovUkBankHolidays(doc(year2030))
    expect(outcome.ok && outcome.value.years).toEqual([2030])
  })

  it('refuses a malformed one with every reason', () => {
    const bad = parseGovUkBankHolidays({ scotland: {} })
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.problems.join()).toContain('england-and-wales')
    const weekend = parseGovUkBankHolidays(doc([...year2030, { title: 'Saturday fun', date: '2030-01-05' }]))
    expect(!weekend.ok && weekend.problems).toEqual([
      '2030-01-05 (Saturday fun) is at a weekend; bank holidays fall on weekdays',
    ])
    const partial = parseGovUkBankHolidays(doc(year2030.slice(0, 3)))
    expect(!partial.ok && partial.problems[0]).toMatch(/2030 has only 3 bank holidays/)
    const badDate = parseGovUkBankHolidays(doc([{ title: 'x', date: '2030-02-30' }]))
    expect(!badDate.ok && badDate.problems[0]).toMatch(/real date/)
  })
})

describe('London calendar dates of instants', () => {
  it.each([
    ['2026-03-29T00:30:00Z', '2026-03-29'],
    ['2026-03-28T23:59:59Z', '2026-03-28'],
    ['2026-06-30T23:30:00Z', '2026-07-01'], // BST: 00:30 on 1 July in London
    ['2026-10-24T23:30:00Z', '2026-10-25'], // still BST
    ['2026-10-25T23:30:00Z', '2026-10-25'], // GMT again
    ['2026-12-31T23:59:59Z', '2026-12-31'],
    ['2026-05-31T23:00:00Z', '2026-06-01'],
  ])('%s is %s in London', (instant, date) => {
    expect(londonDateOf(new Date(instant))).toBe(date)
  })

  it('gives what Intl says for any instant, each hour worked out once and then remembered', () => {
    const byIntl = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d) // YYYY-MM-DD
    const instants = fc.date({
      min: new Date('1960-01-01T00:00:00Z'),
      max: new Date('2100-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    fc.assert(
      fc.property(instants, (d) => {
        // Asked twice, and for the hour's first and last millisecond, as requests do.
        const hour = Math.floor(d.getTime() / 3_600_000) * 3_600_000
        for (const t of [d.getTime(), d.getTime(), hour, hour + 3_599_999])
          expect(londonDateOf(new Date(t))).toBe(byIntl(new Date(t)))
      }),
      { numRuns: 2000 },
    )
  })
})
