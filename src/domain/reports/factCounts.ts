import type { CalendarDate } from '../calendar/calendarDate.js'
import type { Tenure } from '../complaints/vocabulary.js'
import { type DeadlineResult, type ReadResult, readResults, resultOn } from './timeliness.js'

/**
 * What the governance reports count, one dated fact at a time. Every report is a count of these
 * over a period, so the same facts serve the TSM, the board pack and the annual report, in
 * memory or in SQL, and every figure opens to the complaints behind it.
 */
export const factKinds = [
  /** A stage 1 complaint received; key: the channel; counted: false if refused before acknowledgement. */
  'received',
  /** A category of a complaint received; key: the category. */
  'category',
  /** A request for stage 2; counted: false if the escalation was refused. */
  'escalation',
  /** A response; key: `stage:decision`; within: inside the Code's timescale as the TSM count it. */
  'response',
  /**
   * One of the Code's clocks, dated the day it fell due; key: the clock; result: what it came
   * to (see `timeliness.ts`); within: met on time.
   */
  'clock',
  /** One of the landlord's own targets, dated the day it fell due, as a clock is. */
  'target',
  /** An extension; key: `within_cap` or `beyond_cap` (Code 6.5, 6.15). */
  'extension',
  /**
   * Code 5.9: an update to the resident while a stage was considered, or one missed (the
   * response came after the update was due, with none sent); key: the stage; within: on time.
   */
  'update',
  /** A refusal; key: the ground (Code 2.1–2.5). */
  'refusal',
  'withdrawn',
  'closed',
  /** A remedy offered in a response; key: its type; amount: compensation offered. */
  'remedy_offered',
  /** A remedy done or paid; key: its type; amount: paid to the resident. */
  'remedy_done',
  /** Compensation set against rent arrears, with the resident's agreement; amount: how much. */
  'arrears_offset',
] as const
export type FactKind = (typeof factKinds)[number]

export type ReportFact = {
  on: CalendarDate
  kind: FactKind
  key: string
  tenure: Tenure | null
  counted: boolean
  within: boolean | null
  /** A clock or target: what it came to (see `timeliness.ts`); null for other kinds. */
  result: DeadlineResult | null
  /** Met in time only thanks to an extension (a clock, or a response as the TSM count it). */
  withExtension: boolean
  /** The date it rests on was recorded more than the landlord's tolerance after it happened. */
  recordedLate: boolean
  amount: number | null
  /**
   * A fact the TSM count (received, escalation, response): for a response, the day it was owed
   * under the counting rules; null otherwise.
   */
  owedOn: CalendarDate | null
  /** A fact the TSM count: why it counted as it did, in words, as the workbook lists it. */
  why: string | null
}

/** Facts grouped: how many of a kind, key, tenure and result, and the amounts they add up to. */
export type FactCount = {
  kind: FactKind
  key: string
  tenure: Tenure | null
  counted: boolean
  within: boolean | null
  /** As read on the day of the report: an open deadline is overdue, or not yet due. */
  result: ReadResult | null
  withExtension: boolean
  recordedLate: boolean
  count: number
  amount: number
}

/** Facts in a period, read on `today`, grouped as the database groups them: the in-memory twin of the SQL. */
export function countFacts(
  facts: ReportFact[],
  period: { from: CalendarDate; to: CalendarDate },
  today: CalendarDate,
): FactCount[] {
  const groups = new Map<string, FactCount>()
  for (const f of facts) {
    if (f.on < period.from || f.on > period.to) continue
    const result = f.result && resultOn(f.result, f.on, today)
    const k = [f.kind, f.key, f.tenure, f.counted, f.within, result, f.withExtension, f.recordedLate].join(
      '|',
    )
    const g = groups.get(k) ?? {
      kind: f.kind,
      key: f.key,
      tenure: f.tenure,
      counted: f.counted,
      within: f.within,
      result,
      withExtension: f.withExtension,
      recordedLate: f.recordedLate,
      count: 0,
      amount: 0,
    }
    g.count++
    g.amount += f.amount ?? 0
    groups.set(k, g)
  }
  return [...groups.values()]
}

/** How many facts of a kind match, and what their amounts add up to (to the penny). */
export function tally(counts: FactCount[], kind: FactKind, match: (c: FactCount) => boolean = () => true) {
  let count = 0
  let pence = 0
  for (const c of counts)
    if (c.kind === kind && match(c)) {
      count += c.count
      pence += Math.round(c.amount * 100)
    }
  return { count, amount: pence / 100 }
}

