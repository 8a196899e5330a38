import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import { auditLogRepository } from '../db/repositories/auditLog.js'
import { calendarRepository } from '../db/repositories/calendar.js'
import { complaintsRepository } from '../db/repositories/complaints.js'
import type { DB } from '../db/schema.js'
import {
  type BankHoliday,
  holidaysForRange,
  parseGovUkBankHolidays,
} from '../domain/calendar/bankHolidays.js'
import { type CalendarDate, isCalendarDate, londonDateOf, yearOf } from '../domain/calendar/calendarDate.js'
import { closureDayChangeProblem } from '../domain/calendar/closureDays.js'
import { SHIPPED_SOURCE, shippedBankHolidaysDocument } from '../domain/calendar/shippedHolidays.js'
import { WorkingDayCalendar } from '../domain/calendar/workingDayCalendar.js'
import { conflict, invalidInput, notFound, refused, ruleBroken } from '../errors.js'

/** The calendar keeps every day from here… */
const FIRST_YEAR = 2010
/** …to this many years past the later of this year and the last year gov.uk has published. */
const PROVISIONAL_YEARS_AHEAD = 10

export type BankHolidayImportSummary = {
  years: number[]
  added: BankHoliday[]
  removed: BankHoliday[]
  previouslyProvisionalYears: number[]
}

/** Turns a calendar error into one a caseworker or integrator can act on. */
export function calendarInputError(error: unknown): never {
  if (error instanceof RangeError) throw invalidInput(error.message)
  refused(error)
}

/** The two ways of counting working days: the Code's (the landlord's policy) and the statutory one. */
export type WorkingDayCalendars = { code: WorkingDayCalendar; statutory: WorkingDayCalendar }

/**
 * Something else kept in working days that must move when the calendar changes (Awaab's Law
 * clocks, say): called inside the change's transaction with the new calendars.
 */
export type CalendarListener = (trx: Kysely<DB>, calendars: WorkingDayCalendars, now: Date) => Promise<void>

