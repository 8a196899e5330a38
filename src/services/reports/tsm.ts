import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { reportsRepository } from '../../db/repositories/reports.js'
import type { DB } from '../../db/schema.js'
import { type CalendarDate, londonDateOf } from '../../domain/calendar/calendarDate.js'
import type { FactCount } from '../../domain/reports/factCounts.js'
import { decideHomesOwned, type HomesOwned } from '../../domain/reports/homesOwned.js'
import { lastReportingYear, reportingYear, reportingYearOf } from '../../domain/reports/reportingYear.js'
import { type TsmItem, tsmByTenure, tsmMeasureFacts, tsmRulesFor } from '../../domain/reports/tsm.js'
import { can, type StaffRole } from '../../domain/staff/roles.js'
import { forbidden, refused } from '../../errors.js'
import { entityAsked } from '../entities/entities.js'
import { reportingYearAsked } from '../governanceRecords.js'

/**
 * The Tenant Satisfaction Measures CH01 (complaints per 1,000 homes) and CH02 (responses within
 * the Code's timescales), by the counting rules of the contract, with every complaint behind
 * each figure and why it counted as it did.
 */
export function tsmService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db, clock } = deps

  /**
   * Every complaint behind the year's figures and why each counted as it did, oldest first (by
   * date, then reference), as the workbook lists them: read from the report facts, which hold
   * why each counted, a run of days holding about a batch of facts at a time, the next run read
   * while this one is written. Whoever takes them writes each as it comes, so a year never sits
   * in memory.
   */
  async function* itemBatches(year: number, entityId?: string): AsyncGenerator<TsmItem[]> {
    reportingYearAsked(year)
    const { from, to } = reportingYear(year)
    const repo = reportsRepository(db)
    const perDay = await repo.factsPerDay(from, to, ['received', 'escalation', 'response'], entityId)
    // Runs of days holding about a batch of facts each (a busy day its own run), so what is held
    // at once stays the same however many complaints a landlord has.
    const runs: { from: CalendarDate; to: CalendarDate; n: number }[] = []
    for (const day of perDay) {
      const last = runs.at(-1)
      if (last && last.n + day.n <= BATCH) Object.assign(last, { to: day.on, n: last.n + day.n })
      else runs.push({ from: day.on, to: day.on, n: day.n })
    }
    const read = (run: { from: CalendarDate; to: CalendarDate }) => {
      const reading = repo.tsmItems(run.from, run.to, undefined, entityId)
      // Read ahead; a workbook abandoned part way must not leave this unheard.
      reading.catch(() => undefined)
      return reading
    }
    let next = runs[0] ? read(runs[0]) : undefined
    for (let r = 0; next; r++) {
      const items = await next
      const following = runs[r + 1]
      next = following ? read(following) : undefined
      // A run at a time: an item at a time would be a promise an item, 400,000 for a year.
      yield items
    }
  }

  return {
    async recordHomes(
      year: number,
      input: { lcra?: number; lcho?: number },
      actor: { id: string; role: StaffRole },
      entityId?: string,
    ) {
      if (!can(actor.role, 'manageReports'))
        throw forbidden('Your role does not allow you to record the homes owned')
      reportingYearAsked(year)
      await entityAsked(db, entityId)
      let homes: HomesOwned
      try {
        homes = decideHomesOwned(input)
      } catch (error) {
        refused(error)
      }
      await reportsRepository(db).recordHomes({
        year,
        ...homes,
        at: clock.now(),
        by: actor.id,
        ...(entityId ? { entityId } : {}),
      })
      return { year, ...homes }
    },

    /**
     * The reporting year the reports open on: the latest that has complaints in it, so a newcomer
     * sees real figures; with none, the year just ended.
     */
    async latestYearWithData(): Promise<number> {
      const last = await reportsRepository(db).lastReceivedOn()
      const today = londonDateOf(clock.now())
      return last ? reportingYearOf(last > today ? today : last) : lastReportingYear(today)
    },

    /**
     * The year's measures for LCRA and LCHO, counted in the database from the report facts; or
     * from the year's counts already read (the annual report reads them once for all its parts).
     * For one landlord entity, over its own homes (the TSM return is per registered provider);
     * with none given, for the group, over the group's homes (`groupHomes`).
     */
    async tsm(year: number, counts?: FactCount[], entityId?: string) {
      reportingYearAsked(year)
      await entityAsked(db, entityId)
      const { from, to } = reportingYear(year)
      const repo = reportsRepository(db)
      const [facts, homes, tenureNotRecorded] = await Promise.all([
        counts ??
          repo.factCounts(
            from,
            to,
            londonDateOf(clock.now()),
            ['received', 'escalation', 'response'],
            entityId,
          ),
        repo.homes(year, entityId),
        repo.countedWithoutTenure(from, to, entityId),
      ])
      return {
        year,
        from,
        to,
        ...tsmByTenure(facts, homes),
        tenureNotRecorded,
        rules: tsmRulesFor(year),
      }
    },

    /**
     * The complaints behind the year's figures and why each counted as it did, oldest first:
     * for one measure and tenure a page at a time, or every one (see `itemBatches`).
     */
    async items(
      year: number,
      only?: { measure: TsmItem['measure']; tenure: 'lcra' | 'lcho'; within?: boolean; page: number },
      entityId?: string,
    ) {
      await entityAsked(db, entityId)
      if (!only) {
        const items: TsmItem[] = []
        for await (const batch of itemBatches(year, entityId)) items.push(...batch)
        return { items, total: new Set(items.map((i) => i.complaintId)).size, pageSize: ITEMS_PAGE }
      }
      reportingYearAsked(year)
      const { from, to } = reportingYear(year)
      const facts = tsmMeasureFacts[only.measure]
      const repo = reportsRepository(db)
      const { ids, total } = await repo.complaintsBehind({
        today: londonDateOf(clock.now()),
        from,
        to,
        ...facts,
        tenure: only.tenure,
        ...(only.within !== undefined ? { within: only.within } : {}),
        limit: ITEMS_PAGE,
        offset: (only.page - 1) * ITEMS_PAGE,
        ...(entityId ? { entityId } : {}),
      })
      const items = await repo.tsmItems(
        from,
        to,
        {
          ...facts,
          tenure: only.tenure,
          ...(only.within !== undefined ? { within: only.within } : {}),
          complaintIds: ids,
        },
        entityId,
      )
      return { items, total, pageSize: ITEMS_PAGE }
    },

    itemBatches,
  }
}

/** The workbook reads the year's facts about this many at a time, with their complaints' histories. */
const BATCH = 5000

/** The complaints behind a figure, shown this many to a page. */
export const ITEMS_PAGE = 100

export type TsmService = ReturnType<typeof tsmService>
