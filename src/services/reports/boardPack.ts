import ExcelJS from 'exceljs'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { improvementRepository } from '../../db/repositories/improvement.js'
import { learningRepository } from '../../db/repositories/learning.js'
import { ombudsmanRepository } from '../../db/repositories/ombudsman.js'
import { reportsRepository } from '../../db/repositories/reports.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { channelLabels, remedyLabels, tenureLabels } from '../../domain/complaints/vocabulary.js'
import { foldImprovement, type ImprovementAction } from '../../domain/improvement/improvementAction.js'
import { foldOmbudsmanCase, type OmbudsmanCase } from '../../domain/ombudsman/ombudsmanCase.js'
import { boardFigures, type Period, previousPeriod } from '../../domain/reports/boardPack.js'
import { improvementFigures, ombudsmanFigures, satisfactionFigures } from '../../domain/reports/governance.js'
import type { CalendarService } from '../calendar.js'
import type { PolicyService } from '../policy.js'

/**
 * The board and MRC pack (Code 9.6, 9.7) for a period, beside the period before it: volumes by
 * stage, category, channel and tenure; outcomes; how each of the Code's clocks was met;
 * extensions, refusals, withdrawals and escalations.
 */
export function boardPackService(deps: {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
  policy: PolicyService
}) {
  const { db, clock } = deps

  /** Every Ombudsman case and improvement action as its events make it: tens or hundreds, not millions. */
  async function casesAndActions() {
    const ombudsman = ombudsmanRepository(db)
    const improvement = improvementRepository(db)
    const [caseIds, actionIds] = await Promise.all([
      db.selectFrom('ombudsman_cases').select('id').execute(),
      db.selectFrom('improvement_actions').select('id').execute(),
    ])
    const cases: OmbudsmanCase[] = []
    for (const { id } of caseIds) cases.push(foldOmbudsmanCase(id, await ombudsman.events(id)))
    const actions: ImprovementAction[] = []
    for (const { id } of actionIds) actions.push(foldImprovement(id, await improvement.events(id)))
    return { cases, actions }
  }

  async function pack(period: Period) {
    const before = previousPeriod(period)
    const reports = reportsRepository(db)
    const today = londonDateOf(clock.now())
    const [now, then, categories, { cases, actions }, themes, surveys, surveysBefore] = await Promise.all([
      reports.factCounts(period.from, period.to),
      reports.factCounts(before.from, before.to),
      complaintsRepository(db).categories(),
      casesAndActions(),
      learningRepository(db).byRootCause(period.from, period.to),
      reports.satisfaction(period.from, period.to),
      reports.satisfaction(before.from, before.to),
    ])
    const names = new Map(categories.map((c) => [c.code, c.label]))
    return {
      now: boardFigures(now, period),
      before: boardFigures(then, before),
      ombudsman: ombudsmanFigures(cases, period, today),
      ombudsmanBefore: ombudsmanFigures(cases, before, today),
      improvement: improvementFigures(actions, period, today),
      themes,
      satisfaction: { now: satisfactionFigures(surveys), before: satisfactionFigures(surveysBefore) },
      names: {
        category: (k: string) => names.get(k) ?? (k === 'uncategorised' ? 'No category' : k),
        channel: (k: string) => channelLabels[k as keyof typeof channelLabels] ?? k,
        tenure: (k: string) => tenureLabels[k as keyof typeof tenureLabels] ?? 'Not recorded',
        remedy: (k: string) => remedyLabels[k as keyof typeof remedyLabels] ?? k,
      },
    }
  }

  return {
    pack,

    /** The pack as a workbook: each table a sheet, this period beside the one before. */
    async workbook(period: Period): Promise<Buffer> {
      const p = await pack(period)
      const wb = new ExcelJS.Workbook()
      const sheet = (name: string, rows: { label: string; now: number | null; before: number | null }[]) => {
        const ws = wb.addWorksheet(name)
        ws.columns = [
          { header: name, key: 'label', width: 50 },
          { header: p.now.period.label, key: 'now', width: 20 },
          { header: 'Previous period', key: 'before', width: 20 },
        ]
        for (const r of rows) ws.addRow(r)
        ws.getRow(1).font = { bold: true }
      }
      const keyed = (
        now: { key: string; count: number }[],
        before: { key: string; count: number }[],
        name: (k: string) => string,
      ) =>
        [...new Set([...now, ...before].map((x) => x.key))].map((k) => ({
          label: name(k),
          now: now.find((x) => x.key === k)?.count ?? 0,
          before: before.find((x) => x.key === k)?.count ?? 0,
        }))
      sheet('Volumes', [
        { label: 'Stage 1 complaints received', now: p.now.stage1Received, before: p.before.stage1Received },
        { label: 'Stage 2 requests received', now: p.now.stage2Received, before: p.before.stage2Received },
        { label: 'Complaints closed', now: p.now.closed, before: p.before.closed },
        { label: 'Complaints withdrawn', now: p.now.withdrawn, before: p.before.withdrawn },
        { label: 'Escalation rate (%)', now: p.now.escalationRate, before: p.before.escalationRate },
      ])
      sheet('By category', keyed(p.now.byCategory, p.before.byCategory, p.names.category))
      sheet('By channel', keyed(p.now.byChannel, p.before.byChannel, p.names.channel))
      sheet('By tenure', keyed(p.now.byTenure, p.before.byTenure, p.names.tenure))
      sheet(
        'Outcomes',
        p.now.outcomes.map((o, i) => ({
          label: o.label,
          now: o.count,
          before: p.before.outcomes[i]?.count ?? 0,
        })),
      )
      sheet(
        'Timeliness',
        p.now.timeliness.flatMap((t, i) => [
          { label: `${t.label}: on time`, now: t.met, before: p.before.timeliness[i]?.met ?? 0 },
          { label: `${t.label}: late`, now: t.late, before: p.before.timeliness[i]?.late ?? 0 },
          {
            label: `${t.label}: % on time`,
            now: t.percentOnTime,
            before: p.before.timeliness[i]?.percentOnTime ?? null,
          },
        ]),
      )
      sheet('Extensions and refusals', [
        { label: 'Extensions', now: p.now.extensions, before: p.before.extensions },
        {
          label: 'Extensions beyond the Code’s cap, with a good reason',
          now: p.now.extensionsBeyondCap,
          before: p.before.extensionsBeyondCap,
        },
        ...keyed(p.now.refusals, p.before.refusals, (k) => `Refused: ${k.replace(/_/g, ' ')}`),
      ])
      return Buffer.from(await wb.xlsx.writeBuffer())
    },
  }
}

export type BoardPackService = ReturnType<typeof boardPackService>
