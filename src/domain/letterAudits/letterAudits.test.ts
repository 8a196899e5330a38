import { describe, expect, it } from 'vitest'
import { WorkflowError } from '../rules.js'

import {
  type AuditRecord,
  auditFigures,
  auditScore,
  codeChecklist,
  decideAudit,
  decideChecklist,
  itemsFor,
} from './letterAudits.js'

describe('the letter audit checklist', () => {
  it('starts from the Code: a stage 1 response is checked against 6.9 (a) to (g) and the four quality items', () => {
    const items = itemsFor(codeChecklist, 'stage1_response')
    expect(items.filter((i) => i.provision).map((i) => i.provision)).toEqual([
      '6.9(a)',
      '6.9(b)',
      '6.9(c)',
      '6.9(d)',
      '6.9(e)',
      '6.9(f)',
      '6.9(g)',
    ])
    expect(items.find((i) => i.provision === '6.9(f)')?.text).toBe('Details of any outstanding actions')
    expect(items.filter((i) => !i.provision).map((i) => i.id)).toEqual([
      'tone',
      'accuracy',
      'plain-english',
      'promises',
    ])
    // An extension letter: its reason and new date (6.4), the Ombudsman's details (6.5, 6.16), and quality.
    expect(itemsFor(codeChecklist, 'extension').map((i) => i.provision ?? i.id)).toEqual([
      '6.4',
      '6.4',
      '6.5, 6.16',
      'tone',
      'accuracy',
      'plain-english',
      'promises',
    ])
    // Every kind of letter has the Code's own items, from the list a letter is checked against when issued.
    for (const kind of ['acknowledgement', 'stage2_acknowledgement', 'stage2_response', 'refusal', 'update'])
      expect(itemsFor(codeChecklist, kind).some((i) => i.provision)).toBe(true)
  })

  it('keeps a landlord’s own version: items without words dropped, provisions and kinds checked', () => {
    expect(
      decideChecklist([
        { text: 'Signed by a named person' },
        { text: '  ' },
        { text: 'Offers a call', kinds: ['stage1_response'], provision: '5.8' },
      ]),
    ).toEqual([
      { id: 'signed-by-a-named-person', text: 'Signed by a named person' },
      { id: 'offers-a-call', text: 'Offers a call', provision: '5.8', kinds: ['stage1_response'] },
    ])
    expect(() => decideChecklist([{ text: 'x', kinds: ['postcard'] }])).toThrow(
      /no kind of letter called postcard/,
    )
    expect(() => decideChecklist([{ text: 'x', provision: 'six' }])).toThrow(/for example, 6.9/)
    expect(() => decideChecklist([])).toThrow(/at least one item/)
  })
})

describe('scoring a letter', () => {
  it('gives 2 for yes, 1 for partly, 0 for no, out of what applies', () => {
    // yes, yes, partly, no, n/a: (2 + 2 + 1 + 0) / 8 = 62.5% → 63%.
    expect(
      auditScore([
        { itemId: 'a', answer: 'yes' },
        { itemId: 'b', answer: 'yes' },
        { itemId: 'c', answer: 'partly' },
        { itemId: 'd', answer: 'no' },
        { itemId: 'e', answer: 'not_applicable' },
      ]),
    ).toBe(63)
    expect(auditScore([{ itemId: 'e', answer: 'not_applicable' }])).toBeNull()
  })

  it('needs every item answered, a comment where it fell short, and feedback for the handler', () => {
    const checklist = [
      { id: 'tone', text: 'Tone' },
      { id: 'ext', text: 'Ombudsman details', kinds: ['extension' as const] },
    ]
    let error: unknown
    try {
      decideAudit(checklist, 'extension', { answers: { tone: 'no' }, comments: {}, summary: '' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(WorkflowError)
    expect((error as WorkflowError).problems.map((p) => p.field)).toEqual([
      'comment-tone',
      'answer-ext',
      'summary',
    ])
    // An item for another kind of letter is not asked.
    expect(
      decideAudit(checklist, 'update', { answers: { tone: 'yes' }, comments: {}, summary: 'Good letter' }),
    ).toEqual({ scores: [{ itemId: 'tone', answer: 'yes' }], score: 100, summary: 'Good letter' })
  })
})

describe('the audit figures', () => {
  it('averages the scores by month sent and by handler, and finds the weakest item', () => {
    const a = (handlerId: string, sentOn: string, score: number | null, answers: [string, string][]) =>
      ({
        handlerId,
        kind: 'stage1_response',
        sentOn,
        auditedOn: '2026-11-30',
        score,
        scores: answers.map(([itemId, answer]) => ({ itemId, answer })),
      }) as AuditRecord
    const f = auditFigures([
      a('h1', '2026-09-10', 100, [
        ['tone', 'yes'],
        ['accuracy', 'yes'],
      ]),
      a('h1', '2026-10-02', 50, [
        ['tone', 'yes'],
        ['accuracy', 'no'],
      ]),
      a('h2', '2026-10-20', 75, [
        ['tone', 'partly'],
        ['accuracy', 'yes'],
      ]),
      a('h2', '2026-10-21', null, [['tone', 'not_applicable']]),
    ])
    expect(f.audited).toBe(4)
    // (100 + 50 + 75) / 3 = 75; the unscored letter is counted but not averaged.
    expect(f.averageScore).toBe(75)
    expect(f.byMonth).toEqual([
      { month: '2026-09', audited: 1, averageScore: 100 },
      { month: '2026-10', audited: 3, averageScore: 63 },
    ])
    expect(f.byHandler).toEqual([
      { handlerId: 'h1', audited: 2, averageScore: 75 },
      { handlerId: 'h2', audited: 2, averageScore: 75 },
    ])
    // Tone met in full on 2 of 3 letters it applied to (67%); accuracy 2 of 3 (67%): tied, by id.
    expect(f.byItem).toEqual([
      { itemId: 'accuracy', applied: 3, met: 2, percentMet: 67 },
      { itemId: 'tone', applied: 3, met: 2, percentMet: 67 },
    ])
  })
})
