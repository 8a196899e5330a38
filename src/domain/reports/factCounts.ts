import type { CalendarDate } from '../calendar/calendarDate.js'
import type { Tenure } from '../complaints/vocabulary.js'

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
  /** One of the Code's clocks met; key: the clock; within: on time. */
  'clock',
  /** One of the landlord's own targets met; key: the target's name; within: on time. */
  'target',
  /** An extension; key: `within_cap` or `beyond_cap` (Code 6.5, 6.15). */
  'extension',
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
  amount: number | null
}

/** Facts grouped: how many of a kind, key, tenure and result, and the amounts they add up to. */
export type FactCount = {
  kind: FactKind
  key: string
  tenure: Tenure | null
  counted: boolean
  within: boolean | null
  count: number
  amount: number
}

/** Facts in a period, grouped as the database groups them: the in-memory twin of the SQL. */
export function countFacts(
  facts: ReportFact[],
  period: { from: CalendarDate; to: CalendarDate },
): FactCount[] {
  const groups = new Map<string, FactCount>()
  for (const f of facts) {
    if (f.on < period.from || f.on > period.to) continue
    const k = [f.kind, f.key, f.tenure, f.counted, f.within].join('|')
    const g = groups.get(k) ?? {
      kind: f.kind,
      key: f.key,
      tenure: f.tenure,
      counted: f.counted,
      within: f.within,
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
