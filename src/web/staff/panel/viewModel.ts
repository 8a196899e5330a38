import { type CalendarDate, londonDateOf } from '../../../domain/calendar/calendarDate.js'
import {
  type ImprovementSource,
  type ImprovementStatus,
  improvementSourceLabels,
  improvementStatusLabels,
} from '../../../domain/improvement/improvementAction.js'
import { yearLabel } from '../../../domain/reports/reportingYear.js'
import {
  PANEL_TEXT_MAX,
  type PanelComment,
  type PanelSubjectKind,
  panelCommentKindLabels,
  panelCommentKinds,
} from '../../../domain/scrutiny/panelComment.js'
import { codeSections } from '../../../domain/selfAssessment/code2024.js'
import { type Comply, complyLabels } from '../../../domain/selfAssessment/selfAssessment.js'
import type { FieldErrors, FormBody } from '../../forms.js'
import { field } from '../../forms.js'

/** A comment as a list shows it, with who made and who answered it. */
export type ShownComment = PanelComment & { madeByName: string; answeredByName?: string }

/** Where the panel comments on or challenges something (Code 9.3). */
export const commentHref = (about: PanelSubjectKind, key = '') =>
  `/panel/comments/new?${new URLSearchParams({ about, ...(key ? { key } : {}) }).toString()}`

/** A comment's row in a list: when, about what, what was said, and where it stands. */
export function commentRow(c: ShownComment) {
  return {
    id: c.id,
    madeOn: londonDateOf(c.madeAt),
    madeBy: c.madeByName,
    about: c.subjectLabel,
    kind: panelCommentKindLabels[c.kind],
    text: c.text,
    status: c.answer
      ? { text: 'Answered', classes: 'govuk-tag--green' }
      : c.kind === 'challenge'
        ? { text: 'Open challenge', classes: 'govuk-tag--red' }
        : { text: 'Awaiting an answer', classes: 'govuk-tag--blue' },
    answer: c.answer
      ? {
          text: c.answer.text,
          whatChanged: c.answer.whatChanged,
          on: londonDateOf(c.answer.at),
          by: c.answeredByName ?? 'The complaints team',
        }
      : undefined,
  }
}

/**
 * The panel's home: what there is to review (this year's and last year's performance, the
 * self-assessment, themes, improvement actions and the policy), its challenges still open, and
 * the latest comments with their answers.
 */
export function panelHome(input: {
  today: CalendarDate
  currentYear: number
  latestQuarter: { value: string; text: string } | undefined
  comments: ShownComment[]
  notice?: string
}) {
  const { currentYear, latestQuarter } = input
  const open = input.comments.filter((c) => !c.answer)
  return {
    notice: input.notice,
    review: [
      ...(latestQuarter
        ? [
            {
              href: `/panel/performance?period=${latestQuarter.value}`,
              text: `Performance: ${latestQuarter.text}`,
            },
          ]
        : []),
      {
        href: `/panel/performance?period=${currentYear - 1}`,
        text: `Performance for the year ${yearLabel(currentYear - 1)}`,
      },
      {
        href: `/panel/self-assessment?year=${currentYear - 1}`,
        text: `The self-assessment for ${yearLabel(currentYear - 1)}`,
      },
      {
        href: `/panel/self-assessment?year=${currentYear}`,
        text: `The self-assessment for ${yearLabel(currentYear)} (draft)`,
      },
      { href: '/panel/themes', text: 'Themes: what complaints are about and why' },
      { href: '/panel/improvements', text: 'Improvement actions' },
      { href: '/panel/policy', text: 'The complaints policy' },
    ],
    openChallenges: open.filter((c) => c.kind === 'challenge').map(commentRow),
    awaiting: open.filter((c) => c.kind === 'comment').length,
    // The open challenges are listed above, not twice.
    comments: input.comments.filter((c) => c.answer || c.kind === 'comment').map(commentRow),
  }
}

