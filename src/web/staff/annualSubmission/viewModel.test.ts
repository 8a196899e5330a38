import { describe, expect, it } from 'vitest'
import { foldSubmissions, type SubmissionEventData } from '../../../domain/annualSubmission/submission.js'
import { codeProvisions } from '../../../domain/selfAssessment/code2024.js'
import { type AssessmentEventData, foldAssessment } from '../../../domain/selfAssessment/selfAssessment.js'
import type { FieldErrors } from '../../forms.js'
import { formField, type SubmissionView, submissionInput, submissionPage } from './viewModel.js'

const at = new Date('2026-05-20T09:00:00Z')
const approved = foldAssessment(
  'a1',
  (
    [
      { type: 'assessment.started', year: 2025, trigger: 'annual' },
      ...codeProvisions.map(
        (p): AssessmentEventData => ({
          type: 'assessment.answered',
          provision: p.id,
          comply: p.id === '1.2' ? 'no' : 'yes',
          evidence: 'Policy',
          links: [],
          commentary: p.id === '1.2' ? 'Not yet' : '',
        }),
      ),
      { type: 'assessment.completed', byName: 'Priya Shah' },
      { type: 'assessment.approved', byName: 'Board Chair' },
    ] as AssessmentEventData[]
  ).map((d, i) => ({ ...d, seq: i + 1, at, by: 'u1' })),
)
const links = {
  complaintsPolicy: 'https://example.org.uk/policy',
  selfAssessment: 'https://example.org.uk/sa',
  annualReport: 'https://example.org.uk/report',
  governingBodyResponse: 'https://example.org.uk/response',
}
const recorded: SubmissionEventData = {
  type: 'submission.recorded',
  byName: 'Sam Lead',
  year: 2025,
  organisation: {
    name: 'Riverside Homes',
    registeredProviderNumber: 'L1234',
    ombudsmanLandlordId: '',
    homes: 1234,
  },
  financialYearEnd: '2026-03-31',
  deadline: { due: '2026-09-30', why: 'Due 30 September 2026: …' },
  links,
  assessment: { id: 'a1', trigger: 'annual', approvedBy: 'Board Chair', approvedAt: at.toISOString() },
  answers: [],
}

/** A year as the service gives it: nothing submitted, or one submission of 1 June 2026. */
const view = (submitted: boolean): SubmissionView => ({
  year: 2025,
  assessment: approved,
  approved,
  answers: codeProvisions.map((p) => ({
    provision: p.id,
    section: p.section,
    requirement: p.requirement,
    yes: p.id !== '1.2',
    comment: p.id === '1.2' ? 'No: Not yet' : 'Policy',
  })),
  homes: 1234,
  deadline: { due: '2026-09-30', why: 'Due 30 September 2026: a landlord with more than 1,000 homes …' },
  history: foldSubmissions(
    2025,
    submitted ? [{ ...recorded, seq: 1, at: new Date('2026-06-01T10:00:00Z'), by: 'u2' }] : [],
  ),
  state: submitted
    ? { state: 'submitted', why: 'Submitted to the Ombudsman for 2025/26.' }
    : { state: 'not_submitted', why: 'Nothing has been submitted to the Ombudsman for 2025/26 yet.' },
  defaults: {
    name: submitted ? 'Riverside Homes' : 'Test Homes',
    registeredProviderNumber: submitted ? 'L1234' : '',
    ombudsmanLandlordId: '',
    financialYearEnd: '2026-03-31',
    links: submitted ? links : {},
  },
})

describe('the annual submission page', () => {
  it('shows the year, the deadline, the approved assessment and a yes or no a provision', () => {
    const p = submissionPage(view(false))
    expect(p.yearLabel).toBe('2025/26')
    expect(p.previous).toEqual({ year: 2024, label: '2024/25' })
    expect(p.stateTag.text).toBe('Not yet submitted')
    expect(p.deadline?.due).toBe('30 September 2026')
    expect(p.homesText).toBe('1,234')
    expect(p.assessment).toMatchObject({ href: '/self-assessment/a1', approved: 'Board Chair, 20 May 2026' })
    expect(p.answers).toHaveLength(72)
    expect(p.yesCount).toBe(71)
    expect(p.answers[0]).toMatchObject({ provision: '1.2', yes: 'No', comment: 'No: Not yet' })
    // The Code's long words are shortened for the table, at a word's end.
    expect(p.answers[0]?.requirement.length).toBeLessThanOrEqual(120)
    expect(p.answers[0]?.requirement.endsWith('…')).toBe(true)
    expect(p.canSubmit).toBe(true)
    expect(p.form.name).toBe('Test Homes')
    expect(p.form.financialYearEndItems.map((i) => i.value)).toEqual(['31', '3', '2026'])
    expect(p.form.links.map((l) => l.value)).toEqual(['', '', '', ''])
    expect(p.form.confirmed).toBe(false)
    expect(p.history).toEqual([])
  })

  it('starts the next submission from the last one, and lists what was recorded', () => {
    const p = submissionPage(view(true))
    expect(p.form.registeredProviderNumber).toBe('L1234')
    expect(p.form.links.map((l) => l.value)).toEqual(Object.values(links))
    expect(p.history).toEqual([
      {
        seq: 1,
        at: '1 June 2026',
        byName: 'Sam Lead',
        assessment: 'The annual self-assessment (Code 8.1), approved 20 May 2026',
        yes: 0,
        total: 0,
      },
    ])
    expect(p.version).toBe(1)
  })

  it('shows what was sent, with each refusal beside its field', () => {
    const body = {
      name: 'X',
      'link-annualReport': 'http://x',
      'financialYearEnd-day': '40',
      confirmed: 'yes',
    }
    const p = submissionPage(view(false), { body, errors: { 'link-annualReport': 'Code 8.2: …' } })
    expect(p.form.name).toBe('X')
    expect(p.form.links.find((l) => l.id === 'link-annualReport')?.value).toBe('http://x')
    expect(p.form.financialYearEndItems[0]?.value).toBe('40')
    expect(p.form.confirmed).toBe(true)
    expect(p.errors).toEqual({ 'link-annualReport': 'Code 8.2: …' })
    expect(formField('links.annualReport')).toBe('link-annualReport')
    expect(formField('confirmed')).toBe('confirmed')
  })

  it('reads the form as the service asks, and a date that is no date as an error', () => {
    const errors: FieldErrors = {}
    expect(
      submissionInput(
        {
          name: ' Riverside ',
          'financialYearEnd-day': '31',
          'financialYearEnd-month': '3',
          'financialYearEnd-year': '2026',
          'link-complaintsPolicy': links.complaintsPolicy,
          confirmed: 'yes',
        },
        errors,
      ),
    ).toMatchObject({
      name: 'Riverside',
      financialYearEnd: '2026-03-31',
      links: { complaintsPolicy: links.complaintsPolicy, annualReport: '' },
      confirmed: true,
    })
    expect(errors).toEqual({})
    submissionInput(
      { 'financialYearEnd-day': '31', 'financialYearEnd-month': '2', 'financialYearEnd-year': '2026' },
      errors,
    )
    expect(errors).toEqual({ financialYearEnd: 'The financial year end must be a real date' })
  })
})
