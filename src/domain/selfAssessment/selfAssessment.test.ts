import { describe, expect, it } from 'vitest'
import { WorkflowError } from '../rules.js'

import { codeProvisions } from './code2024.js'
import {
  type AssessmentEvent,
  type AssessmentEventData,
  decideAnswer,
  decideApprove,
  decideComplete,
  decideReview,
  decideStart,
  foldAssessment,
} from './selfAssessment.js'

const at = new Date('2026-04-20T09:00:00Z')
const yes = { comply: 'yes' as const, evidence: 'Policy', links: [], commentary: '' }

/** An assessment from its events, numbered and timed as the stream keeps them. */
const assessment = (...data: AssessmentEventData[]) =>
  foldAssessment(
    'a',
    data.map((d, i): AssessmentEvent => ({ ...d, seq: i + 1, at, by: 'u1' })),
  )
const started: AssessmentEventData = {
  type: 'assessment.started',
  year: 2026,
  trigger: 'annual',
  copiedFrom: 'b',
}
/** Every provision carried over from last year, then those given confirmed unchanged. */
const carriedAllBut = (...reviewed: string[]): AssessmentEventData[] => [
  ...codeProvisions.map(
    (p): AssessmentEventData => ({ type: 'assessment.answered', provision: p.id, ...yes, carried: true }),
  ),
  ...reviewed.map(
    (provision): AssessmentEventData => ({ type: 'assessment.reviewed', provision, byName: 'Priya Shah' }),
  ),
]
const refusal = (f: () => unknown) => {
  try {
    f()
  } catch (error) {
    if (error instanceof WorkflowError) return { kind: error.kind, message: error.message }
    throw error
  }
  throw new Error('not refused')
}

describe('a self-assessment carried over from last year', () => {
  it('holds each carried-over provision to review until confirmed unchanged or changed, by a named person', () => {
    const a = assessment(
      started,
      ...carriedAllBut(),
      { type: 'assessment.reviewed', provision: '6.2', byName: 'Priya Shah' },
      { type: 'assessment.answered', provision: '7.1', ...yes, reviewedBy: 'Sam Jones' },
    )
    expect(a.carriedOver.size).toBe(70)
    expect(a.reviews.get('6.2')).toEqual({ outcome: 'confirmed', byName: 'Priya Shah', by: 'u1', at })
    expect(a.reviews.get('7.1')).toEqual({ outcome: 'changed', byName: 'Sam Jones', by: 'u1', at })
    // Answering a carried-over provision records the review in the answer itself.
    expect(
      decideAnswer(a, { provision: '1.2', comply: 'yes', evidence: 'Policy' }, false, 'Ann Lee'),
    ).toMatchObject({ provision: '1.2', reviewedBy: 'Ann Lee' })
    expect(
      decideAnswer(a, { provision: '6.2', comply: 'yes', evidence: 'Policy' }, false, 'Ann Lee'),
    ).not.toHaveProperty('reviewedBy')
  })

  it.each([
    ['already reviewed', '6.2', 'not_now', 'Provision 6.2 has already been reviewed'],
    ['not a provision', '10.1', 'rule', 'There is no such provision'],
  ])('refuses to confirm a provision %s', (_why, provision, kind, message) => {
    const a = assessment(started, ...carriedAllBut('6.2'))
    expect(refusal(() => decideReview(a, provision, 'Priya Shah'))).toMatchObject({ kind })
    expect(refusal(() => decideReview(a, provision, 'Priya Shah')).message).toContain(message)
  })

  it('refuses completion and approval while any is still to review, naming how many and which', () => {
    const left = assessment(started, ...carriedAllBut(...codeProvisions.map((p) => p.id).slice(3)))
    expect(refusal(() => decideComplete(left, 'Priya Shah'))).toEqual({
      kind: 'rule',
      message:
        'Review every provision carried over from the earlier assessment before completing it: 3 still to review (1.2, 1.3, 1.4). Confirm each one unchanged, or change its answer',
    })
    // Completed before reviews were asked for: not approved either.
    const legacy = assessment(started, ...carriedAllBut(), {
      type: 'assessment.completed',
      byName: 'Priya Shah',
    })
    expect(refusal(() => decideApprove(legacy, 'Board', {})).message).toContain(
      'before approving it: 72 still to review',
    )
    const done = assessment(started, ...carriedAllBut(...codeProvisions.map((p) => p.id)))
    expect(decideComplete(done, 'Priya Shah')).toEqual({ type: 'assessment.completed', byName: 'Priya Shah' })
  })
})

