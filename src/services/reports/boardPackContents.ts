import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { hazardsRepository } from '../../db/repositories/hazards.js'
import { improvementRepository } from '../../db/repositories/improvement.js'
import { learningRepository } from '../../db/repositories/learning.js'
import { letterAuditsRepository } from '../../db/repositories/letterAudits.js'
import { ombudsmanRepository } from '../../db/repositories/ombudsman.js'
import { reportsRepository } from '../../db/repositories/reports.js'
import type { DB } from '../../db/schema.js'
import { endOfLondonDay, londonDateOf, londonWallClockToInstant } from '../../domain/calendar/calendarDate.js'
import { DEFAULT_LATE_RECORDING_DAYS } from '../../domain/complaints/lateRecording.js'
import { channelLabels, remedyLabels, tenureLabels } from '../../domain/complaints/vocabulary.js'
import { hazardDutyFigures } from '../../domain/hazards/figures.js'
import { foldImprovement, type ImprovementAction } from '../../domain/improvement/improvementAction.js'
import { auditFigures, codeChecklist } from '../../domain/letterAudits/letterAudits.js'
import { foldOmbudsmanCase, type OmbudsmanCase } from '../../domain/ombudsman/ombudsmanCase.js'
import { boardFigures, type Period, previousPeriod } from '../../domain/reports/boardPack.js'
import {
  improvementFigures,
  interventionFigures,
  ombudsmanFigures,
  satisfactionFigures,
} from '../../domain/reports/governance.js'
import { allInterventions } from '../ombudsman/interventions.js'

/**
 * What the board and MRC pack (Code 9.6, 9.7) shows for a period, beside the period before it:
 * the figures every form of the pack (the page, the PDF, the workbook, the Word file) is made from.
 */
export function boardPackContents(deps: {
  db: Kysely<DB>
  clock: Clock
  /** Working days after which an action counts as recorded late (the landlord's tolerance). */
  lateRecordingDays?: number
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

  /** With `entityId`, the complaint figures are one landlord entity's (issue 34); the rest are the group's. */
  return async function pack(period: Period, entityId?: string) {
    const before = previousPeriod(period)
    const reports = reportsRepository(db)
    const today = londonDateOf(clock.now())
    const [now, then, categories, { cases, actions }, themes, surveys, surveysBefore, interventions] =
      await Promise.all([
        reports.factCounts(period.from, period.to, today, undefined, entityId),
        reports.factCounts(before.from, before.to, today, undefined, entityId),
        complaintsRepository(db).categories(),
        casesAndActions(),
        learningRepository(db).byRootCause(period.from, period.to),
        reports.satisfaction(period.from, period.to),
        reports.satisfaction(before.from, before.to),
        allInterventions(db),
      ])
    const hazards = hazardsRepository(db)
    const instants = (p: Period) => ({
      from: londonWallClockToInstant(p.from, 0, 0),
      until: endOfLondonDay(p.to),
    })
    const [span, spanBefore] = [instants(period), instants(before)]
    const [duties, dutiesBefore, identified, identifiedBefore] = await Promise.all([
      hazards.clockFigures(span.from, span.until, clock.now()),
      hazards.clockFigures(spanBefore.from, spanBefore.until, clock.now()),
      hazards.identified(span.from, span.until),
      hazards.identified(spanBefore.from, spanBefore.until),
    ])
    const names = new Map(categories.map((c) => [c.code, c.label]))
    const audits = letterAuditsRepository(db)
    const [auditsNow, auditsBefore, checklist] = await Promise.all([
      audits.list({ sentFrom: period.from, sentTo: period.to }),
      audits.list({ sentFrom: before.from, sentTo: before.to }),
      audits.checklist(),
    ])
    // An item's words as the latest checklist has them, else as the Code's list does.
    const itemText = new Map([...codeChecklist, ...(checklist?.items ?? [])].map((i) => [i.id, i.text]))
    return {
      /** The facts counted, as read: the annual report takes the TSM from the year's, not a second read. */
      counts: { now, before: then },
      now: boardFigures(now, period),
      before: boardFigures(then, before),
      ombudsman: ombudsmanFigures(cases, period, today),
      ombudsmanBefore: ombudsmanFigures(cases, before, today),
      interventions: interventionFigures(interventions, period, today),
      interventionsBefore: interventionFigures(interventions, before, today),
      improvement: improvementFigures(actions, period, today),
      themes,
      satisfaction: { now: satisfactionFigures(surveys), before: satisfactionFigures(surveysBefore) },
      hazards: {
        now: hazardDutyFigures(duties),
        before: hazardDutyFigures(dutiesBefore),
        identified: identified.map((r) => ({ key: r.kind, count: Number(r.n) })),
        identifiedBefore: identifiedBefore.map((r) => ({ key: r.kind, count: Number(r.n) })),
      },
      letterAudits: { now: auditFigures(auditsNow), before: auditFigures(auditsBefore), itemText },
      lateRecordingDays: deps.lateRecordingDays ?? DEFAULT_LATE_RECORDING_DAYS,
      names: {
        category: (k: string) => names.get(k) ?? (k === 'uncategorised' ? 'No category' : k),
        channel: (k: string) => channelLabels[k as keyof typeof channelLabels] ?? k,
        tenure: (k: string) => tenureLabels[k as keyof typeof tenureLabels] ?? 'Not recorded',
        remedy: (k: string) => remedyLabels[k as keyof typeof remedyLabels] ?? k,
      },
    }
  }
}

export type BoardPackContents = Awaited<ReturnType<ReturnType<typeof boardPackContents>>>
