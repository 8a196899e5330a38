import { describe, expect, it } from 'vitest'
import { assessmentMeasures, type MeasureInputs } from './measures.js'

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
