import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../calendar/calendarDate.js'
import { WorkflowError } from '../rules.js'

import {
  type Band,
  bandRange,
  decideGuidanceSet,
  type GuidanceInput,
  type GuidanceSet,
  guidanceInForce,
  placeInBands,
} from './guidance.js'

const band = (min: number, max: number | null, label: string): Band => ({
  min,
  max,
  label,
  description: label,
})
const set = (id: string, effectiveFrom: string, createdAt: string, bands: Band[] = []): GuidanceSet => ({
  id,
  title: `Guidance ${id}`,
  source: 'Housing Ombudsman remedies guidance',
  effectiveFrom: effectiveFrom as CalendarDate,
  note: null,
  createdAt: new Date(createdAt),
  bands,
})

describe('the compensation guidance in force on a day (Code 7.4)', () => {
  const sets = [
    set('2024', '2024-04-01', '2024-03-01T10:00:00Z'),
    set('2026', '2026-04-01', '2026-02-01T10:00:00Z'),
    set('2026-fixed', '2026-04-01', '2026-03-01T10:00:00Z'),
  ]
  it.each<[CalendarDate, string | undefined]>([
    ['2024-03-31', undefined],
    ['2024-04-01', '2024'],
    ['2026-03-31', '2024'],
    // Two take effect the same day: the newest added.
    ['2026-04-01', '2026-fixed'],
    ['2030-01-01', '2026-fixed'],
  ])('on %s: %s', (on, id) => {
    expect(guidanceInForce(sets, on)?.id).toBe(id)
  })
})

describe('where an amount sits in the bands', () => {
  const g = set('g', '2024-04-01', '2024-03-01T10:00:00Z', [
    band(50, 100, 'Minor'),
    band(100, 600, 'Medium'),
    band(600, null, 'Serious'),
  ])
  it.each<[number, string[], string]>([
    [75, ['Minor'], '£75.00 is in the “Minor” band (£50.00 to £100.00) of Guidance g'],
    [
      100,
      ['Minor', 'Medium'],
      '£100.00 is in the “Minor” band (£50.00 to £100.00) and the “Medium” band (£100.00 to £600.00) of Guidance g',
    ],
    [5000, ['Serious'], '£5,000.00 is in the “Serious” band (£600.00 and above) of Guidance g'],
    [20, [], '£20.00 is below the lowest band of Guidance g (£50.00 to £100.00)'],
  ])('£%d', (amount, labels, summary) => {
    const placed = placeInBands(amount, g)
    expect(placed.bands.map((b) => b.label)).toEqual(labels)
    expect(placed.summary).toBe(summary)
  })

  it('says so when a set has no bands', () => {
    expect(placeInBands(10, set('e', '2024-04-01', '2024-03-01T10:00:00Z')).summary).toBe(
      'Guidance e has no bands',
    )
  })

  it.each<[Band, string]>([
    [band(0, 50, 'x'), '£0.00 to £50.00'],
    [band(1000, null, 'x'), '£1,000.00 and above'],
  ])('writes a band’s range: %j', (b, words) => {
    expect(bandRange(b)).toBe(words)
  })
})

describe('a new set of bands', () => {
  const good: GuidanceInput = {
    title: ' Our policy 2027 ',
    source: 'Board paper 12',
    effectiveFrom: '2027-04-01',
    note: ' ',
    bands: [
      { min: 0, max: 100, label: 'Minor', description: 'Short delays' },
      { label: ' ', description: '' },
      { min: 100, label: 'Serious', description: 'Long failures' },
    ],
  }
  it('keeps the bands given, skipping empty rows, the last open-ended', () => {
    expect(decideGuidanceSet(good)).toEqual({
      title: 'Our policy 2027',
      source: 'Board paper 12',
      effectiveFrom: '2027-04-01',
      note: null,
      bands: [
        { min: 0, max: 100, label: 'Minor', description: 'Short delays' },
        { min: 100, max: null, label: 'Serious', description: 'Long failures' },
      ],
    })
  })

  const refused = (input: GuidanceInput) => {
    try {
      decideGuidanceSet(input)
    } catch (error) {
      if (error instanceof WorkflowError) return error.problems.map((p) => [p.field, p.message])
      throw error
    }
    throw new Error('expected a refusal')
  }
  it.each<[string, GuidanceInput, [string | undefined, string][]]>([
    [
      'nothing',
      { bands: [] },
      [
        ['title', 'Give the guidance a title, for example “Our compensation policy 2027”'],
        ['source', 'Code 7.4: say where the bands come from, so anyone can check them'],
        ['effectiveFrom', 'Give the date the bands take effect from, as a real date'],
        ['bands', 'Give at least one band'],
      ],
    ],
    [
      'a band with no name, description or lowest amount',
      { ...good, bands: [{ max: 10 }] },
      [
        ['bands.0.label', 'Band 1: give it a short name'],
        ['bands.0.description', 'Band 1: describe when it applies'],
        ['bands.0.min', 'Band 1: give its lowest amount in pounds, £0 or more'],
        ['bands.0.max', 'Band 1: its highest amount must be more than its lowest'],
      ],
    ],
    [
      'a band whose top is not above its bottom',
      { ...good, bands: [{ min: 100, max: 100, label: 'x', description: 'x' }] },
      [['bands.0.max', 'Band 1: its highest amount must be more than its lowest']],
    ],
    [
      'an open-ended band before another',
      {
        ...good,
        bands: [
          { min: 0, label: 'a', description: 'a' },
          { min: 100, label: 'b', description: 'b' },
        ],
      },
      [['bands.0.max', 'Band 1: only the last band can have no upper limit']],
    ],
    [
      'overlapping bands',
      {
        ...good,
        bands: [
          { min: 0, max: 100, label: 'a', description: 'a' },
          { min: 50, max: 200, label: 'b', description: 'b' },
        ],
      },
      [
        [
          'bands.1.min',
          'Band 2: it starts at £50.00, inside band 1; list the bands lowest first, without overlaps',
        ],
      ],
    ],
  ])('is refused with %s', (_what, input, expected) => {
    expect(refused(input)).toEqual(expected)
  })
})
