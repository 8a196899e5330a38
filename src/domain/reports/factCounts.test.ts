import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../calendar/calendarDate.js'
import {
  byKey,
  countFacts,
  describeFilter,
  type FactCount,
  type FactFilter,
  filterOf,
  filterQuery,
  onePerComplaint,
  type ReportFact,
  tally,
} from './factCounts.js'

const fact = (f: Partial<ReportFact> & Pick<ReportFact, 'on' | 'kind'>): ReportFact => ({
  key: '',
  tenure: null,
  counted: true,
  within: null,
  result: null,
  withExtension: false,
  recordedLate: false,
  amount: null,
  owedOn: null,
  why: null,
  ...f,
})

describe('counting facts over a period, read on a day', () => {
  const facts = [
    fact({ on: '2026-02-28', kind: 'received', key: 'phone' }),
    fact({ on: '2026-03-01', kind: 'received', key: 'phone' }),
    fact({ on: '2026-03-15', kind: 'received', key: 'phone' }),
    fact({ on: '2026-03-31', kind: 'received', key: 'online' }),
    fact({ on: '2026-04-01', kind: 'received', key: 'phone' }),
    fact({ on: '2026-03-10', kind: 'remedy_offered', key: 'compensation', amount: 50.1 }),
    fact({ on: '2026-03-11', kind: 'remedy_offered', key: 'compensation', amount: 0.2 }),
    fact({ on: '2026-03-12', kind: 'remedy_offered', key: 'apology' }),
    // Clocks still open: due the 20th and the 31st.
    fact({ on: '2026-03-20', kind: 'clock', key: 'acknowledgement', result: 'open' }),
    fact({ on: '2026-03-31', kind: 'clock', key: 'acknowledgement', result: 'open' }),
    fact({ on: '2026-03-09', kind: 'clock', key: 'acknowledgement', result: 'on_time', within: true }),
  ]
  const march = { from: '2026-03-01' as CalendarDate, to: '2026-03-31' as CalendarDate }

  it('takes the facts from the period’s first day to its last, and groups the alike', () => {
    const counts = countFacts(facts, march, '2026-03-31')
    expect(tally(counts, 'received')).toEqual({ count: 3, amount: 0 })
    expect(byKey(counts, 'received')).toEqual([
      { key: 'phone', count: 2 },
      { key: 'online', count: 1 },
    ])
    expect(counts.filter((c) => c.kind === 'received')).toHaveLength(2)
  })

  it('adds amounts to the penny', () => {
    const counts = countFacts(facts, march, '2026-03-31')
    expect(tally(counts, 'remedy_offered')).toEqual({ count: 3, amount: 50.3 })
    expect(tally(counts, 'remedy_offered', (c) => c.key === 'apology')).toEqual({ count: 1, amount: 0 })
  })

  it.each<[CalendarDate, Record<string, number>]>([
    // On the 20th, the deadline due that day is not yet missed; the one due the 31st not yet due.
    ['2026-03-20', { on_time: 1, not_due: 2 }],
    ['2026-03-21', { on_time: 1, overdue: 1, not_due: 1 }],
    ['2026-04-01', { on_time: 1, overdue: 2 }],
  ])('reads an open deadline on %s as overdue only once its day has passed', (today, expected) => {
    const results: Record<string, number> = {}
    for (const c of countFacts(facts, march, today).filter((c) => c.kind === 'clock'))
      results[c.result as string] = (results[c.result as string] ?? 0) + c.count
    expect(results).toEqual(expected)
  })
})