describe('a "yes" this year’s figures contradict', () => {
  const measures = {
    '6.2': [{ label: 'Acknowledged on time', value: '50% (1 of 2)', concern: '1 late in the year' }],
    '6.3': [{ label: 'Responded on time', value: '100% (2 of 2)' }],
  }
  const answered = (...more: AssessmentEventData[]) =>
    assessment(
      { ...started, copiedFrom: undefined } as AssessmentEventData,
      ...codeProvisions.map(
        (p): AssessmentEventData => ({ type: 'assessment.answered', provision: p.id, ...yes }),
      ),
      ...more,
      { type: 'assessment.completed', byName: 'Priya Shah' },
    )

  it('is approved only with the action being taken and its timescale; the figures approved against are kept', () => {
    expect(refusal(() => decideApprove(answered(), 'Board', measures)).message).toContain(
      'give the action being taken and its timescale before approving: 1 provision without (6.2: 1 late in the year)',
    )
    const explained = answered({
      type: 'assessment.answered',
      provision: '6.2',
      ...yes,
      explanation: { action: 'A daily check', timescale: 'By June 2026' },
    })
    expect(decideApprove(explained, 'Board', measures)).toEqual({
      type: 'assessment.approved',
      byName: 'Board',
      measures,
    })
    // "Partly" and "no" explain themselves in the commentary.
    const partly = answered({
      type: 'assessment.answered',
      provision: '6.2',
      comply: 'partly',
      evidence: '',
      links: [],
      commentary: 'Late in the summer',
    })
    expect(decideApprove(partly, 'Board', measures)).toMatchObject({ type: 'assessment.approved' })
  })

  it.each([
    [{ action: 'A daily check' }, 'Provision 6.2: give the timescale of the action being taken'],
    [{ timescale: 'By June' }, 'Provision 6.2: say what action is being taken in that timescale'],
    [{ action: 'x', timescale: 'y'.repeat(501) }, 'The timescale must be 500 characters or fewer'],
  ])('refuses half an explanation: %o', (explanation, message) => {
    expect(
      refusal(() =>
        decideAnswer(
          answered(),
          { provision: '6.2', comply: 'yes', evidence: 'Policy', explanation },
          false,
          'P',
        ),
      ).message,
    ).toContain(message)
  })
})

describe('the year an assessment is for: a reporting year the 2024 Code applies to', () => {
  it.each<[unknown, number]>([
    [2024, 2024],
    ['2025', 2025],
    [' 2026 ', 2026],
    [2100, 2100],
  ])('starts one for %j', (year, expected) => {
    expect(decideStart({ year: year as number | string }, undefined)).toEqual({
      type: 'assessment.started',
      year: expected,
      trigger: 'annual',
    })
  })

  it.each<[string, unknown]>([
    ['a year before the 2024 Code', 2023],
    ['a reporting year before it', '2000'],
    ['a year after the reporting years', 2101],
    ['a huge number', '1e300'],
    ['a negative one', '-99999999999'],
    ['a decimal', '2025.5'],
    ['nothing', undefined],
  ])('refuses %s, naming the rule', (_why, year) => {
    const refused = () => decideStart({ year: year as number | string }, undefined)
    expect(refused).toThrow(WorkflowError)
    expect(refused).toThrow(
      'Give the year the assessment is for, from 2024 (the 2024 Code), such as 2025 for 2025/26',
    )
  })
})