/** Counts by key, most first, then by name. */
export function byKey(counts: FactCount[], kind: FactKind, name: (c: FactCount) => string = (c) => c.key) {
  const m = new Map<string, number>()
  for (const c of counts) if (c.kind === kind) m.set(name(c), (m.get(name(c)) ?? 0) + c.count)
  return [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
}

/** Which facts a figure counts, so it opens to the complaints behind it. */
export type FactFilter = {
  kind: FactKind
  key?: string
  keyPrefix?: string
  within?: boolean
  /** A deadline's result as read on the day (an open deadline past its day is `overdue`). */
  result?: ReadResult
  /** A tenure, or `none` for complaints with no tenure recorded. */
  tenure?: Tenure | 'none'
}

/**
 * Whether a complaint has at most one fact that a filter matches (see `reportFacts`): one
 * receipt, one escalation, one refusal, withdrawal and closure; one fact for each of its
 * categories; and one response at each stage, so a response's key (or the start of it) picks
 * one. The complaints behind such a figure are then its facts, in date order, with no grouping.
 */
export function onePerComplaint(f: Pick<FactFilter, 'kind' | 'key' | 'keyPrefix'>): boolean {
  switch (f.kind) {
    case 'received':
    case 'escalation':
    case 'refusal':
    case 'withdrawn':
    case 'closed':
      return true
    case 'category':
      return f.key !== undefined
    case 'response':
      return f.key !== undefined || Boolean(f.keyPrefix)
    default:
      return false
  }
}

/** A filter as the query string of the page that lists the complaints behind a figure. */
export function filterQuery(f: FactFilter): string {
  const q = new URLSearchParams({ kind: f.kind })
  if (f.key !== undefined) q.set('key', f.key)
  if (f.keyPrefix !== undefined) q.set('keyPrefix', f.keyPrefix)
  if (f.within !== undefined) q.set('within', String(f.within))
  if (f.result !== undefined) q.set('result', f.result)
  if (f.tenure !== undefined) q.set('tenure', f.tenure)
  return q.toString()
}

/** The filter a query string asks for; undefined when it names no kind of fact. */
export function filterOf(q: Record<string, string | undefined>): FactFilter | undefined {
  const kind = factKinds.find((k) => k === q.kind)
  if (!kind) return undefined
  const tenure = (['lcra', 'lcho', 'other', 'none'] as const).find((t) => t === q.tenure)
  const short = (v: string | undefined) => (v !== undefined && v.length <= 200 ? v : undefined)
  const result = readResults.find((r) => r === q.result)
  return {
    kind,
    ...(short(q.key) !== undefined ? { key: short(q.key) } : {}),
    ...(short(q.keyPrefix) !== undefined ? { keyPrefix: short(q.keyPrefix) } : {}),
    ...(q.within === 'true' || q.within === 'false' ? { within: q.within === 'true' } : {}),
    ...(result ? { result } : {}),
    ...(tenure ? { tenure } : {}),
  }
}

const factKindWords: Record<FactKind, string> = {
  received: 'Stage 1 complaints received',
  category: 'Stage 1 complaints received in the category',
  escalation: 'Stage 2 requests received',
  response: 'Responses',
  clock: 'The Code’s deadlines that fell due',
  target: 'The landlord’s own targets that fell due',
  update: 'Updates to residents while a stage was considered',
  extension: 'Extensions',
  refusal: 'Complaints and escalations refused',
  withdrawn: 'Complaints withdrawn',
  closed: 'Complaints closed',
  remedy_offered: 'Remedies offered',
  remedy_done: 'Remedies done or paid',
  arrears_offset: 'Compensation set against arrears',
}

const resultWords: Record<ReadResult, string> = {
  on_time: 'met on time',
  late: 'met late',
  overdue: 'fell due and still overdue',
  not_met: 'fell due and never met',
  stopped: 'stopped by withdrawal or refusal before falling due',
  not_due: 'not yet due',
}

/** What a filter counts, in words, for the page that lists the complaints behind a figure. */
export function describeFilter(f: FactFilter): string {
  const parts = [factKindWords[f.kind]]
  if (f.key) parts.push(f.key.replace(/_/g, ' ').replace(':', ', '))
  if (f.keyPrefix) parts.push(`${f.keyPrefix.replace(/_/g, ' ')}…`)
  if (f.within !== undefined) parts.push(f.within ? 'on time' : 'late')
  if (f.result !== undefined) parts.push(resultWords[f.result])
  if (f.tenure) parts.push(f.tenure === 'none' ? 'no tenure recorded' : f.tenure.toUpperCase())
  return parts.join(': ')
}
