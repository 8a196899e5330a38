import { type CalendarDate, londonDateOf } from '../calendar/calendarDate.js'
import { type ImprovementAction, improvementSourceLabels } from '../improvement/improvementAction.js'
import {
  failureOrderTypeLabels,
  failureOrderTypes,
  type Intervention,
  interventionKindLabels,
} from '../ombudsman/intervention.js'
import type { OmbudsmanCase } from '../ombudsman/ombudsmanCase.js'
import { findingLabels, ombudsmanCaseKindLabels } from '../ombudsman/vocabulary.js'
import { type Satisfaction, satisfactionLabels, satisfactionScale } from '../residents/survey.js'
import type { Period } from './boardPack.js'

const inPeriod = (on: CalendarDate | undefined, p: Period) => Boolean(on && on >= p.from && on <= p.to)
const counted = (values: string[]) => {
  const m = new Map<string, number>()
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1)
  return [...m]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
}

/** The day the figures are struck: the period's last day, or today while the period runs on. */
export const asAtOf = (p: Period, today: CalendarDate) => (p.to < today ? p.to : today)

/**
 * The Housing Ombudsman's cases for a period: cases that came in, determinations and their
 * findings, orders and recommendations made, and those still owed (and overdue) at its end.
 * Findings of severe maladministration and Complaint Handling Failure Orders are called out:
 * they are the Ombudsman's findings of non-compliance with the Code (annual report, 8.1c).
 */
export function ombudsmanFigures(cases: OmbudsmanCase[], period: Period, today: CalendarDate) {
  const asAt = asAtOf(period, today)
  const directions = cases.flatMap((c) =>
    c.directions.map((d) => {
      const made = c.events.find((e) => e.type === 'ombudsman.direction_made' && e.directionId === d.id)
      return { ...d, caseId: c.id, madeOn: made ? londonDateOf(made.at) : c.receivedOn }
    }),
  )
  const determined = cases.filter((c) => inPeriod(c.determination?.reportOn, period))
  const elements = determined.flatMap((c) => c.determination?.elements ?? [])
  const owedAt = directions.filter((d) => d.madeOn <= asAt && !(d.complied && d.complied.sentOn <= asAt))
  return {
    asAt,
    received: counted(
      cases.filter((c) => inPeriod(c.receivedOn, period)).map((c) => ombudsmanCaseKindLabels[c.kind]),
    ),
    determinations: determined.length,
    findings: counted(elements.map((e) => findingLabels[e.finding])),
    severeMaladministration: elements.filter((e) => e.finding === 'severe_maladministration').length,
    failureOrders: cases.filter(
      (c) => c.kind === 'complaint_handling_failure_order' && inPeriod(c.receivedOn, period),
    ).length,
    ordersMade: directions.filter((d) => d.direction === 'order' && inPeriod(d.madeOn, period)).length,
    recommendationsMade: directions.filter(
      (d) => d.direction === 'recommendation' && inPeriod(d.madeOn, period),
    ).length,
    compliedWith: directions.filter((d) => inPeriod(d.complied?.sentOn, period)).length,
    owed: owedAt.length,
    overdue: owedAt.filter((d) => d.dueOn < asAt).length,
  }
}
export type OmbudsmanFigures = ReturnType<typeof ombudsmanFigures>

/**
 * Improvement actions for a period (Code 9.1–9.4): raised and completed in it, still open and
 * overdue at its end, by where they came from; those completed, with what was done.
 */
