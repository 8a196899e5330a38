import { describe, expect, it } from 'vitest'
import {
  auditItems,
  auditResultPage,
  lettersListed,
  nameIn,
  sampleCriteria,
  sampleFormItems,
} from './viewModel.js'

const names = new Map([['s1', 'Priya Shah']])
const items = [
  { id: 'i1', text: 'Says what was decided on each issue', provision: '6.20' },
  { id: 'i2', text: 'Plain English' },
]

describe('the letter audits page', () => {
  it('samples five letters of this month at random unless asked otherwise, offering the last 13 months', () => {
    const c = sampleCriteria({}, '2026-03')
    expect(c).toMatchObject({ month: '2026-03', handler: '', kind: '', count: '5', order: 'random' })
    expect(c.months).toHaveLength(13)
    expect([c.months[0], c.months[12]]).toEqual(['2026-03', '2025-03'])
    expect(sampleCriteria({ order: 'latest', count: '10', month: '2026-01' }, '2026-03')).toMatchObject({
      order: 'latest',
      count: '10',
      month: '2026-01',
    })
  })

  it('chooses on the form what was asked for', () => {
    const f = sampleFormItems(sampleCriteria({ handler: 's1', order: 'latest' }, '2026-03'), [
      { id: 's1', name: 'Priya Shah' },
    ])
    expect(f.handlerItems).toEqual([
      { value: '', text: 'Any handler' },
      { value: 's1', text: 'Priya Shah', selected: true },
    ])
    expect(f.orderItems.find((i) => i.checked)?.value).toBe('latest')
    expect(f.monthItems[0]).toMatchObject({ value: '2026-03', text: 'March 2026', selected: true })
  })

  it('names each letter’s kind and handler, one who has left, or nobody', () => {
    const nameOf = nameIn(names)
    expect(
      lettersListed(
        [
          { kind: 'stage1_response', handlerId: 's1' },
          { kind: 'nonsense', handlerId: 's9' },
          { kind: 'stage1_response', handlerId: null },
        ],
        nameOf,
      ).map((l) => [l.title, l.handlerName]),
    ).toEqual([
      ['Stage 1 response letter', 'Priya Shah'],
      ['Letter', 'a former member of staff'],
      ['Stage 1 response letter', 'Nobody'],
    ])
  })
})

describe('auditing a letter', () => {
  it('keeps each answer and comment as typed', () => {
    const [first, second] = auditItems(items, { 'answer-i1': 'partly', 'comment-i1': 'Issue 2 missing' })
    expect(first?.answerItems.find((a) => a.checked)?.value).toBe('partly')
    expect(first?.comment).toBe('Issue 2 missing')
    expect(second?.answerItems.some((a) => a.checked)).toBe(false)
  })

  it('shows the result with each score beside its item’s words and provision', () => {
    const m = auditResultPage(
      {
        kind: 'stage1_response',
        handlerId: 's1',
        auditedBy: 's2',
        items,
        scores: [
          { itemId: 'i1', answer: 'partly' },
          { itemId: 'gone', answer: 'yes' },
        ],
      },
      names,
    )
    expect([m.handlerName, m.auditorName]).toEqual(['Priya Shah', 'a former member of staff'])
    expect(m.rows.map((r) => [r.text, r.provision, r.label])).toEqual([
      ['Says what was decided on each issue', '6.20', 'Partly'],
      ['gone', undefined, 'Yes'],
    ])
  })
})
