import {
  addCalendarDays,
  type CalendarDate,
  isCalendarDate,
  londonDateOf,
  longMonths,
} from '../calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import type { Complaint } from '../complaints/complaint.js'
import { complaintDeadlines, type DeadlineKey, deadlineLabels } from '../complaints/deadlines.js'
import { type Decision, decisionLabels, decisions, type Stage } from '../complaints/vocabulary.js'
import type { PolicyValues } from '../policy/timescales.js'

/** A reporting period: its first and last days, and what to call it. */
export type Period = { from: CalendarDate; to: CalendarDate; label: string }

const months = longMonths
const lastDayOf = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10) as CalendarDate
const pad = (n: number) => String(n).padStart(2, '0')

/**
 * The period a board pack covers: a month (`2026-03`), a quarter of the financial year
 * (`2025-Q1` is April to June 2025), a financial year (`2025` is April 2025 to March 2026), or
 * two dates. Undefined when what was asked is not one of these.
 */
export function periodOf(asked: { period?: string; from?: string; to?: string }): Period | undefined {
  const p = asked.period?.trim() ?? ''
  let m = /^(\d{4})-(\d{2})$/.exec(p)
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])]
    if (mo < 1 || mo > 12) return undefined
    return {
      from: `${y}-${pad(mo)}-01` as CalendarDate,
      to: lastDayOf(y, mo),
      label: `${months[mo - 1]} ${y}`,
    }
  }
  m = /^(\d{4})-Q([1-4])$/.exec(p)
  if (m) {
    const [y, q] = [Number(m[1]), Number(m[2])]
    const startMonth = 4 + (q - 1) * 3
    const sy = startMonth > 12 ? y + 1 : y
    const sm = startMonth > 12 ? startMonth - 12 : startMonth
    const end = sm + 2
    return {
      from: `${sy}-${pad(sm)}-01` as CalendarDate,
      to: lastDayOf(sy, end),
      label: `Quarter ${q} of ${y}/${String(y + 1).slice(2)} (${months[sm - 1]} to ${months[end - 1]} ${sy})`,
    }
  }
  m = /^(\d{4})$/.exec(p)
  if (m) {
    const y = Number(m[1])
    return {
      from: `${y}-04-01` as CalendarDate,
      to: `${y + 1}-03-31` as CalendarDate,
      label: `${y}/${String(y + 1).slice(2)}`,
    }
  }
  const from = asked.from?.trim() ?? ''
  const to = asked.to?.trim() ?? ''
  if (isCalendarDate(from) && isCalendarDate(to) && from <= to && from >= '2000-01-01' && to <= '2100-12-31')
    return { from, to, label: `${from} to ${to}` }
  return undefined
}

/** The period of the same length just before, for comparison. */
export function previousPeriod(p: Period): Period {
  const days = Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000)
  const to = addCalendarDays(p.from, -1)
  const from = addCalendarDays(to, -days)
  return { from, to, label: `the previous period (${from} to ${to})` }
}

const within = (on: CalendarDate | undefined, p: Period) => Boolean(on && on >= p.from && on <= p.to)

/** Counts by a key, most first, then by name. */
function countBy(values: string[]): { key: string; count: number }[] {
  const m = new Map<string, number>()
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1)
  return [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
}

export type Timeliness = {
  key: DeadlineKey
  label: string
  met: number
  late: number
  percentOnTime: number | null
}

export type BoardFigures = {
  period: Period
  stage1Received: number
  stage2Received: number
  closed: number
  byCategory: { key: string; count: number }[]
  byChannel: { key: string; count: number }[]
  byTenure: { key: string; count: number }[]
  outcomes: { stage: Stage; decision: Decision; label: string; count: number }[]
  timeliness: Timeliness[]
  extensions: number
  extensionsBeyondCap: number
  refusals: { key: string; count: number }[]
  withdrawn: number
  /** Escalations in the period as a share of stage 1 responses in it. */
  escalationRate: number | null
}

const percent = (n: number, d: number) => (d ? Math.round((n * 1000) / d) / 10 : null)

/**
 * The board and MRC pack's figures for a period (Code 9.6, 9.7), from each complaint's history:
 * what came in and by which route, what was decided, how each of the Code's clocks was met,
 * extensions, refusals and escalations.
 */
export function boardFigures(
  complaints: Complaint[],
  period: Period,
  policyOf: (version: number) => PolicyValues,
  calendar: WorkingDayCalendar,
  today: CalendarDate,
): BoardFigures {
  const received = complaints.filter((c) => within(c.receivedOn, period))
  const escalated = complaints.filter((c) => within(c.escalation?.on, period))
  const responses = complaints.flatMap((c) =>
    ([1, 2] as const).flatMap((stage) => {
      const r = c.stages[stage]?.response
      return r && within(r.on, period) ? [{ stage, decision: r.decision }] : []
    }),
  )
  const clocks = new Map<DeadlineKey, { met: number; late: number }>()
  for (const c of complaints)
    for (const d of complaintDeadlines(c, policyOf, calendar, today)) {
      if (!within(d.metOn, period)) continue
      const t = clocks.get(d.key) ?? { met: 0, late: 0 }
      if (d.status === 'met') t.met++
      else t.late++
      clocks.set(d.key, t)
    }
  const extensionsIn = complaints.flatMap((c) =>
    ([1, 2] as const).flatMap((stage) =>
      (c.stages[stage]?.extensions ?? [])
        .filter((e) => within(londonDateOf(e.at), period))
        .map((e) => ({ ...e, stage })),
    ),
  )
  const stage1Responses = responses.filter((r) => r.stage === 1).length
  return {
    period,
    stage1Received: received.length,
    stage2Received: escalated.length,
    closed: complaints.filter(
      (c) => c.state === 'closed' && c.closedAt && within(londonDateOf(c.closedAt), period),
    ).length,
    byCategory: countBy(received.flatMap((c) => (c.categories.length ? c.categories : ['uncategorised']))),
    byChannel: countBy(received.map((c) => c.channel)),
    byTenure: countBy(received.map((c) => c.tenure ?? 'not_recorded')),
    outcomes: ([1, 2] as const).flatMap((stage) =>
      decisions.map((decision) => ({
        stage,
        decision,
        label: `Stage ${stage}: ${decisionLabels[decision].toLowerCase()}`,
        count: responses.filter((r) => r.stage === stage && r.decision === decision).length,
      })),
    ),
    timeliness: (
      ['acknowledgement', 'stage1Response', 'stage2Acknowledgement', 'stage2Response'] as const
    ).map((key) => {
      const t = clocks.get(key) ?? { met: 0, late: 0 }
      return { key, label: deadlineLabels[key].label, ...t, percentOnTime: percent(t.met, t.met + t.late) }
    }),
    extensions: extensionsIn.length,
    extensionsBeyondCap: extensionsIn.filter((e) => Boolean(e.goodReason)).length,
    refusals: countBy(
      complaints
        .filter((c) => c.refusal && within(londonDateOf(c.refusal.at), period))
        .map((c) => c.refusal?.reason ?? ''),
    ),
    withdrawn: complaints.filter((c) => c.withdrawal && within(londonDateOf(c.withdrawal.at), period)).length,
    escalationRate: percent(escalated.length, stage1Responses),
  }
}