/** The form for a comment or challenge, about the subject named, with what was typed. */
export function commentForm(input: {
  about: string
  key: string
  label: string | undefined
  body?: FormBody
  errors?: FieldErrors
}) {
  const kind = field(input.body, 'kind')
  return {
    about: input.about,
    key: input.key,
    label: input.label,
    text: field(input.body, 'text'),
    maxLength: PANEL_TEXT_MAX,
    kindItems: panelCommentKinds.map((k) => ({
      value: k,
      text: panelCommentKindLabels[k],
      hint: {
        text:
          k === 'challenge'
            ? 'You want the complaints team to explain or put something right; it stays open until they answer.'
            : 'Something you want on the record; the complaints team answers it too.',
      },
      checked: kind === k,
    })),
    errors: input.errors,
  }
}

/** The team's form to answer a comment, with what was typed. */
export function answerForm(c: ShownComment, body?: FormBody, errors?: FieldErrors) {
  return {
    comment: commentRow(c),
    version: c.version,
    answer: field(body, 'answer'),
    whatChanged: field(body, 'whatChanged'),
    maxLength: PANEL_TEXT_MAX,
    errors,
  }
}

type ImprovementShown = {
  id: string
  title: string
  source: string
  status: string
  dueOn: CalendarDate
  completedOn: CalendarDate | null
  overdue: boolean
  youSaid: string | null
  weDid: string | null
}

/** Improvement actions as the panel reads them: no complaint, resident or owner named. */
export function panelImprovementRows(items: ImprovementShown[]) {
  return items.map((i) => ({
    title: i.title,
    from: improvementSourceLabels[i.source as ImprovementSource] ?? i.source,
    status: i.overdue ? 'Overdue' : (improvementStatusLabels[i.status as ImprovementStatus] ?? i.status),
    dueOn: i.dueOn,
    completedOn: i.completedOn,
    youSaid: i.youSaid,
    weDid: i.weDid,
    commentHref: commentHref('improvement', i.id),
  }))
}

/**
 * The themes' charts, each theme (a category, root cause or service area) with its link to
 * comment on it; the months are the trend, not a theme.
 */
export function panelThemeCharts(
  charts: { id: string; title: string; rows: { label: string; value: number }[]; svg?: string }[],
) {
  return charts.map((c) => {
    const themes = c.id !== 'received'
    return {
      ...c,
      themes,
      rows: c.rows.map((r) => ({ ...r, ...(themes ? { commentHref: commentHref('theme', r.label) } : {}) })),
    }
  })
}

type ProvisionShown = {
  id: string
  section: number
  requirement: string
  comply: Comply | null
  evidence: string | null
  commentary: string | null
  measures: { label: string; value: string }[]
}

/** The year's self-assessment, section by section, and the years to choose from. */
export function panelSelfAssessment(
  a: { year: number; status: string; provisions: ProvisionShown[] },
  currentYear: number,
) {
  const statusText: Record<string, string> = {
    not_started: 'Not started',
    draft: 'Being answered (a draft)',
    completed: 'Completed, waiting for the governing body’s approval',
    approved: 'Approved by the governing body',
  }
  return {
    year: a.year,
    label: yearLabel(a.year),
    status: statusText[a.status] ?? a.status,
    started: a.status !== 'not_started',
    yearItems: [currentYear, currentYear - 1, currentYear - 2, currentYear - 3].map((y) => ({
      value: String(y),
      text: yearLabel(y),
      selected: y === a.year,
    })),
    commentHref: commentHref('self_assessment', String(a.year)),
    sections: codeSections.map((s) => ({
      title: `Section ${s.number}: ${s.title}`,
      provisions: a.provisions
        .filter((p) => p.section === s.number)
        .map((p) => ({
          id: p.id,
          requirement: p.requirement,
          comply: p.comply === null ? 'Not yet answered' : complyLabels[p.comply],
          records: p.measures.map((m) => `${m.label}: ${m.value}`),
          evidence: p.evidence,
          commentary: p.commentary,
        })),
    })),
  }
}
