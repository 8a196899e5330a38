import { describe, expect, it } from 'vitest'
import { codeProvisions, codeSections } from '../../../domain/selfAssessment/code2024.js'
import { foldAssessment } from '../../../domain/selfAssessment/selfAssessment.js'
import { type AssessmentView, overviewModel } from './overview.js'

const at = new Date('2026-04-20T09:00:00Z')
const view = (events: Parameters<typeof foldAssessment>[1]): AssessmentView => {
  const assessment = foldAssessment('a1', events)
  return {
    assessment,
    status: assessment.completed ? 'completed' : 'draft',
    sections: codeSections.map((s) => ({
      ...s,
      provisions: codeProvisions
        .filter((p) => p.section === s.number)
        .map((p) => ({
          ...p,
          answer: assessment.answers.get(p.id),
          carriedOver: assessment.carriedOver.has(p.id),
          measures: [],
          flagged: false,
        })),
    })),
  }
}

describe('the overview of a self-assessment', () => {
  it('has one sign-off row for each thing it says, each with words, the note last', () => {
    const m = overviewModel(
      view([
        { type: 'assessment.started', year: 2025, trigger: 'merger', note: 'Merged', seq: 1, at, by: null },
        { type: 'assessment.completed', byName: 'Priya Shah', seq: 2, at, by: null },
      ]),
    )
    expect(Array.isArray(m.signOffRows)).toBe(true)
    expect(m.signOffRows.map((r) => [r.key.text, r.value.text])).toEqual([
      ['Status', 'Completed, awaiting approval'],
      ['Completed by', 'Priya Shah on Monday 20 April 2026'],
      ['Reviewed and approved by', 'Not yet'],
      ['Why', 'Merged'],
    ])
  })
})
