import { describe, expect, it } from 'vitest'
import { WorkflowError } from '../rules.js'
import { codeProvisions } from '../selfAssessment/code2024.js'
import { type AssessmentEventData, foldAssessment } from '../selfAssessment/selfAssessment.js'
import {
  decideSubmission,
  foldSubmissions,
  isPublishedAddress,
  type SubmissionEventData,
  type SubmissionInput,
  submissionAnswers,
  submissionRows,
  submissionState,
} from './submission.js'

const approvedAt = new Date('2026-05-20T09:00:00Z')
/** 2025/26's annual assessment: 1.2 partly, 1.3 no, 6.2 yes with an action, the rest yes; approved or not. */
const assessment = (approved = true, id = 'a1', trigger: 'annual' | 'merger' = 'annual') => {
  const data: AssessmentEventData[] = [
    { type: 'assessment.started', year: 2025, trigger, ...(trigger === 'annual' ? {} : { note: 'Merged' }) },
    ...codeProvisions.map(
      (p): AssessmentEventData => ({
        type: 'assessment.answered',
        provision: p.id,
        comply: p.id === '1.2' ? 'partly' : p.id === '1.3' ? 'no' : 'yes',
        evidence: p.id === '1.2' || p.id === '1.3' ? '' : `Policy ${p.id}`,
        links: [],
        commentary: p.id === '1.2' ? 'Old wording in one leaflet' : p.id === '1.3' ? 'Not yet' : '',
        ...(p.id === '6.2' ? { explanation: { action: 'Retrain', timescale: 'By June 2026' } } : {}),
      }),
    ),
    { type: 'assessment.completed', byName: 'Priya Shah' },
    ...(approved ? [{ type: 'assessment.approved' as const, byName: 'Board Chair' }] : []),
  ]
  return foldAssessment(
    id,
    data.map((d, i) => ({ ...d, seq: i + 1, at: approvedAt, by: 'u1' })),
  )
}

const good: SubmissionInput = {
  name: 'Riverside Homes',
  registeredProviderNumber: 'L1234',
  ombudsmanLandlordId: '',
  financialYearEnd: '2026-03-31',
  links: {
    complaintsPolicy: 'https://example.org.uk/complaints/policy',
    selfAssessment: 'https://example.org.uk/complaints/self-assessment-2025',
    annualReport: 'https://example.org.uk/complaints/annual-report-2025',
    governingBodyResponse: 'https://example.org.uk/complaints/board-response-2025',
  },
  confirmed: true,
}
const context = { year: 2025, assessment: assessment(), homes: 1234, byName: 'Sam Lead' }

const problemsOf = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    if (e instanceof WorkflowError) return e.problems
    throw e
  }
  throw new Error('not refused')
}

describe('the yes or no for each provision', () => {
  it('is yes only where the approved assessment complies, with what it said as the comment', () => {
    const answers = submissionAnswers(assessment())
    expect(answers).toHaveLength(72)
    expect(answers.filter((a) => a.yes)).toHaveLength(70)
    expect(answers[0]).toEqual({
      provision: '1.2',
      section: 1,
      requirement: codeProvisions[0]?.requirement,
      yes: false,
      comment: 'Partly: Old wording in one leaflet',
    })
    expect(answers.find((a) => a.provision === '1.3')?.comment).toBe('No: Not yet')
    expect(answers.find((a) => a.provision === '6.2')).toMatchObject({
      yes: true,
      comment: 'Policy 6.2. Action being taken: Retrain (timescale: By June 2026)',
    })
  })
})

