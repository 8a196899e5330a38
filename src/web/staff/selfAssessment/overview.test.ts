import { describe, expect, it } from 'vitest'
import { codeProvisions, codeSections } from '../../../domain/selfAssessment/code2024.js'
import { foldAssessment } from '../../../domain/selfAssessment/selfAssessment.js'
import { type AssessmentView, overviewModel } from './overview.js'

const at = new Date('2026-04-20T09:00:00Z')
const view = (events: Parameters<typeof foldAssessment>[1]): AssessmentView => {
  const assessment = foldAssessment('a1', events)
  return {
    assessment,
    landlord: 'Riverside Homes',
    status: assessment.completed ? 'completed' : 'draft',
    sections: codeSections.map((s) => ({
      ...s,
      provisions: codeProvisions
        .filter((p) => p.section === s.number)
        .map((p) => ({
          ...p,
          answer: assessment.answers.get(p.id),
          carriedOver: assessment.carriedOver.has(p.id),
          review: assessment.reviews.get(p.id),
          measures: [],
          flagged: false,
          unexplained: false,
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

  it('counts and links the provisions carried over and still to review', () => {
    const m = overviewModel(
      view([
        { type: 'assessment.started', year: 2026, trigger: 'annual', copiedFrom: 'b', seq: 1, at, by: null },
        ...['1.2', '6.2'].map((provision, i) => ({
          type: 'assessment.answered' as const,
          provision,
          comply: 'yes' as const,
          evidence: 'Policy',
          links: [],
          commentary: '',
          carried: true as const,
          seq: i + 2,
          at,
          by: null,
        })),
        { type: 'assessment.reviewed', provision: '1.2', byName: 'Priya Shah', seq: 4, at, by: null },
      ]),
    )
    expect(m.signOffRows[1]).toEqual({
      key: { text: 'Carried over, still to review' },
      value: { text: '1 of the 2 provisions carried over from the earlier assessment' },
    })
    expect(m.toReview).toEqual([{ id: '6.2', href: '/self-assessment/a1/section/6#p6_2' }])
    expect(m.sections.find((s) => s.number === 6)).toMatchObject({ toReview: 1, answered: 1, size: 20 })
  })
})
