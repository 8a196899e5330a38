import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { reportsRepository } from '../../db/repositories/reports.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { foldComplaint } from '../../domain/complaints/complaint.js'
import { Problems, WorkflowError } from '../../domain/complaints/workflow.js'
import {
  lastReportingYear,
  reportingYear,
  reportingYearOf,
  type TsmItem,
  tsmItems,
  tsmMeasures,
  tsmRulesFor,
} from '../../domain/reports/tsm.js'
import { can, type StaffRole } from '../../domain/staff/roles.js'
import { forbidden, ruleBroken } from '../../errors.js'
import type { CalendarService } from '../calendar.js'
import type { PolicyService } from '../policy.js'

const FIRST_YEAR = 2000
const LAST_YEAR = 2100

function checkYear(year: number) {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR)
    throw ruleBroken(
      `The reporting year must be a year from ${FIRST_YEAR} to ${LAST_YEAR}, such as 2025 for 2025/26`,
      [{ field: 'year', message: 'not a reporting year' }],
    )
}

/**
 * The Tenant Satisfaction Measures CH01 (complaints per 1,000 homes) and CH02 (responses within
 * the Code's timescales), by the counting rules of the contract, with every complaint behind
 * each figure and why it counted as it did.
 */
export function tsmService(deps: {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
  policy: PolicyService
}) {
  const { db, clock } = deps
  return {
    async recordHomes(
      year: number,
      input: { lcra?: number; lcho?: number },
      actor: { id: string; role: StaffRole },
    ) {
      if (!can(actor.role, 'manageReports'))
        throw forbidden('Your role does not allow you to record the homes owned')
      checkYear(year)
      const problems = new Problems()
      for (const k of ['lcra', 'lcho'] as const) {
        const v = input[k]
        if (v === undefined || !Number.isInteger(v) || v < 0 || v > 10_000_000)
          problems.add(
            k,
            `Give the number of ${k.toUpperCase()} homes owned at the end of the year, a whole number`,
          )
      }
      try {
        problems.throwIfAny()
      } catch (error) {
        if (error instanceof WorkflowError) throw ruleBroken(error.message, error.problems)
        throw error
      }
      await reportsRepository(db).recordHomes({
        year,
        lcra: input.lcra as number,
        lcho: input.lcho as number,
        at: clock.now(),
        by: actor.id,
      })
      return { year, lcra: input.lcra as number, lcho: input.lcho as number }
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

    /** The year's measures for LCRA and LCHO, counted in the database from the report facts. */
    async tsm(year: number) {
      checkYear(year)
      const { from, to } = reportingYear(year)
      const repo = reportsRepository(db)
      const [counts, homes, tenureNotRecorded] = await Promise.all([
        repo.factCounts(from, to, londonDateOf(clock.now()), ['received', 'escalation', 'response']),
        repo.homes(year),
        repo.countedWithoutTenure(from, to),
      ])
      return {
        year,
        from,
        to,
        lcra: tsmMeasures(counts, 'lcra', homes?.lcra ?? null),
        lcho: tsmMeasures(counts, 'lcho', homes?.lcho ?? null),
        tenureNotRecorded,
        rules: tsmRulesFor(year),
      }
    },

    /**
     * The complaints behind the year's figures and why each counted as it did, oldest first:
     * for one measure and tenure a page at a time, or every one (for the workbook).
     */
    async items(
      year: number,
      only?: { measure: TsmItem['measure']; tenure: 'lcra' | 'lcho'; within?: boolean; page: number },
    ) {
      checkYear(year)
      const { from, to } = reportingYear(year)
      const measure = only?.measure
      const kind = (
        {
          stage1Received: 'received',
          stage2Received: 'escalation',
          stage1Response: 'response',
          stage2Response: 'response',
        } as const
      )[measure ?? 'stage1Received']
      const { ids, total } = await reportsRepository(db).complaintsBehind({
        today: londonDateOf(clock.now()),
        from,
        to,
        kind,
        kinds: measure ? [kind] : ['received', 'escalation', 'response'],
        ...(only ? { tenure: only.tenure } : {}),
        ...(measure === 'stage1Response' ? { keyPrefix: '1:' } : {}),
        ...(measure === 'stage2Response' ? { keyPrefix: '2:' } : {}),
        ...(only?.within !== undefined ? { within: only.within } : {}),
        limit: only ? ITEMS_PAGE : 10_000_000,
        offset: only ? (only.page - 1) * ITEMS_PAGE : 0,
      })
      const repo = complaintsRepository(db)
      const calendar = await deps.calendar.current()
      const policyOf = await deps.policy.lookup()
      const items: TsmItem[] = []
      for (const id of ids) {
        const c = foldComplaint(id, await repo.events(id))
        items.push(
          ...tsmItems(c, year, policyOf, calendar).filter(
            (i) =>
              (!measure || i.measure === measure) &&
              (!only || i.tenure === only.tenure) &&
              (only?.within === undefined || i.within === only.within),
          ),
        )
      }
      items.sort((a, b) => a.on.localeCompare(b.on) || a.reference.localeCompare(b.reference))
      return { items, total, pageSize: ITEMS_PAGE }
    },
  }
}

/** The complaints behind a figure, shown this many to a page. */
export const ITEMS_PAGE = 100

export type TsmService = ReturnType<typeof tsmService>