describe('recording a submission', () => {
  it('keeps a frozen copy: organisation, deadline, links, the approved assessment and every answer', () => {
    const e = decideSubmission(good, context)
    expect(e).toMatchObject({
      type: 'submission.recorded',
      byName: 'Sam Lead',
      year: 2025,
      organisation: { name: 'Riverside Homes', registeredProviderNumber: 'L1234', homes: 1234 },
      deadline: { due: '2026-09-30' },
      assessment: {
        id: 'a1',
        trigger: 'annual',
        approvedBy: 'Board Chair',
        approvedAt: approvedAt.toISOString(),
      },
    })
    expect(e.answers).toHaveLength(72)
  })

  it('refuses when the year’s self-assessment is not approved, naming Code 8.1', () => {
    for (const a of [assessment(false), undefined])
      expect(problemsOf(() => decideSubmission(good, { ...context, assessment: a }))).toEqual([
        expect.objectContaining({
          field: 'assessment',
          provision: '8.1',
          message: expect.stringMatching(
            /^Code 8\.1: the self-assessment for 2025\/26 must be approved by the governing body \(or its MRC\) before it is submitted to the Ombudsman; (it is completed, waiting for approval|none has been started)$/,
          ),
        }),
      ])
  })

  it('refuses every problem at once: links, names, the year end, the homes and the confirmation', () => {
    const problems = problemsOf(() =>
      decideSubmission(
        {
          name: ' ',
          registeredProviderNumber: '',
          ombudsmanLandlordId: '',
          financialYearEnd: '2025-03-31',
          links: {
            complaintsPolicy: 'http://example.org.uk/policy',
            selfAssessment: 'javascript:alert(1)',
            annualReport: 'https://localhost/report',
          },
          confirmed: false,
        },
        { ...context, homes: null },
      ),
    )
    expect(problems.map((p) => [p.field, p.provision])).toEqual([
      ['homes', undefined],
      ['name', undefined],
      ['registeredProviderNumber', undefined],
      ['financialYearEnd', undefined],
      ['links.complaintsPolicy', '3.4'],
      ['links.selfAssessment', '8.1'],
      ['links.annualReport', '8.2'],
      ['links.governingBodyResponse', '8.2'],
      ['confirmed', '8.1'],
    ])
    expect(problems.find((p) => p.field === 'links.annualReport')?.message).toBe(
      'Code 8.2: give the web address where the annual complaints performance and service improvement report is published, starting https://',
    )
  })

  it.each([
    ['https://example.org.uk/a', true],
    ['https://www.example.com/complaints?year=2025', true],
    ['http://example.org.uk/a', false],
    ['https://example', false],
    ['https://user:pw@example.org.uk/', false],
    ['https://example.org.uk/a b', false],
    ['=HYPERLINK("https://x.org")', false],
    ['', false],
  ])('a published address %s is %s', (url, ok) => {
    expect(isPublishedAddress(url)).toBe(ok)
  })
})

describe('whether to submit or re-submit', () => {
  const recorded = (e: SubmissionEventData, at: Date) =>
    foldSubmissions(2025, [{ ...e, seq: 1, at, by: 'u2' }])
  const submittedOn = new Date('2026-06-01T10:00:00Z')

  it('is not submitted until one is recorded', () => {
    expect(submissionState(foldSubmissions(2025, []), undefined).state).toBe('not_submitted')
  })

  it('is submitted when the latest submission carries the latest approved assessment', () => {
    const h = recorded(decideSubmission(good, context), submittedOn)
    expect(submissionState(h, { id: 'a1', trigger: 'annual', approvedAt }).state).toBe('submitted')
  })

  it('asks for a re-submission when a revised assessment is approved after it, and says why', () => {
    const h = recorded(decideSubmission(good, context), submittedOn)
    const revised = { id: 'a2', trigger: 'merger' as const, approvedAt: new Date('2026-08-03T09:00:00Z') }
    expect(submissionState(h, revised)).toEqual({
      state: 'resubmission_due',
      why: 'Re-submit: the self-assessment for 2025/26 was revised after the submission of 1 June 2026 (A merger (Code 8.3)) and approved on 3 August 2026; the Ombudsman has the earlier answers.',
    })
    // A new submission of the revised answers ends the task.
    const again = foldSubmissions(2025, [
      { ...decideSubmission(good, context), seq: 1, at: submittedOn, by: 'u2' },
      {
        ...decideSubmission(good, { ...context, assessment: assessment(true, 'a2', 'merger') }),
        seq: 2,
        at: new Date('2026-08-04T09:00:00Z'),
        by: 'u2',
      },
    ])
    expect(submissionState(again, revised).state).toBe('submitted')
  })
})

describe('the export’s rows', () => {
  it('gives the organisation and links, then a row a provision', () => {
    const rows = submissionRows(decideSubmission(good, context), {
      byName: 'Sam Lead',
      at: new Date('2026-06-01T10:00:00Z'),
    })
    expect(rows.about).toContainEqual(['Landlord', 'Riverside Homes'])
    expect(rows.about).toContainEqual(['Homes owned at the end of the year', 1234])
    expect(rows.about).toContainEqual([
      'The governing body’s response to the annual report',
      'https://example.org.uk/complaints/board-response-2025',
    ])
    expect(rows.about).toContainEqual(['Submitted by', 'Sam Lead, 1 June 2026'])
    expect(rows.head).toEqual(['Provision', 'Section', 'Requirement', 'Complies (yes or no)', 'Comment'])
    expect(rows.provisions[1]).toEqual([
      '1.3',
      'Definition of a complaint',
      codeProvisions[1]?.requirement,
      'No',
      'No: Not yet',
    ])
  })
})
