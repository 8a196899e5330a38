import { describe, expect, it } from 'vitest'
import { factCount } from '../../../test/factCounts.js'
import { WorkflowError } from '../rules.js'

import type { FactCount } from './factCounts.js'
import { decideHomesOwned, groupHomes, type HomesOwned, homesFor } from './homesOwned.js'
import { tsmByTenure } from './tsm.js'

describe('the homes owned at the end of a reporting year, by tenure', () => {
  it.each<[string, { lcra?: number; lcho?: number }, HomesOwned]>([
    ['both given', { lcra: 12_500, lcho: 1_800 }, { lcra: 12_500, lcho: 1_800 }],
    ['no shared ownership', { lcra: 4_000, lcho: 0 }, { lcra: 4_000, lcho: 0 }],
    ['the most one tenure may have', { lcra: 10_000_000, lcho: 1 }, { lcra: 10_000_000, lcho: 1 }],
  ])('are recorded when %s', (_why, input, homes) => {
    expect(decideHomesOwned(input)).toEqual(homes)
  })

  const lcra = 'Give the number of LCRA homes owned at the end of the year, a whole number'
  const lcho = 'Give the number of LCHO homes owned at the end of the year, a whole number'
  it.each<[string, { lcra?: number; lcho?: number }, string[]]>([
    ['LCRA is missing', { lcho: 10 }, ['lcra']],
    ['LCHO is missing', { lcra: 10 }, ['lcho']],
    ['neither is given', {}, ['lcra', 'lcho']],
    ['LCRA is negative', { lcra: -1, lcho: 10 }, ['lcra']],
    ['LCHO is a fraction', { lcra: 10, lcho: 2.5 }, ['lcho']],
    ['LCRA is more than a landlord has', { lcra: 10_000_001, lcho: 0 }, ['lcra']],
    ['LCHO is not a number', { lcra: 10, lcho: Number.NaN }, ['lcho']],
  ])('are refused when %s, each slip beside its field', (_why, input, fields) => {
    let refusal: unknown
    try {
      decideHomesOwned(input)
    } catch (error) {
      refusal = error
    }
    expect(refusal).toBeInstanceOf(WorkflowError)
    expect((refusal as WorkflowError).problems).toEqual(
      fields.map((field) => ({ field, message: field === 'lcra' ? lcra : lcho })),
    )
  })
})

describe('the homes a tenure’s CH01 is counted over', () => {
  const recorded = { lcra: 4_000, lcho: 500 }
  it.each<[string, HomesOwned | undefined, 'lcra' | 'lcho', number | null]>([
    ['LCRA, recorded', recorded, 'lcra', 4_000],
    ['LCHO, recorded', recorded, 'lcho', 500],
    ['LCHO, recorded as none', { lcra: 4_000, lcho: 0 }, 'lcho', 0],
    ['LCRA, none recorded for the year', undefined, 'lcra', null],
    ['LCHO, none recorded for the year', undefined, 'lcho', null],
  ])('%s', (_why, homes, tenure, expected) => {
    expect(homesFor(homes, tenure)).toBe(expected)
  })
})

/** One group of facts, as the database counts them. */
const fact = (f: Partial<FactCount> & Pick<FactCount, 'kind' | 'count'>) =>
  factCount({ key: 'phone', tenure: 'lcra', ...f })

describe('CH01 by tenure: each over its own homes', () => {
  // 5 LCRA and 2 LCHO stage 1 complaints, 1 LCRA escalation; 3 of another tenure in neither.
  const counts = [
    fact({ kind: 'received', count: 5 }),
    fact({ kind: 'received', count: 2, tenure: 'lcho' }),
    fact({ kind: 'received', count: 3, tenure: 'other' }),
    fact({ kind: 'received', count: 4, counted: false }),
    fact({ kind: 'escalation', key: '', count: 1 }),
  ]

  it('divides by each tenure’s homes: 5 per 4,000 is 1.3, 2 per 500 is 4', () => {
    const t = tsmByTenure(counts, { lcra: 4_000, lcho: 500 })
    expect([t.lcra.homes, t.lcra.stage1Received, t.lcra.ch01Stage1, t.lcra.ch01Stage2]).toEqual([
      4_000, 5, 1.3, 0.3,
    ])
    expect([t.lcho.homes, t.lcho.stage1Received, t.lcho.ch01Stage1, t.lcho.ch01Stage2]).toEqual([
      500, 2, 4, 0,
    ])
  })

  it('gives no CH01 figure while the year’s homes are not recorded, though the complaints are counted', () => {
    const t = tsmByTenure(counts, undefined)
    expect([t.lcra.homes, t.lcra.stage1Received, t.lcra.ch01Stage1]).toEqual([null, 5, null])
    expect([t.lcho.homes, t.lcho.stage1Received, t.lcho.ch01Stage1]).toEqual([null, 2, null])
  })

  it('gives no CH01 figure for a tenure with no homes, rather than dividing by none', () => {
    const t = tsmByTenure(counts, { lcra: 4_000, lcho: 0 })
    expect([t.lcho.homes, t.lcho.ch01Stage1, t.lcho.ch01Stage2]).toEqual([0, null, null])
  })
})

describe('a group’s homes (issue 34)', () => {
  it('adds up every landlord’s, tenure by tenure, once every one is recorded', () => {
    const recorded = new Map([
      ['a', { lcra: 1000, lcho: 100 }],
      ['b', { lcra: 500, lcho: 250 }],
    ])
    expect(groupHomes(['a', 'b'], recorded)).toEqual({ lcra: 1500, lcho: 350 })
    expect(groupHomes(['a'], recorded)).toEqual({ lcra: 1000, lcho: 100 })
    // One landlord's not yet recorded: no group figure, never one over part of the group.
    expect(groupHomes(['a', 'b', 'c'], recorded)).toBeUndefined()
    expect(groupHomes([], recorded)).toBeUndefined()
  })
})
