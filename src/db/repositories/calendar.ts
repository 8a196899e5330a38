import { type Kysely, sql } from 'kysely'
import type { BankHoliday } from '../../domain/calendar/bankHolidays.js'
import type { ClosureDay } from '../../domain/calendar/workingDayCalendar.js'
import type { DB } from '../schema.js'

/** The advisory lock key for calendar changes (the others: migrations, bootstrap, policy). */
const CALENDAR_LOCK = 7_301_124_004

export function calendarRepository(db: Kysely<DB>) {
  return {
    async revision(): Promise<number> {
      const row = await db.selectFrom('calendar_revision').select('revision').executeTakeFirstOrThrow()
      return Number(row.revision)
    },

    /**
     * Serialises changes to the calendar across every instance, for the rest of the transaction:
     * two imports of the same year, or a closure day added while one is loaded, wait their turn.
     */
    async lockForChange(): Promise<void> {
      await sql`select pg_advisory_xact_lock(${CALENDAR_LOCK})`.execute(db)
    },

    /** Whether the landlord's closure days extend the Code's clocks (never Awaab's Law's). */
    async closuresExtendCodeClocks(): Promise<boolean> {
      const row = await db
        .selectFrom('calendar_revision')
        .select('closures_extend_code_clocks as on')
        .executeTakeFirstOrThrow()
      return row.on
    },

    async setClosuresExtendCodeClocks(on: boolean): Promise<void> {
      await db.updateTable('calendar_revision').set({ closures_extend_code_clocks: on }).execute()
    },

    async bumpRevision(now: Date): Promise<void> {
      await db
        .updateTable('calendar_revision')
        .set({ revision: sql`revision + 1`, updated_at: now })
        .execute()
    },

    async officialHolidays(): Promise<BankHoliday[]> {
      const rows = await db
        .selectFrom('bank_holidays')
        .select(['date', 'title', 'substitute'])
        .orderBy('date')
        .execute()
      return rows.map((r) => ({ ...r, provisional: false }))
    },

    async latestImport() {
      return db
        .selectFrom('bank_holiday_imports')
        .select(['id', 'imported_at as importedAt', 'source', 'years'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
    },

    async imports() {
      return db
        .selectFrom('bank_holiday_imports')
        .leftJoin('users', 'users.id', 'bank_holiday_imports.imported_by')
        .select([
          'bank_holiday_imports.id',
          'bank_holiday_imports.imported_at as importedAt',
          'bank_holiday_imports.source',
          'bank_holiday_imports.years',
          'users.name as importedBy',
        ])
        .orderBy('bank_holiday_imports.id', 'desc')
        .execute()
    },

    /** Records the file and makes its dates the official ones for the years it covers. */
    async replaceOfficialYears(input: {
      years: number[]
      holidays: BankHoliday[]
      document: unknown
      source: string
      importedBy: string | null
      at: Date
    }): Promise<number> {
      const imported = await db
        .insertInto('bank_holiday_imports')
        .values({
          imported_at: input.at,
          imported_by: input.importedBy,
          source: input.source,
          years: input.years,
          document: JSON.stringify(input.document),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db
        .deleteFrom('bank_holidays')
        .where(sql<number>`extract(year from date)::int`, 'in', input.years)
        .execute()
      if (input.holidays.length) {
        await db
          .insertInto('bank_holidays')
          .values(
            input.holidays.map((h) => ({
              date: h.date,
              title: h.title,
              substitute: h.substitute,
              import_id: imported.id,
            })),
          )
          .execute()
      }
      return Number(imported.id)
    },

    async closureDays(): Promise<(ClosureDay & { createdAt: Date })[]> {
      return db
        .selectFrom('closure_days')
        .select(['date', 'title', 'created_at as createdAt'])
        .orderBy('date')
        .execute()
    },

    async addClosureDay(day: ClosureDay, by: string | null, at: Date): Promise<boolean> {
      const result = await db
        .insertInto('closure_days')
        .values({ date: day.date, title: day.title, created_at: at, created_by: by })
        .onConflict((oc) => oc.column('date').doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
    },

    async removeClosureDay(date: string): Promise<ClosureDay | undefined> {
      return db
        .deleteFrom('closure_days')
        .where('date', '=', date)
        .returning(['date', 'title'])
        .executeTakeFirst()
    },
  }
}
