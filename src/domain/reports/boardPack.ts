import {
  addCalendarDays,
  addMonths,
  type CalendarDate,
  formatDateInWords,
  formatMonthInWords,
  isCalendarDate,
  longMonths,
} from '../calendar/calendarDate.js'
import { deadlineKeys, deadlineLabels } from '../complaints/deadlines.js'
import { type Decision, decisionLabels, decisions, type Stage } from '../complaints/vocabulary.js'
import { byKey, type FactCount, tally } from './factCounts.js'
import { parseReportingYear, reportingYear, yearLabel } from './reportingYear.js'
import { type Timeliness, timelinessOf } from './timeliness.js'

/** A reporting period: its first and last days, and what to call it. */
export type Period = { from: CalendarDate; to: CalendarDate; label: string }

const months = longMonths
const lastDayOf = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10) as CalendarDate
const pad = (n: number) => String(n).padStart(2, '0')

/** A reporting year as a period: 1 April to 31 March, called as landlords write it (2025/26). */
export const yearPeriod = (year: number): Period => ({ ...reportingYear(year), label: yearLabel(year) })

/**
 * The period a board pack covers: a month (`2026-03`), a quarter of the financial year
 * (`2025-Q1` is April to June 2025), a financial year (`2025` is April 2025 to March 2026), or
 * two dates. Undefined when what was asked is not one of these (a quarter or a year outside the
 * reporting years, see `parseReportingYear`, is not).
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
      label: formatMonthInWords(p),
    }
  }
  m = /^(\d{4})-Q([1-4])$/.exec(p)
  if (m) {
    const year = parseReportingYear(m[1])
    if (!year.ok) return undefined
    const [y, q] = [year.year, Number(m[2])]
    const startMonth = 4 + (q - 1) * 3
    const sy = startMonth > 12 ? y + 1 : y
    const sm = startMonth > 12 ? startMonth - 12 : startMonth
    const end = sm + 2
    return {
      from: `${sy}-${pad(sm)}-01` as CalendarDate,
      to: lastDayOf(sy, end),
      label: `Quarter ${q} of ${yearLabel(y)} (${months[sm - 1]} to ${months[end - 1]} ${sy})`,
    }
  }
  if (/^\d{4}$/.test(p)) {
    const year = parseReportingYear(p)
    return year.ok ? yearPeriod(year.year) : undefined
  }
  const from = asked.from?.trim() ?? ''
  const to = asked.to?.trim() ?? ''
  if (isCalendarDate(from) && isCalendarDate(to) && from <= to && from >= '2000-01-01' && to <= '2100-12-31')
    return { from, to, label: `${from} to ${to}` }
  return undefined
}

const lastDayOfMonth = (day: CalendarDate) => lastDayOf(Number(day.slice(0, 4)), Number(day.slice(5, 7)))

/**
 * The period just before, for comparison: the same number of calendar months for a month,
 * quarter or year (Q2 2026/27 beside 1 April to 30 June 2026), otherwise the same number of days.
 */
export function previousPeriod(p: Period): Period {
  const to = addCalendarDays(p.from, -1)
  const wholeMonths = p.from.endsWith('-01') && p.to === lastDayOfMonth(p.to)
  const from = wholeMonths
    ? addMonths(p.from, -(monthIndex(p.to) - monthIndex(p.from) + 1))
    : addCalendarDays(to, -Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000))
  return { from, to, label: `the previous period (${formatDateInWords(from)} to ${formatDateInWords(to)})` }
}

const monthIndex = (day: CalendarDate) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7))

export type BoardFigures = {
  period: Period
  stage1Received: number
  stage2Received: number
  closed: number
  byCategory: { key: string; count: number }[]
  byChannel: { key: string; count: number }[]
  byTenure: { key: string; count: number }[]
  outcomes: { stage: Stage; decision: Decision; label: string; count: number }[]
  /** Each of the Code's clocks that fell due in the period: on time, late, not met, stopped. */
  timeliness: Timeliness[]
  /** Each of the landlord's own, shorter targets that fell due in the period, counted the same way. */
  targets: Timeliness[]
  extensions: number
  extensionsBeyondCap: number
  refusals: { key: string; count: number }[]
  withdrawn: number
  /** Escalations in the period as a share of stage 1 responses in it. */
  escalationRate: number | null
  /** Code 7: remedies offered in responses in the period, and those done or paid in it. */
  remedies: {
    offered: { key: string; count: number }[]
    compensationOffered: number
    done: number
    compensationPaid: number
    setAgainstArrears: number
  }
}

const percent = (n: number, d: number) => (d ? Math.round((n * 1000) / d) / 10 : null)

/**
 * The board and MRC pack's figures for a period (Code 9.6, 9.7), from the facts the period's
 * complaints add (see `reportFacts`): what came in and by which route, what was decided, how
 * each of the Code's clocks and the landlord's own targets was met, extensions, refusals,
 * escalations and remedies.
 */
export function boardFigures(counts: FactCount[], period: Period): BoardFigures {
  const stage1Responses = tally(counts, 'response', (c) => c.key.startsWith('1:')).count
  const escalated = tally(counts, 'escalation').count
  return {
    period,
    stage1Received: tally(counts, 'received').count,
    stage2Received: escalated,
    closed: tally(counts, 'closed').count,
    byCategory: byKey(counts, 'category'),
    byChannel: byKey(counts, 'received'),
    byTenure: byKey(counts, 'received', (c) => c.tenure ?? 'not_recorded'),
    outcomes: ([1, 2] as const).flatMap((stage) =>
      decisions.map((decision) => ({
        stage,
        decision,
        label: `Stage ${stage}: ${decisionLabels[decision].toLowerCase()}`,
        count: tally(counts, 'response', (c) => c.key === `${stage}:${decision}`).count,
      })),
    ),
    timeliness: deadlineKeys.map((key) => timelinessOf(counts, 'clock', key, deadlineLabels[key].label)),
    targets: [
      ...new Set(counts.filter((c) => c.kind === 'target' && c.result !== 'not_due').map((c) => c.key)),
    ]
      .sort()
      .map((name) => timelinessOf(counts, 'target', name, name)),
    extensions: tally(counts, 'extension').count,
    extensionsBeyondCap: tally(counts, 'extension', (c) => c.key === 'beyond_cap').count,
    refusals: byKey(counts, 'refusal'),
    withdrawn: tally(counts, 'withdrawn').count,
    escalationRate: percent(escalated, stage1Responses),
    remedies: {
      offered: byKey(counts, 'remedy_offered'),
      compensationOffered: tally(counts, 'remedy_offered').amount,
      done: tally(counts, 'remedy_done').count,
      compensationPaid: tally(counts, 'remedy_done').amount,
      setAgainstArrears: tally(counts, 'arrears_offset').amount,
    },
  }
}
