import { describe, expect, it } from 'vitest'
import { definition, historyOf, steps } from '../../../test/complaintHistories.js'
import { describeEvent } from './chronology.js'
import type { ComplaintEventData } from './events.js'

describe('the chronology the timeline and the Ombudsman’s evidence pack read', () => {
  it('gives each stage’s definition, decisions and reasons, remedies and actions, in words, with no internal ids', () => {
    const c = historyOf([
      steps.stage1[0] as ComplaintEventData,
      {
        type: 'complaint.acknowledged',
        stage: 1,
        handlerId: 'handler-a',
        definition: { ...definition, notResponsibleFor: ['The gutter, which the council owns'] },
      },
      { type: 'complaint.extended', stage: 1, workingDays: 1, reason: 'A survey' } as ComplaintEventData,
      {
        type: 'complaint.responded',
        stage: 1,
        decision: 'upheld',
        issueDecisions: [{ issueId: 'i1', decision: 'upheld', reasons: 'The mould was reported twice' }],
        reasons: 'We were slow',
        remedies: [{ type: 'financial', amount: 75, description: 'For the delay' }],
        outstandingActions: [{ id: 'a1', description: 'Treat the mould', dueOn: '2026-04-10' }],
      },
      { type: 'complaint.remedy_answered', remedyId: '1-1', answer: 'accepted', on: '2026-03-24' },
    ])
    const lines = c.events.map((e) => describeEvent(e, c, new Map([['handler-a', 'Sam Handler']])))
    const all = lines.flatMap((l) => [l.label, ...l.detail]).join('\n')
    for (const part of [
      'Issue: Mould',
      'Outcome sought: Fix it',
      'Not the landlord’s to resolve: The gutter, which the council owns',
      'Stage 1 response extended by 1 working day',
      'Stage 1 response: upheld',
      'Decision on “Mould”: upheld. The mould was reported twice',
      'Remedy: A financial remedy £75.00 (For the delay)',
      'Outstanding action: Treat the mould, due 10 April 2026',
      'The resident accepted a remedy offered at stage 1',
      'A financial remedy of £75.00, answered on 24 March 2026',
    ])
      expect(all).toContain(part)
    expect(all).not.toMatch(/remedy 1-1|\d{4}-\d{2}-\d{2}/i)
  })
})