describe('counts by key', () => {
  const count = (kind: FactCount['kind'], key: string, n: number): FactCount => ({
    kind,
    key,
    tenure: null,
    counted: true,
    within: null,
    result: null,
    withExtension: false,
    recordedLate: false,
    count: n,
    amount: 0,
  })
  it('puts the most first, then the names in order, adding the same key together', () => {
    expect(
      byKey(
        [
          count('category', 'repairs', 2),
          count('category', 'noise', 3),
          count('category', 'damp', 3),
          count('category', 'repairs', 2),
          count('received', 'phone', 9),
        ],
        'category',
      ),
    ).toEqual([
      { key: 'repairs', count: 4 },
      { key: 'damp', count: 3 },
      { key: 'noise', count: 3 },
    ])
  })
})

describe('which figures open straight to one fact a complaint', () => {
  it.each<[Pick<FactFilter, 'kind' | 'key' | 'keyPrefix'>, boolean]>([
    [{ kind: 'received' }, true],
    [{ kind: 'escalation' }, true],
    [{ kind: 'refusal' }, true],
    [{ kind: 'withdrawn' }, true],
    [{ kind: 'closed' }, true],
    [{ kind: 'category' }, false],
    [{ kind: 'category', key: 'repairs' }, true],
    [{ kind: 'response' }, false],
    [{ kind: 'response', key: '1:upheld' }, true],
    [{ kind: 'response', keyPrefix: '1:' }, true],
    [{ kind: 'response', keyPrefix: '' }, false],
    [{ kind: 'clock', key: 'acknowledgement' }, false],
    [{ kind: 'remedy_offered', key: 'apology' }, false],
  ])('%j: %s', (filter, one) => {
    expect(onePerComplaint(filter)).toBe(one)
  })
})

describe('a figure’s filter as a link, and back', () => {
  it.each<[FactFilter, string]>([
    [{ kind: 'received' }, 'kind=received'],
    [
      { kind: 'response', keyPrefix: '1:', within: false, tenure: 'lcra' },
      'kind=response&keyPrefix=1%3A&within=false&tenure=lcra',
    ],
    [
      { kind: 'clock', key: 'acknowledgement', result: 'overdue' },
      'kind=clock&key=acknowledgement&result=overdue',
    ],
    [{ kind: 'received', tenure: 'none' }, 'kind=received&tenure=none'],
  ])('%j is %s', (filter, query) => {
    expect(filterQuery(filter)).toBe(query)
    expect(filterOf(Object.fromEntries(new URLSearchParams(query)))).toEqual(filter)
  })

  it.each<[string, Record<string, string | undefined>, FactFilter | undefined]>([
    ['no kind', { key: 'phone' }, undefined],
    ['a kind that is none', { kind: 'gossip' }, undefined],
    [
      'a tenure, result and within that are none',
      { kind: 'clock', tenure: 'owned', result: 'lost', within: 'yes' },
      { kind: 'clock' },
    ],
    ['a key too long to be one', { kind: 'category', key: 'x'.repeat(201) }, { kind: 'category' }],
    [
      'a key of 200 characters',
      { kind: 'category', key: 'x'.repeat(200) },
      { kind: 'category', key: 'x'.repeat(200) },
    ],
  ])('reads %s', (_what, query, filter) => {
    expect(filterOf(query)).toEqual(filter)
  })

  it.each<[FactFilter, string]>([
    [{ kind: 'received' }, 'Stage 1 complaints received'],
    [
      { kind: 'category', key: 'damp_and_mould' },
      'Stage 1 complaints received in the category: damp and mould',
    ],
    [{ kind: 'response', key: '1:not_upheld', within: true }, 'Responses: 1, not upheld: on time'],
    [{ kind: 'response', keyPrefix: '2:', within: false, tenure: 'lcho' }, 'Responses: 2:…: late: LCHO'],
    [
      { kind: 'clock', key: 'stage1Response', result: 'stopped' },
      'The Code’s deadlines that fell due: stage1Response: stopped by withdrawal or refusal before falling due',
    ],
    [{ kind: 'received', tenure: 'none' }, 'Stage 1 complaints received: no tenure recorded'],
  ])('describes %j as %j', (filter, words) => {
    expect(describeFilter(filter)).toBe(words)
  })
})
