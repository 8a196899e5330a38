import { describe, expect, it } from 'vitest'
import type { PanelComment } from '../../../domain/scrutiny/panelComment.js'
import {
  answerForm,
  commentForm,
  commentHref,
  commentRow,
  panelHome,
  panelImprovementRows,
  panelSelfAssessment,
  panelThemeCharts,
  type ShownComment,
} from './viewModel.js'

const comment = (over: Partial<PanelComment> = {}): ShownComment => ({
  id: 'c1',
  subject: { kind: 'board_pack', key: '2026-03' },
  subjectLabel: 'Performance for March 2026',
  reportingYear: 2025,
  kind: 'challenge',
  text: 'Why so late?',
  madeAt: new Date('2026-03-02T23:30:00Z'),
  madeBy: 'p1',
  status: 'open',
  version: 1,
  events: [],
  madeByName: 'Pat Panel',
  ...over,
})

describe('a comment as the lists show it', () => {
  it('is dated in London, and an unanswered challenge is open', () => {
    expect(commentRow(comment())).toMatchObject({
      madeOn: '2026-03-02',
      about: 'Performance for March 2026',
      kind: 'Challenge',
      status: { text: 'Open challenge', classes: 'govuk-tag--red' },
      answer: undefined,
    })
    // A comment waits for an answer too, but is not a challenge.
    expect(commentRow(comment({ kind: 'comment' })).status.text).toBe('Awaiting an answer')
  })

  it('shows the answer, who gave it, when, and what changed', () => {
    const row = commentRow({
      ...comment({
        status: 'answered',
        answer: {
          text: 'Cover arranged',
          whatChanged: 'Rota changed',
          at: new Date('2026-06-30T23:30:00Z'),
          by: 'o1',
        },
      }),
      answeredByName: 'Olu Officer',
    })
    expect(row.status.text).toBe('Answered')
    expect(row.answer).toEqual({
      text: 'Cover arranged',
      whatChanged: 'Rota changed',
      on: '2026-07-01',
      by: 'Olu Officer',
    })
  })
})

describe("the panel's home", () => {
  it('lists what to review, and the open challenges apart from the rest', () => {
    const home = panelHome({
      today: '2026-03-02',
      currentYear: 2025,
      latestQuarter: { value: '2025-Q3', text: 'Quarter 3 of 2025/26' },
      comments: [
        comment(),
        comment({ id: 'c2', kind: 'comment' }),
        comment({
          id: 'c3',
          status: 'answered',
          answer: { text: 'x', whatChanged: null, at: new Date(), by: null },
        }),
      ],
    })
    expect(home.review.map((r) => r.href)).toEqual([
      '/panel/performance?period=2025-Q3',
      '/panel/performance?period=2024',
      '/panel/self-assessment?year=2024',
      '/panel/self-assessment?year=2025',
      '/panel/themes',
      '/panel/improvements',
      '/panel/policy',
    ])
    expect(home.openChallenges.map((c) => c.id)).toEqual(['c1'])
    expect(home.awaiting).toBe(1)
    expect(home.comments.map((c) => c.id)).toEqual(['c2', 'c3'])
  })
})

describe('the forms', () => {
  it('link to a comment on a subject', () => {
    expect(commentHref('theme', 'Repairs & damp')).toBe(
      '/panel/comments/new?about=theme&key=Repairs+%26+damp',
    )
    expect(commentHref('policy')).toBe('/panel/comments/new?about=policy')
  })

  it('keep what was typed, and the kind chosen', () => {
    const f = commentForm({
      about: 'policy',
      key: '',
      label: 'The complaints policy',
      body: { kind: 'challenge', text: ' Why? ' },
    })
    expect(f.text).toBe('Why?')
    expect(f.kindItems.map((k) => [k.value, k.checked])).toEqual([
      ['comment', false],
      ['challenge', true],
    ])
    const a = answerForm(comment({ version: 3 }), { answer: 'Done', whatChanged: '' }, { answer: 'x' })
    expect(a).toMatchObject({ version: 3, answer: 'Done', whatChanged: '', errors: { answer: 'x' } })
  })
})

describe('what the panel reads', () => {
  it('improvement actions name no owner, complaint or resident, and link to a comment', () => {
    const [row] = panelImprovementRows([
      {
        id: 'i1',
        title: 'Text before visits',
        source: 'theme',
        status: 'in_progress',
        dueOn: '2026-06-30',
        completedOn: null,
        overdue: true,
        youSaid: null,
        weDid: null,
      },
    ])
    expect(row).toEqual({
      title: 'Text before visits',
      from: 'A theme across complaints',
      status: 'Overdue',
      dueOn: '2026-06-30',
      completedOn: null,
      youSaid: null,
      weDid: null,
      commentHref: '/panel/comments/new?about=improvement&key=i1',
    })
  })

  it("each theme's row links to a comment on that theme", () => {
    const [chart] = panelThemeCharts([
      { id: 'categories', title: 'By category', rows: [{ label: 'Repairs', value: 4 }] },
    ])
    expect(chart?.rows[0]?.commentHref).toBe('/panel/comments/new?about=theme&key=Repairs')
  })

  it('the self-assessment by section, each answer in words, with the years to choose', () => {
    const v = panelSelfAssessment(
      {
        year: 2025,
        status: 'draft',
        provisions: [
          {
            id: '1.2',
            section: 1,
            requirement: 'R',
            comply: 'partly',
            evidence: 'E',
            commentary: 'C',
            measures: [{ label: 'On time', value: '90%' }],
          },
          {
            id: '1.3',
            section: 1,
            requirement: 'R2',
            comply: null,
            evidence: null,
            commentary: null,
            measures: [],
          },
        ],
      },
      2025,
    )
    expect(v.status).toBe('Being answered (a draft)')
    expect(v.yearItems.map((y) => [y.text, y.selected])).toEqual([
      ['2025/26', true],
      ['2024/25', false],
      ['2023/24', false],
      ['2022/23', false],
    ])
    expect(v.sections[0]?.provisions.map((p) => [p.id, p.comply, p.records])).toEqual([
      ['1.2', 'Partly', ['On time: 90%']],
      ['1.3', 'Not yet answered', []],
    ])
  })
})