export function improvementFigures(actions: ImprovementAction[], period: Period, today: CalendarDate) {
  const asAt = asAtOf(period, today)
  const raisedBy = (a: ImprovementAction) => londonDateOf(a.raisedAt)
  const closedBy = (a: ImprovementAction) =>
    a.completed?.on ?? (a.cancelled ? londonDateOf(a.cancelled.at) : undefined)
  const open = actions.filter((a) => raisedBy(a) <= asAt && !((closedBy(a) ?? '9999-12-31') <= asAt))
  const completed = actions
    .filter((a) => inPeriod(a.completed?.on, period))
    .sort((a, b) => (a.completed?.on ?? '').localeCompare(b.completed?.on ?? ''))
  return {
    asAt,
    raised: actions.filter((a) => inPeriod(raisedBy(a), period)).length,
    bySource: counted(
      actions.filter((a) => inPeriod(raisedBy(a), period)).map((a) => improvementSourceLabels[a.origin.kind]),
    ),
    completed: completed.map((a) => ({
      title: a.title,
      on: a.completed?.on as CalendarDate,
      evidence: a.completed?.evidence ?? '',
      youSaid: a.published?.youSaid,
      weDid: a.published?.weDid,
    })),
    open: open.length,
    overdue: open.filter((a) => a.dueOn < asAt).length,
  }
}
export type ImprovementFigures = ReturnType<typeof improvementFigures>

/**
 * The post-complaint survey (the landlord's own, not TSM TP09) answered in a period: how
 * many said each point of the scale, and the share satisfied (very or fairly).
 */
export function satisfactionFigures(answers: { satisfaction: string; count: number }[]) {
  const of = (s: Satisfaction) => answers.find((a) => a.satisfaction === s)?.count ?? 0
  const total = satisfactionScale.reduce((sum, s) => sum + of(s), 0)
  const satisfied = of('very_satisfied') + of('fairly_satisfied')
  return {
    answers: total,
    scale: satisfactionScale.map((s) => ({ key: s, label: satisfactionLabels[s], count: of(s) })),
    percentSatisfied: total ? Math.round((satisfied * 1000) / total) / 10 : null,
  }
}
export type SatisfactionFigures = ReturnType<typeof satisfactionFigures>

/** The rows of the interventions' figures: each kind, and each ground of a failure order. */
export const interventionRows = [
  { key: 'dispute_support', label: interventionKindLabels.dispute_support },
  ...failureOrderTypes.map((t) => ({
    key: `failure_order:${t}`,
    label: `${interventionKindLabels.failure_order}: ${failureOrderTypeLabels[t].toLowerCase()}`,
  })),
  { key: 'failure_notice', label: interventionKindLabels.failure_notice },
  { key: 'policy_recommendation', label: interventionKindLabels.policy_recommendation },
] as const

const rowKey = (i: Intervention) => (i.kind === 'failure_order' ? `failure_order:${i.failureType}` : i.kind)

/**
 * The Housing Ombudsman's interventions for a period, by kind: those received in it, those
 * complied with in it on time and late, and those still open, and open past their date, at its
 * end. Compliance is late when it came after the date the Ombudsman gave.
 */
export function interventionFigures(interventions: Intervention[], period: Period, today: CalendarDate) {
  const asAt = asAtOf(period, today)
  const openAt = (i: Intervention) => i.receivedOn <= asAt && !(i.complied && i.complied.on <= asAt)
  const rows = interventionRows.map((r) => {
    const of = interventions.filter((i) => rowKey(i) === r.key)
    const compliedIn = of.filter((i) => inPeriod(i.complied?.on, period))
    const open = of.filter(openAt)
    return {
      key: r.key,
      label: r.label,
      received: of.filter((i) => inPeriod(i.receivedOn, period)).length,
      compliedOnTime: compliedIn.filter((i) => !i.complied?.late).length,
      compliedLate: compliedIn.filter((i) => i.complied?.late).length,
      open: open.length,
      openOverdue: open.filter((i) => i.dueOn < asAt).length,
    }
  })
  const sum = (k: 'received' | 'compliedOnTime' | 'compliedLate' | 'open' | 'openOverdue') =>
    rows.reduce((n, r) => n + r[k], 0)
  return {
    asAt,
    rows,
    total: {
      received: sum('received'),
      compliedOnTime: sum('compliedOnTime'),
      compliedLate: sum('compliedLate'),
      open: sum('open'),
      openOverdue: sum('openOverdue'),
    },
  }
}
export type InterventionFigures = ReturnType<typeof interventionFigures>
