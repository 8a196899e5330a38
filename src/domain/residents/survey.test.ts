import { describe, expect, it } from 'vitest'
import { historyOf, steps } from '../../../test/complaintHistories.js'
import type { ComplaintEventData } from '../complaints/events.js'
import { checkSurveyAnswer, isDissatisfied, surveyStage } from './survey.js'

describe('the landlord’s own survey after the final word', () => {
  const closedAtStage1 = [...steps.stage1_responded, { type: 'complaint.closed' }] as ComplaintEventData[]
  it.each<[string, ComplaintEventData[], 1 | 2 | undefined]>([
    ['still at stage 1', steps.stage1, undefined],
    ['answered at stage 1, not yet closed', steps.stage1_responded, undefined],
    ['answered at stage 1 and closed', closedAtStage1, 1],
    ['escalated, not yet answered', steps.stage2, undefined],
    ['answered at stage 2', steps.stage2_responded, 2],
    ['closed after stage 2', steps.closed, 2],
    ['withdrawn', steps.withdrawn, undefined],
  ])('%s: about stage %s', (_what, history, stage) => {
    expect(surveyStage(historyOf(history))).toBe(stage)
  })

  it.each<[string | undefined, boolean]>([
    ['very_dissatisfied', true],
    ['fairly_dissatisfied', true],
    ['neither', false],
    ['very_satisfied', false],
    [undefined, false],
  ])('%s is dissatisfied (offered the route to complain, Code 1.6): %s', (s, dissatisfied) => {
    expect(isDissatisfied(s)).toBe(dissatisfied)
  })

  it.each<[{ satisfaction?: string; comment?: string }, ReturnType<typeof checkSurveyAnswer>]>([
    [{ satisfaction: 'neither', comment: ' ' }, { answer: { satisfaction: 'neither' } }],
    [
      { satisfaction: 'very_satisfied', comment: ' Quick ' },
      { answer: { satisfaction: 'very_satisfied', comment: 'Quick' } },
    ],
    [
      {},
      {
        problem: {
          field: 'satisfaction',
          message: 'Choose how satisfied you are with the way we handled your complaint',
        },
      },
    ],
    [
      { satisfaction: 'neither', comment: 'x'.repeat(5001) },
      { problem: { field: 'comment', message: 'Your comments must be 5,000 characters or fewer' } },
    ],
  ])('%j', (input, expected) => {
    expect(checkSurveyAnswer(input)).toEqual(expected)
  })
})
