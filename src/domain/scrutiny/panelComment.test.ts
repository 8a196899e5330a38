import { describe, expect, it } from 'vitest'
import { WorkflowError } from '../rules.js'
import {
  decideAnswer,
  decideComment,
  describeSubject,
  foldPanelComment,
  type PanelCommentEvent,
  type PanelCommentEventData,
  panelReviewBlocks,
  withoutCaseLinks,
} from './panelComment.js'

const today = '2026-03-02'
const improvements = new Map([['a1b2c3d4-0000-4000-8000-000000000001', 'Text residents before repairs']])
const ctx = { today, improvements }

const at = (iso: string) => new Date(iso)
const commented = (
  data: Partial<Extract<PanelCommentEventData, { type: 'panel.commented' }>>,
  when = '2026-03-02T10:00:00Z',
): PanelCommentEvent => ({
  type: 'panel.commented',
  subject: { kind: 'policy', key: '' },
  subjectLabel: 'The complaints policy',
  reportingYear: 2025,
  kind: 'comment',
  text: 'Clear.',
  ...data,
  seq: 1,
  at: at(when),
  by: 'panel-1',
})
const answered = (
  answer: string,
  whatChanged: string | null,
  when = '2026-03-09T10:00:00Z',
): PanelCommentEvent => ({
  type: 'panel.answered',
  answer,
  whatChanged,
  seq: 2,
  at: at(when),
  by: 'officer-1',
})

describe('what a comment is about, and the reporting year it belongs to (Code 9.3)', () => {
  it.each([
    // A quarter of 2025/26 that ends in the next calendar year still belongs to 2025/26.
    [
      { kind: 'board_pack', key: '2025-Q4' },
      'Performance for Quarter 4 of 2025/26 (January to March 2026)',
      2025,
    ],
    [{ kind: 'board_pack', key: '2026-03' }, 'Performance for March 2026', 2025],
    [{ kind: 'board_pack', key: '2026-04' }, 'Performance for April 2026', 2026],
    [{ kind: 'board_pack', key: '2024' }, 'Performance for 2024/25', 2024],
    [{ kind: 'self_assessment', key: '2024' }, 'The self-assessment for 2024/25', 2024],
    // Policy, themes and actions belong to the year the panel looked at them: 2 March 2026 is in 2025/26.
    [{ kind: 'policy', key: 'ignored' }, 'The complaints policy', 2025],
    [{ kind: 'theme', key: 'Repairs' }, 'The theme “Repairs”', 2025],
    [
      { kind: 'improvement', key: 'a1b2c3d4-0000-4000-8000-000000000001' },
      'The improvement action “Text residents before repairs”',
      2025,
    ],
  ])('%o is “%s”, in %i', (subject, label, year) => {
    expect(describeSubject(subject, ctx)).toMatchObject({ label, reportingYear: year })
  })

  it.each([
    [{ kind: 'board_pack', key: '2026-13' }, 'Code 9.3: say which month, quarter or year'],
    [{ kind: 'board_pack', key: '' }, 'Code 9.3: say which month, quarter or year'],
    [{ kind: 'self_assessment', key: '1999' }, 'Code 9.3: say which year’s self-assessment'],
    [{ kind: 'theme', key: '' }, 'Code 9.3: say which theme'],
    [{ kind: 'theme', key: 'x'.repeat(201) }, 'Code 9.3: say which theme'],
    [{ kind: 'improvement', key: 'not-one-of-ours' }, 'Code 9.3: there is no such improvement action'],
    [{ kind: 'complaint', key: 'CMP-2026-000001' }, 'Code 9.3: say what this is about'],
    [{}, 'Code 9.3: say what this is about'],
  ])('refuses %o: %s', (subject, problem) => {
    const d = describeSubject(subject, ctx)
    expect('problem' in d && d.problem).toContain(problem)
  })
})

describe('a comment or challenge from the panel', () => {
  it('is recorded with what it is about, as it was then called', () => {
    expect(
      decideComment(
        { about: 'board_pack', key: '2026-03', kind: 'challenge', text: '  Why so late?  ' },
        ctx,
      ),
    ).toEqual({
      type: 'panel.commented',
      subject: { kind: 'board_pack', key: '2026-03' },
      subjectLabel: 'Performance for March 2026',
      reportingYear: 2025,
      kind: 'challenge',
      text: 'Why so late?',
    })
  })

  it('names every problem at once, each with the provision', () => {
    try {
      decideComment({ about: 'complaint', kind: 'gossip', text: ' ' }, ctx)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(WorkflowError)
      const w = e as WorkflowError
      expect(w.kind).toBe('rule')
      expect(w.problems.map((p) => [p.field, p.provision])).toEqual([
        ['about', '9.3'],
        ['kind', '9.3'],
        ['text', '9.3'],
      ])
    }
  })

  it('refuses more than 5,000 characters', () => {
    expect(() => decideComment({ about: 'policy', kind: 'comment', text: 'x'.repeat(5001) }, ctx)).toThrow(
      'Keep it to 5,000 characters or fewer',
    )
  })
})

