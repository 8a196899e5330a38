import { describe, expect, it } from 'vitest'
import { anonymisableFrom, REDACTED, redacted, retentionCutoff } from './retention.js'

describe('retention dates', () => {
  it('counts whole years back from today, 29 February from 28 February', () => {
    expect(retentionCutoff('2026-11-24', { years: 6 })).toBe('2020-11-24')
    expect(retentionCutoff('2025-02-28', { years: 1 })).toBe('2024-02-28')
    expect(retentionCutoff('2028-02-29', { years: 1 })).toBe('2027-02-28')
  })
  it('gives the first day a complaint may be anonymised', () => {
    expect(anonymisableFrom('2020-11-24', { years: 6 })).toBe('2026-11-24')
    expect(anonymisableFrom('2024-02-29', { years: 1 })).toBe('2025-03-01')
  })
})

describe('redaction', () => {
  it('keeps ids, dates, codes, references and numbers, and redacts names, contact details and free text', () => {
    const event = {
      type: 'complaint.received',
      reference: 'CMP-2019-000042',
      receivedAt: '2019-06-04T09:00:00.000Z',
      channel: 'in_person',
      categories: ['repairs', 'damp_and_mould'],
      resident: { name: 'smith', email: 'a@b.org', postcode: 'LE2 1AB', postOnly: true },
      description: 'Mould',
      handlerId: '0b7c8a6e-4b7b-4f4e-9d7e-2a1c3e4f5a6b',
      remedies: [{ type: 'financial', amount: 175, remedyId: '1-2' }],
      issueDecisions: [{ issueId: 'i1', decision: 'upheld', reasons: 'Because Mrs Jones waited' }],
      summary: ['free', 'words'],
      linked: { note: 'Anne rang', reason: 'after_response' },
      comment: 'Mrs Jones rang again',
    }
    expect(redacted(event)).toEqual({
      ...event,
      resident: { name: REDACTED, email: REDACTED, postcode: REDACTED, postOnly: true },
      description: REDACTED,
      issueDecisions: [{ issueId: 'i1', decision: 'upheld', reasons: REDACTED }],
      summary: [REDACTED, REDACTED],
      linked: { note: REDACTED, reason: 'after_response' },
      comment: REDACTED,
    })
  })
  it('redacts a one-word survey comment or outcome, which would otherwise pass for a code', () => {
    expect(redacted({ type: 'service_request.survey_comment', comment: 'rubbish', score: 1 })).toEqual({
      type: 'service_request.survey_comment',
      comment: REDACTED,
      score: 1,
    })
    expect(redacted({ type: 'service_request.closed', outcome: 'fixed' })).toEqual({
      type: 'service_request.closed',
      outcome: REDACTED,
    })
  })
})
