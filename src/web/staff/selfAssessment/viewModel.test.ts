import { describe, expect, it } from 'vitest'
import { codeProvisions, codeSections } from '../../../domain/selfAssessment/code2024.js'
import { foldAssessment } from '../../../domain/selfAssessment/selfAssessment.js'
import type { AssessmentView } from './overview.js'
import { assessmentListPage, sectionPage } from './viewModel.js'

const at = new Date('2026-04-20T09:00:00Z')
/** An assessment answered on 5.1, with the records showing a concern on 5.2. */
const assessment = foldAssessment('a1', [
  { type: 'assessment.started', year: 2025, trigger: 'annual', seq: 1, at, by: null },
  {
    type: 'assessment.answered',
    provision: '5.1',
    comply: 'yes',
    evidence: 'The policy on the website',
    links: ['https://example.org/policy', 'https://example.org/procedure'],
    commentary: '',
    actionId: 'act1',
    seq: 2,
    at,
    by: null,
  },
  { type: 'assessment.reviewed', provision: '5.1', byName: 'Priya Shah', seq: 3, at, by: null },
])
const view: AssessmentView = {
  assessment,
  landlord: 'Riverside Homes',
  status: 'draft',
  sections: codeSections.map((s) => ({
    ...s,
    provisions: codeProvisions
      .filter((p) => p.section === s.number)
      .map((p) => ({
        ...p,
        answer: assessment.answers.get(p.id),
        carriedOver: false,
        review: assessment.reviews.get(p.id),
        measures:
          p.id === '5.2'
            ? [
                {
                  label: 'Complaints refused',
                  value: '12',
                  concern: 'High',
                  changed: false,
                  before: undefined,
                },
              ]
            : [],
        flagged: false,
        unexplained: false,
      })),
  })),
}
const actions = [{ id: 'act1', title: 'Publish the policy', dueOn: '2026-06-30' }]
const provision = (m: ReturnType<typeof sectionPage>, id: string) => m.provisions.find((p) => p.id === id)

describe('a section of the self-assessment', () => {
  it('shows each answer as saved, with its action, links one to a line, and who reviewed it', () => {
    const m = sectionPage(view, 5, actions)
    expect(m.section?.title).toBe('The complaint handling process')
    expect([m.previous?.number, m.next?.number]).toEqual([4, 6])
    const p = provision(m, '5.1')
    expect(p).toMatchObject({
      f: 'p5_1',
      comply: 'yes',
      links: 'https://example.org/policy\nhttps://example.org/procedure',
    })
    expect(p?.actionTitle).toBe('Publish the policy')
    expect(p?.actionItems.find((i) => 'selected' in i && i.selected)?.text).toBe(
      'Publish the policy (due 2026-06-30)',
    )
    expect(p?.reviewText).toBe('Confirmed unchanged by Priya Shah on Monday 20 April 2026')
  })

  it('starts an unanswered provision from the records’ figures, and asks why where they show a concern', () => {
    const p = provision(sectionPage(view, 5, actions), '5.2')
    expect(p?.evidence).toContain('Complaints refused: 12.')
    expect(p?.asksExplanation).toBe(true)
    expect(provision(sectionPage(view, 5, actions), '5.1')?.asksExplanation).toBe(false)
  })

  it('shows the provision whose form failed as it was sent, with its errors, and the others as saved', () => {
    const m = sectionPage(view, 5, actions, {
      provision: '5.1',
      body: { comply: 'no', evidence: 'Typed' },
      errors: { 'p5_1-comply': 'Say what will make it comply' },
    })
    expect(provision(m, '5.1')).toMatchObject({ comply: 'no', evidence: 'Typed' })
    expect(provision(m, '5.1')?.complyItems.find((i) => i.checked)?.value).toBe('no')
    expect(provision(m, '5.1')?.errors).toEqual({ 'p5_1-comply': 'Say what will make it comply' })
    expect(provision(m, '5.2')?.errors).toBeUndefined()
  })
})

describe('the list of self-assessments', () => {
  it('offers an annual assessment of the current year, and labels each one', () => {
    const m = assessmentListPage([{ year: 2025, trigger: 'merger' }], 2025)
    expect(m.year).toBe('2025')
    expect(m.triggerItems.find((i) => i.checked)?.value).toBe('annual')
    expect(m.items[0]).toMatchObject({ yearLabel: '2025/26', triggerLabel: expect.any(String) })
  })

  it('keeps what was typed when starting one failed', () => {
    const m = assessmentListPage([], 2025, {
      body: { year: '2024', trigger: 'merger' },
      errors: { year: 'Taken' },
    })
    expect([m.year, m.triggerItems.find((i) => i.checked)?.value, m.errors]).toEqual([
      '2024',
      'merger',
      { year: 'Taken' },
    ])
  })
})
