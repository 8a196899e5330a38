import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { learningRepository } from '../../db/repositories/learning.js'
import type { DB } from '../../db/schema.js'
import { formatLongDate, londonDateOf } from '../../domain/calendar/calendarDate.js'
import { barChartSvg } from '../../domain/learning/charts.js'

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Code 9.4: themes and trends for the senior lead, over the last months. */
export function themesService(deps: { db: Kysely<DB>; clock: Clock }) {
  type Figures = Awaited<ReturnType<typeof workOut>>
  const workOut = async (from: string, to: string) => {
    const repo = learningRepository(deps.db)
    const [categories, monthly, rootCauses, serviceAreas, repeatComplainants, repeatPostcodes] =
      await Promise.all([
        repo.byCategory(from, to),
        repo.receivedByMonth(from, to),
        repo.byRootCause(from, to),
        repo.byServiceArea(from, to),
        repo.repeatComplainants(from, to),
        repo.repeatPostcodes(from, to),
      ])
    return { categories, monthly, rootCauses, serviceAreas, repeatComplainants, repeatPostcodes }
  }
  return {
    /**
     * The themes over the last `months` whole months, as worked out today: kept after the first
     * time each day (grouping a year of complaints at a million is seconds of work), and worked
     * out again when someone asks (`fresh`).
     */
    async themes(months: number, options: { fresh?: boolean } = {}) {
      const now = deps.clock.now()
      const to = londonDateOf(now)
      // Whole months: this one and the months before it.
      const start = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - 1 - (months - 1)
      const from = `${Math.floor(start / 12)}-${String((start % 12) + 1).padStart(2, '0')}-01`
      const repo = learningRepository(deps.db)
      const kept = options.fresh ? undefined : await repo.snapshot(months, to)
      const figures = (kept?.figures as Figures | undefined) ?? (await workOut(from, to))
      if (!kept) await repo.keepSnapshot(months, to, now, figures)
      const computedAt = kept?.computedAt ?? now
      const { categories, monthly, rootCauses, serviceAreas, repeatComplainants, repeatPostcodes } = figures
      const monthRows = monthly.map((m) => ({
        label: `${monthNames[Number(m.month.slice(5, 7)) - 1]} ${m.month.slice(0, 4)}`,
        value: m.value,
      }))
      const chart = (id: string, title: string, rows: { label: string; value: number }[]) => ({
        id,
        title,
        rows,
        svg: rows.length ? barChartSvg(id, title, rows) : undefined,
      })
      return {
        from,
        to,
        period: `${formatLongDate(from)} to ${formatLongDate(to)}`,
        charts: [
          chart('received', 'Complaints received, by month', monthRows),
          chart('categories', 'Complaints received, by category', categories),
          chart('root-causes', 'Root causes recorded with the learning', rootCauses),
          chart('service-areas', 'Service areas recorded with the learning', serviceAreas),
        ],
        repeatComplainants: repeatComplainants.rows,
        repeatComplainantsTotal: repeatComplainants.total,
        repeatPostcodes: repeatPostcodes.rows,
        repeatPostcodesTotal: repeatPostcodes.total,
        computedAt,
      }
    },
  }
}
