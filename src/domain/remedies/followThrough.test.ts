import { describe, expect, it } from 'vitest'
import { holidaysForRange } from '../calendar/bankHolidays.js'
import { addCalendarDays, type CalendarDate } from '../calendar/calendarDate.js'
import { shippedBankHolidays } from '../calendar/shippedHolidays.js'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { overdueIfOfferedBefore, remedyDue } from './followThrough.js'

const calendar = new WorkingDayCalendar({
  firstDate: '2019-01-01',
  lastDate: '2035-12-31',
  holidays: holidaysForRange(shippedBankHolidays().holidays, 2019, 2035),
  // A fortnight's closure over Christmas, as some landlords close: it moves due dates the most.
  closures: Array.from({ length: 14 }, (_, i) => ({
    date: addCalendarDays('2025-12-20', i),
    title: 'Christmas closure',
  })),
})

describe('Code 7.3: a remedy is overdue exactly when it was offered before the day the register counts from', () => {
  it('agrees with the due date worked out for each offer, every day of a year and over Christmas', () => {
    for (let t = 0; t < 400; t += 3) {
      const today = addCalendarDays('2025-06-02', t)
      const cutoff = overdueIfOfferedBefore(today, calendar)
      // Every day an overdue remedy could have been offered on, and the days after.
      for (let d = -90; d <= 5; d++) {
        const offeredOn: CalendarDate = addCalendarDays(today, d)
        expect(offeredOn < cutoff, `${offeredOn} on ${today}`).toBe(
          remedyDue(offeredOn, 1, calendar).date < today,
        )
      }
    }
  })

  it('counts nothing offered today or later as overdue', () => {
    expect(overdueIfOfferedBefore('2026-03-09', calendar) <= '2026-03-09').toBe(true)
    expect(remedyDue(overdueIfOfferedBefore('2026-03-09', calendar), 1, calendar).date >= '2026-03-09').toBe(
      true,
    )
  })
})