describe("the team's answer", () => {
  const open = foldPanelComment('c1', [commented({ kind: 'challenge' })])

  it('closes a challenge, on the record with who, when and what changed', () => {
    expect(open.status).toBe('open')
    const data = decideAnswer(open, { answer: ' We will. ', whatChanged: ' Letters rewritten ' })
    expect(data).toEqual({ type: 'panel.answered', answer: 'We will.', whatChanged: 'Letters rewritten' })
    const after = foldPanelComment('c1', [
      commented({ kind: 'challenge' }),
      { ...data, seq: 2, at: at('2026-03-09T10:00:00Z'), by: 'officer-1' },
    ])
    expect(after).toMatchObject({
      status: 'answered',
      version: 2,
      answer: { text: 'We will.', whatChanged: 'Letters rewritten', by: 'officer-1' },
    })
  })

  it('says nothing changed when nothing is given', () => {
    expect(decideAnswer(open, { answer: 'Noted', whatChanged: '  ' })).toMatchObject({ whatChanged: null })
  })

  it('needs words', () => {
    expect(() => decideAnswer(open, { answer: ' ' })).toThrow('Code 9.3: write the answer to the panel')
  })

  it('is given once: a second is refused as not now, with the date of the first', () => {
    const done = foldPanelComment('c1', [commented({ kind: 'challenge' }), answered('Yes', null)])
    expect(() => decideAnswer(done, { answer: 'Again' })).toThrow(
      'Code 9.3: this challenge was answered on 9 March 2026; the panel can take it further with a new one',
    )
  })
})

describe("the panel's review, as the self-assessment and the annual report print it", () => {
  const comments = [
    // Made in 2025/26, in date order once sorted.
    foldPanelComment('b', [
      commented(
        {
          kind: 'challenge',
          subjectLabel: 'Performance for March 2026',
          text: 'Why so late?',
        },
        '2026-03-20T10:00:00Z',
      ),
    ]),
    foldPanelComment('a', [
      commented({ kind: 'comment', text: 'Clear.' }, '2026-03-02T10:00:00Z'),
      answered('Thank you.', 'Summary added for residents', '2026-03-09T10:00:00Z'),
    ]),
    // Another year's: left out.
    foldPanelComment('c', [commented({ reportingYear: 2024, text: 'Old' }, '2025-01-10T10:00:00Z')]),
  ]

  it('gives its dates, what it looked at, what was said, the answers and what changed', () => {
    const blocks = panelReviewBlocks(comments, 2025)
    expect(blocks[0]).toEqual({
      kind: 'heading',
      level: 2,
      text: 'Residents’ scrutiny: the residents’ panel’s review (Code 9.3)',
    })
    expect(blocks[1]).toEqual({
      kind: 'paragraph',
      text: 'Our residents’ panel reviewed 2025/26 between 2 March 2026 and 20 March 2026, recording 1 comment and 1 challenge (1 still to be answered). The complaints team answered each on the record; 1 led to a change.',
    })
    const table = blocks[2]?.kind === 'table' ? blocks[2].table : undefined
    expect(table?.rows).toEqual([
      [
        '2 March 2026',
        'The complaints policy',
        'Comment: Clear.',
        'Thank you. (9 March 2026)',
        'Summary added for residents',
      ],
      ['20 March 2026', 'Performance for March 2026', 'Challenge: Why so late?', 'Not yet answered', '–'],
    ])
  })

  it('says so when the panel recorded nothing for the year', () => {
    const blocks = panelReviewBlocks(comments, 2023)
    expect(blocks).toHaveLength(2)
    expect(blocks[1]).toMatchObject({
      kind: 'paragraph',
      text: expect.stringContaining('recorded no comments or challenges about 2023/24'),
    })
  })
})

describe('a report as the panel reads it', () => {
  it('keeps every figure and drops the links through to the complaints behind them', () => {
    const doc = withoutCaseLinks({
      title: 'Board pack',
      author: 'Test Homes',
      blocks: [
        { kind: 'paragraph', text: 'Figures' },
        {
          kind: 'table',
          table: {
            caption: 'Volumes',
            sheet: 'Volumes',
            head: ['', 'Now'],
            rows: [['Received', 3]],
            links: ['/reports/board/complaints?x=1'],
          },
        },
      ],
    })
    expect(doc.blocks[1]).toEqual({
      kind: 'table',
      table: { caption: 'Volumes', sheet: 'Volumes', head: ['', 'Now'], rows: [['Received', 3]] },
    })
    expect(JSON.stringify(doc)).not.toContain('/complaints')
  })
})
