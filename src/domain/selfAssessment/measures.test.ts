import { describe, expect, it } from 'vitest'
import { type FactCount, factKinds } from '../reports/factCounts.js'
import { assessmentMeasures, type MeasureInputs, measureKinds } from './measures.js'

const inputs = (annualReportVersions: MeasureInputs['annualReportVersions']): MeasureInputs => ({
  counts: [],
  sameHandlerAtBothStages: 0,
  upheld: { upheld: 0, remedied: 0 },
  annualReportVersions,
  boardPacks: 0,
  groundLabel: (code) => code,
  adjustmentReviews: { withAdjustments: 0, overdue: 0 },
})

describe('Code 8.1: the annual report counts as published only with part (a), the self-assessment', () => {
  it.each([
    [{ versions: 0, withSelfAssessment: 0 }, 'not yet', 'the year’s annual report is not yet published'],
    [
      { versions: 1, withSelfAssessment: 0 },
      'published without the self-assessment (1 version)',
      'the published report does not include the year’s approved self-assessment (Code 8.1(a))',
    ],
    [{ versions: 2, withSelfAssessment: 1 }, 'yes (1 version with the self-assessment)', undefined],
  ])('%o reads %s', (versions, value, concern) => {
    const [measure] = assessmentMeasures(inputs(versions))['8.1'] ?? []
    expect(measure?.value).toBe(value)
    expect(measure?.concern).toBe(concern)
  })

  it('says "none fell due" rather than a share of nothing for a clock with no deadlines', () => {
    const [measure] = assessmentMeasures(inputs({ versions: 0, withSelfAssessment: 0 }))['6.2'] ?? []
    expect(measure).toEqual({
      label: 'Stage 1 acknowledgements due in the year, and the share made in time',
      value: 'none fell due in the period',
    })
  })
})

describe('closure days and the Code’s clocks', () => {
  const timescales = ['6.2', '6.3', '6.11', '6.14']
  it('are noted beside each of the Code’s timescales only when the landlord’s closure days extend them', () => {
    const off = assessmentMeasures(inputs({ versions: 0, withSelfAssessment: 0 }))
    expect(timescales.map((p) => off[p]?.map((m) => m.label))).toEqual(
      timescales.map(() => [expect.any(String)]),
    )
    const on = assessmentMeasures({
      ...inputs({ versions: 0, withSelfAssessment: 0 }),
      closuresExtendCodeClocks: true,
    })
    for (const p of timescales)
      expect(on[p]?.at(-1)).toEqual({
        label: 'Closure days',
        value:
          'The landlord’s closure days extend the Code’s clocks (a setting of the complaints service): the published complaints policy must say so, and name the days.',
      })
  })
})

describe('the measures read only the kinds of fact they count', () => {
  it('give the same figures from the counts of those kinds as from every count of the year', () => {
    // One group of every kind, each key a measure reads, and every result a clock can have.
    const keys = [
      'acknowledgement',
      'stage1Response',
      'stage2Acknowledgement',
      'stage2Response',
      'within_cap',
    ]
    const results = ['on_time', 'late', 'overdue', 'not_due', 'not_met', 'stopped', null] as const
    const counts: FactCount[] = factKinds.flatMap((kind, k) =>
      keys.flatMap((key, i) =>
        results.map((result, j) => ({
          kind,
          key,
          tenure: null,
          counted: (i + j) % 2 === 0,
          within: j % 3 === 0 ? null : j % 3 === 1,
          result,
          withExtension: j === 0,
          recordedLate: i === 1,
          count: 1 + k + i + j,
          amount: 0,
        })),
      ),
    )
    const all = assessmentMeasures({ ...inputs({ versions: 1, withSelfAssessment: 1 }), counts })
    const read = assessmentMeasures({
      ...inputs({ versions: 1, withSelfAssessment: 1 }),
      counts: counts.filter((c) => measureKinds.includes(c.kind)),
    })
    expect(read).toEqual(all)
  })
})

describe('Code 5.8 and 6.20: the service’s own evidence, as n of m', () => {
  const measures = (
    conflictDeclarations: { assignments: number; declared: number },
    finalResponseInvolvement: { responses: number; recorded: number },
  ) =>
    assessmentMeasures({
      ...inputs({ versions: 0, withSelfAssessment: 0 }),
      conflictDeclarations,
      finalResponseInvolvement,
    })

  it.each([
    [{ assignments: 0, declared: 0 }, 'none in the year', undefined],
    [{ assignments: 8, declared: 8 }, '8 of 8 (100%)', undefined],
    [
      { assignments: 8, declared: 6 },
      '6 of 8 (75%)',
      '2 assignments with no conflict of interest declaration',
    ],
    [
      { assignments: 3, declared: 2 },
      '2 of 3 (66.7%)',
      '1 assignment with no conflict of interest declaration',
    ],
  ])('5.8: %o reads %s', (figures, value, concern) => {
    const [measure] = measures(figures, { responses: 0, recorded: 0 })['5.8'] ?? []
    expect(measure?.label).toBe(
      'Assignments in the year that declared the handler had no conflict of interest, or recorded it and how it was handled',
    )
    expect(measure?.value).toBe(value)
    expect(measure?.concern).toBe(concern)
  })

  it.each([
    [{ responses: 0, recorded: 0 }, 'none in the year', undefined],
    [{ responses: 4, recorded: 3 }, '3 of 4 (75%)', '1 final response with no record of who was involved'],
    [{ responses: 5, recorded: 5 }, '5 of 5 (100%)', undefined],
  ])('6.20: %o reads %s', (figures, value, concern) => {
    const [measure] = measures({ assignments: 0, declared: 0 }, figures)['6.20'] ?? []
    expect(measure?.value).toBe(value)
    expect(measure?.concern).toBe(concern)
  })
})