export function calendarService(deps: { db: Kysely<DB>; clock: Clock; listeners?: CalendarListener[] }) {
  const { db, clock } = deps
  const repo = calendarRepository(db)
  let cached: ({ revision: number } & Awaited<ReturnType<typeof build>>) | undefined

  async function build(from: Kysely<DB>) {
    const calendarRepo = calendarRepository(from)
    const thisYear = yearOf(londonDateOf(clock.now()))
    const [official, closures, closuresExtendCodeClocks] = await Promise.all([
      calendarRepo.officialHolidays(),
      calendarRepo.closureDays(),
      calendarRepo.closuresExtendCodeClocks(),
    ])
    const lastOfficial = official.reduce((max, h) => Math.max(max, yearOf(h.date)), thisYear)
    const lastYear = lastOfficial + PROVISIONAL_YEARS_AHEAD
    const range = {
      firstDate: `${FIRST_YEAR}-01-01`,
      lastDate: `${lastYear}-12-31`,
      holidays: holidaysForRange(official, FIRST_YEAR, lastYear),
    }
    // Awaab's Law's working days: weekdays that are not bank holidays in England, whatever the landlord shuts.
    const statutory = new WorkingDayCalendar({ ...range, closures: [] })
    // The landlord's own: those, less the days it is closed.
    const landlord = closures.length ? new WorkingDayCalendar({ ...range, closures }) : statutory
    // The Code's: the statutory ones, unless the landlord's policy says its closure days extend them.
    const calendar = closuresExtendCodeClocks ? landlord : statutory
    return { lastYear, calendar, statutory, landlord, official, closuresExtendCodeClocks }
  }

  async function load(known?: number) {
    const revision = known ?? (await repo.revision())
    const thisYear = yearOf(londonDateOf(clock.now()))
    if (cached && cached.revision === revision && cached.lastYear >= thisYear + PROVISIONAL_YEARS_AHEAD)
      return cached
    cached = { revision, ...(await build(db)) }
    return cached
  }

  /**
   * After a change to the calendar, inside its transaction: every open complaint's due date
   * is worked out again from its start and length, so lists and queues move with it.
   */
  async function refreshOpenDeadlines(trx: Kysely<DB>, now: Date) {
    await calendarRepository(trx).bumpRevision(now)
    const { calendar, statutory } = await build(trx)
    const complaints = complaintsRepository(trx)
    for (const input of await complaints.openDeadlineInputs()) {
      if (input.startOn === null || input.workingDays === null) continue
      await complaints.setDeadlineDueOn(
        input.startOn,
        input.workingDays,
        calendar.addWorkingDays(input.startOn, input.workingDays),
      )
    }
    // Code 5.9: the next update to each resident moves with the calendar too.
    for (const input of await complaints.openUpdateInputs()) {
      if (input.startOn === null || input.workingDays === null) continue
      await complaints.setUpdateDueOn(
        input.startOn,
        input.workingDays,
        calendar.addWorkingDays(input.startOn, input.workingDays),
      )
    }
    // And whatever else is kept in working days (the listeners the composition root passes in).
    for (const listener of deps.listeners ?? []) await listener(trx, { code: calendar, statutory }, now)
  }

  return {
    /**
     * The Code's working days as they stand now: Monday to Friday, not a bank holiday, and (only
     * when the landlord's policy says so) not a closure day. Rebuilt whenever any instance changes
     * the holidays, closure days or that setting, so deadlines (always derived) move with it.
     */
    async current(): Promise<WorkingDayCalendar> {
      return (await load()).calendar
    },

    /**
     * The landlord's working days: not a weekend, a bank holiday or a day it has declared closed.
     * What `/working-days` works out (api-v1), and the days the office sends its daily prompts.
     */
    async landlord(): Promise<WorkingDayCalendar> {
      return (await load()).landlord
    },

    /**
     * Working days as the Hazards in Social Housing Regulations 2025 count them: Monday to Friday,
     * not a bank holiday in England. The landlord's closure days never move an Awaab's Law clock.
     */
    async statutory(): Promise<WorkingDayCalendar> {
      return (await load()).statutory
    },

    /** Whether the landlord's closure days extend the Code's clocks (its policy must say so). */
    async closuresExtendCodeClocks(): Promise<boolean> {
      return (await load()).closuresExtendCodeClocks
    },

    /**
     * Turns on or off whether closure days extend the Code's clocks: every open complaint's due
     * dates are worked out again, and who changed it is kept in the audit log.
     */
    async setClosuresExtendCodeClocks(on: boolean, actorId: string | null) {
      await db.transaction().execute(async (trx) => {
        await calendarRepository(trx).lockForChange()
        const now = clock.now()
        await calendarRepository(trx).setClosuresExtendCodeClocks(on)
        await refreshOpenDeadlines(trx, now)
        await auditLogRepository(trx).record({
          at: now,
          actorId,
          action: 'calendar.closures_extend_code_clocks_changed',
          details: { on },
        })
      })
    },

    /** The calendar at a revision just read (with the other rules' versions): no further read if unchanged. */
    async atRevision(revision: number): Promise<WorkingDayCalendar> {
      return (await load(revision)).calendar
    },

    async bankHolidays() {
      const { lastYear, official } = await load()
      const latest = await repo.latestImport()
      return {
        items: holidaysForRange(official, FIRST_YEAR, lastYear),
        source: latest?.source ?? 'rules only (no gov.uk data loaded)',
        updatedAt: latest?.importedAt ?? null,
      }
    },

    imports: () => repo.imports(),

    /** Loads the shipped gov.uk data into an empty database. */
    async ensureBankHolidays(): Promise<void> {
      if (await repo.latestImport()) return
      await this.importBankHolidays(shippedBankHolidaysDocument, null, SHIPPED_SOURCE)
    },

    /**
     * Loads a newer gov.uk bank-holidays.json: it replaces the official dates of the years
     * it covers (provisional years become official, one-off holidays appear); every other
     * year is kept. A bad file changes nothing.
     */
    async importBankHolidays(
      document: unknown,
      actorId: string | null,
      source: string,
    ): Promise<BankHolidayImportSummary> {
      const outcome = parseGovUkBankHolidays(document)
      if (!outcome.ok) {
        throw ruleBroken(
          `The bank holiday file was not loaded: ${outcome.problems.join('; ')}`,
          outcome.problems.map((message) => ({ field: 'document', message })),
        )
      }
      const { years, holidays } = outcome.value
      const before = await load()
      const beforeYears = holidaysForRange(before.official, Math.min(...years), Math.max(...years)).filter(
        (h) => years.includes(yearOf(h.date)),
      )
      const officialYears = new Set(before.official.map((h) => yearOf(h.date)))
      await db.transaction().execute(async (trx) => {
        await calendarRepository(trx).lockForChange()
        const now = clock.now()
        const importId = await calendarRepository(trx).replaceOfficialYears({
          years,
          holidays,
          document,
          source,
          importedBy: actorId,
          at: now,
        })
        await refreshOpenDeadlines(trx, now)
        await auditLogRepository(trx).record({
          at: now,
          actorId,
          action: 'calendar.bank_holidays_imported',
          details: { importId, years, source },
        })
      })
      const key = (h: BankHoliday) => `${h.date} ${h.title}`
      const newKeys = new Set(holidays.map(key))
      const oldKeys = new Set(beforeYears.map(key))
      return {
        years,
        added: holidays.filter((h) => !oldKeys.has(key(h))),
        removed: beforeYears.filter((h) => !newKeys.has(key(h))),
        previouslyProvisionalYears: years.filter((y) => !officialYears.has(y)),
      }
    },

    closureDays: () => repo.closureDays(),

    async addClosureDay(input: { date: string; title: string }, actorId: string | null) {
      const title = input.title.trim()
      if (!isCalendarDate(input.date))
        throw invalidInput('Enter the closure date as YYYY-MM-DD', [
          { field: 'date', message: 'Enter a real date' },
        ])
      if (!title)
        throw invalidInput('Say why the office is closed', [
          { field: 'title', message: 'Enter a description' },
        ])
      const past = closureDayChangeProblem('add', input.date, londonDateOf(clock.now()))
      if (past) throw ruleBroken(past, [{ field: 'date', message: past }])
      const calendar = await this.landlord()
      let reason: ReturnType<WorkingDayCalendar['nonWorkingDay']>
      try {
        reason = calendar.nonWorkingDay(input.date)
      } catch (error) {
        calendarInputError(error)
      }
      if (reason) {
        const why =
          reason.reason === 'weekend'
            ? 'a weekend day'
            : reason.reason === 'bank_holiday'
              ? `a bank holiday (${reason.title})`
              : `already closed (${reason.title})`
        throw ruleBroken(`${input.date} is not a working day already: it is ${why}`, [
          { field: 'date', message: `It is ${why}` },
        ])
      }
      await db.transaction().execute(async (trx) => {
        await calendarRepository(trx).lockForChange()
        const now = clock.now()
        if (!(await calendarRepository(trx).addClosureDay({ date: input.date, title }, actorId, now))) {
          throw conflict(`${input.date} is already a closure day`)
        }
        await refreshOpenDeadlines(trx, now)
        await auditLogRepository(trx).record({
          at: now,
          actorId,
          action: 'calendar.closure_day_added',
          details: { date: input.date, title },
        })
      })
      return { date: input.date, title }
    },

    /** Removes a future closure day; who removed it and why is kept in the audit log. */
    async removeClosureDay(date: CalendarDate, actorId: string | null, reason: string) {
      const why = reason.trim()
      const problems = [
        ...(why ? [] : [{ field: 'reason', message: 'Say why the closure day is being removed' }]),
      ]
      const past = isCalendarDate(date)
        ? closureDayChangeProblem('remove', date, londonDateOf(clock.now()))
        : undefined
      if (past) problems.push({ field: 'date', message: past })
      if (problems.length) throw ruleBroken(problems.map((p) => p.message).join('; '), problems)
      await db.transaction().execute(async (trx) => {
        await calendarRepository(trx).lockForChange()
        const now = clock.now()
        const removed = await calendarRepository(trx).removeClosureDay(date)
        if (!removed) throw notFound(`${date} is not a closure day`)
        await refreshOpenDeadlines(trx, now)
        await auditLogRepository(trx).record({
          at: now,
          actorId,
          action: 'calendar.closure_day_removed',
          details: { ...removed, reason: why },
        })
      })
    },
  }
}

export type CalendarService = ReturnType<typeof calendarService>
