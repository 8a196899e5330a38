import { holidaysForRange } from '../src/domain/calendar/bankHolidays.js'
import { dayNumber, fromDayNumber } from '../src/domain/calendar/calendarDate.js'
import { shippedBankHolidays } from '../src/domain/calendar/shippedHolidays.js'
import { WorkingDayCalendar } from '../src/domain/calendar/workingDayCalendar.js'

export type BenchResult = { name: string; value: number; unit: string; target?: string; ok?: boolean }

/** Calendar computations per second: adding working days, counting between dates, explaining. */
export function benchCalendar(): BenchResult[] {
  const official = shippedBankHolidays().holidays
  const buildStart = performance.now()
  const calendar = new WorkingDayCalendar({
    firstDate: '2010-01-01',
    lastDate: '2045-12-31',
    holidays: holidaysForRange(official, 2010, 2045),
    closures: [{ date: '2026-12-24', title: 'Christmas shutdown' }],
  })
  const buildMs = performance.now() - buildStart

  // Realistic inputs: start dates across 2019–2030, 0–40 working days.
  const first = dayNumber('2019-01-01')
  const starts = Array.from({ length: 4096 }, (_, i) => fromDayNumber(first + ((i * 7919) % 4380)))
  const days = Array.from({ length: 4096 }, (_, i) => (i * 31) % 41)

  const run = (fn: (i: number) => unknown, iterations: number) => {
    let sink = 0
    for (let i = 0; i < 100_000; i++) sink += String(fn(i & 4095)).length // warm up
    const t0 = performance.now()
    for (let i = 0; i < iterations; i++) sink += String(fn(i & 4095)).length
    const seconds = (performance.now() - t0) / 1000
    if (sink < 0) console.log(sink)
    return iterations / seconds
  }

  const add = run((i) => calendar.addWorkingDays(starts[i] as string, days[i] as number), 3_000_000)
  const between = run(
    (i) => calendar.workingDaysBetween(starts[i] as string, starts[(i + 1) & 4095] as string),
    3_000_000,
  )
  const explain = run((i) => calendar.explainAddition(starts[i] as string, days[i] as number).text, 200_000)
  return [
    { name: 'calendar: build index 2010–2045', value: Math.round(buildMs * 10) / 10, unit: 'ms' },
    {
      name: 'calendar: add working days',
      value: Math.round(add),
      unit: 'ops/s',
      target: '>= 1,000,000',
      ok: add >= 1_000_000,
    },
    { name: 'calendar: working days between', value: Math.round(between), unit: 'ops/s' },
    { name: 'calendar: explain a date in words', value: Math.round(explain), unit: 'ops/s' },
  ]
}
