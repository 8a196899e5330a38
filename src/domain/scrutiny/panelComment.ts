import { type CalendarDate, formatDateInWords, londonDateOf } from '../calendar/calendarDate.js'
import { periodOf } from '../reports/boardPack.js'
import type { ReportBlock, ReportDocument } from '../reports/reportDocument.js'
import { parseReportingYear, reportingYearOf, yearLabel } from '../reports/reportingYear.js'
import { notNow, Problems } from '../rules.js'

/**
 * Code 9.3 (and the Regulator's Transparency, Influence and Accountability Standard): the
 * residents' complaints or scrutiny panel reviews the landlord's complaint handling and comments
 * on it or challenges it; the complaints team answers each on the record. Nothing here names a
 * resident: the panel sees figures, themes, improvement actions, the self-assessment and the
 * published policy.
 */
const PROVISION = '9.3'

/** What a comment can be about. */
export const panelSubjects = ['board_pack', 'self_assessment', 'policy', 'theme', 'improvement'] as const
export type PanelSubjectKind = (typeof panelSubjects)[number]
export const panelSubjectLabels: Record<PanelSubjectKind, string> = {
  board_pack: 'Performance (the board pack)',
  self_assessment: 'The self-assessment',
  policy: 'The complaints policy',
  theme: 'A theme',
  improvement: 'An improvement action',
}

/** A comment is said for the record; a challenge asks for an answer and stays open until it has one. */
export const panelCommentKinds = ['comment', 'challenge'] as const
export type PanelCommentKind = (typeof panelCommentKinds)[number]
export const panelCommentKindLabels: Record<PanelCommentKind, string> = {
  comment: 'Comment',
  challenge: 'Challenge',
}

/** The most words a comment, an answer or "what changed" may have. */
export const PANEL_TEXT_MAX = 5000

export type PanelSubject = { kind: PanelSubjectKind; key: string }

/** Everything that happens to a comment, kept for good (append-only). */
export type PanelCommentEventData =
  | {
      type: 'panel.commented'
      subject: PanelSubject
      /** What the subject was called when the comment was made ("The board pack for March 2026"). */
      subjectLabel: string
      /** The reporting year the comment belongs to: the period's or the assessment's, else when it was made. */
      reportingYear: number
      kind: PanelCommentKind
      text: string
    }
  | { type: 'panel.answered'; answer: string; whatChanged: string | null }

export type PanelCommentEvent = PanelCommentEventData & { seq: number; at: Date; by: string | null }

export type PanelComment = {
  id: string
  subject: PanelSubject
  subjectLabel: string
  reportingYear: number
  kind: PanelCommentKind
  text: string
  madeAt: Date
  madeBy: string | null
  answer?: { text: string; whatChanged: string | null; at: Date; by: string | null }
  status: 'open' | 'answered'
  version: number
  events: PanelCommentEvent[]
}

export function foldPanelComment(id: string, events: PanelCommentEvent[]): PanelComment {
  const first = events[0]
  if (first?.type !== 'panel.commented') throw new Error(`Panel comment ${id} has no commented event`)
  const c: PanelComment = {
    id,
    subject: first.subject,
    subjectLabel: first.subjectLabel,
    reportingYear: first.reportingYear,
    kind: first.kind,
    text: first.text,
    madeAt: first.at,
    madeBy: first.by,
    status: 'open',
    version: 0,
    events,
  }
  for (const e of events) {
    c.version = e.seq
    if (e.type === 'panel.answered') {
      c.answer = { text: e.answer, whatChanged: e.whatChanged, at: e.at, by: e.by }
      c.status = 'answered'
    }
  }
  return c
}

const words = (value: string | undefined, field: string, ask: string, problems: Problems) => {
  const v = value?.trim() ?? ''
  if (!v) problems.add(field, ask, PROVISION)
  else if (v.length > PANEL_TEXT_MAX)
    problems.add(field, `Keep it to ${PANEL_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`, PROVISION)
  return v
}

const isKind = (v: string | undefined): v is PanelCommentKind =>
  (panelCommentKinds as readonly string[]).includes(v ?? '')

/**
 * What a subject is called, and the reporting year it belongs to, or the problem with it. A board
 * pack is a month, a quarter or a financial year (`2026-03`, `2025-Q3`, `2025`); a self-assessment
 * a reporting year; an improvement action one that exists; a theme its name, as the themes page
 * shows it; the policy is the one published.
 */
export function describeSubject(
  subject: { kind?: string; key?: string },
  ctx: { today: CalendarDate; improvements: ReadonlyMap<string, string> },
): { subject: PanelSubject; label: string; reportingYear: number } | { problem: string } {
  const key = subject.key?.trim() ?? ''
  const thisYear = reportingYearOf(ctx.today)
  switch (subject.kind) {
    case 'board_pack': {
      const period = key ? periodOf({ period: key }) : undefined
      if (!period)
        return { problem: 'Code 9.3: say which month, quarter or year of performance this is about' }
      return {
        subject: { kind: 'board_pack', key },
        label: `Performance for ${period.label}`,
        reportingYear: reportingYearOf(period.from),
      }
    }
    case 'self_assessment': {
      const year = parseReportingYear(key)
      if (!year.ok)
        return { problem: `Code 9.3: say which year’s self-assessment this is about. ${year.error}` }
      return {
        subject: { kind: 'self_assessment', key: String(year.year) },
        label: `The self-assessment for ${yearLabel(year.year)}`,
        reportingYear: year.year,
      }
    }
    case 'policy':
      return { subject: { kind: 'policy', key: '' }, label: 'The complaints policy', reportingYear: thisYear }
    case 'theme':
      if (!key || key.length > 200) return { problem: 'Code 9.3: say which theme this is about' }
      return { subject: { kind: 'theme', key }, label: `The theme “${key}”`, reportingYear: thisYear }
    case 'improvement': {
      const title = ctx.improvements.get(key)
      if (!title) return { problem: 'Code 9.3: there is no such improvement action to comment on' }
      return {
        subject: { kind: 'improvement', key },
        label: `The improvement action “${title}”`,
        reportingYear: thisYear,
      }
    }
    default:
      return {
        problem: `Code 9.3: say what this is about: ${Object.values(panelSubjectLabels).join(', ').toLowerCase()}`,
      }
  }
}

export type CommentInput = { about?: string; key?: string; kind?: string; text?: string }

/** Code 9.3: a comment or challenge from the residents' panel, naming what it is about. */
export function decideComment(
  input: CommentInput,
  ctx: { today: CalendarDate; improvements: ReadonlyMap<string, string> },
): PanelCommentEventData {
  const problems = new Problems()
  const described = describeSubject({ kind: input.about, key: input.key }, ctx)
  if ('problem' in described) problems.add('about', described.problem, PROVISION)
  if (!isKind(input.kind))
    problems.add(
      'kind',
      'Code 9.3: say whether this is a comment or a challenge that needs an answer',
      PROVISION,
    )
  const text = words(input.text, 'text', 'Code 9.3: write the comment or challenge', problems)
  problems.throwIfAny()
  if ('problem' in described || !isKind(input.kind)) throw new Error('unreachable: problems thrown above')
  return {
    type: 'panel.commented',
    subject: described.subject,
    subjectLabel: described.label,
    reportingYear: described.reportingYear,
    kind: input.kind,
    text,
  }
}

/**
 * Code 9.3: the complaints team's answer, on the record with who and when, and what changed
 * because of it (if anything did). A comment is answered once; the panel can take it further
 * with a new one.
 */
export function decideAnswer(
  comment: PanelComment,
  input: { answer?: string; whatChanged?: string },
): PanelCommentEventData {
  if (comment.answer)
    throw notNow(
      `Code 9.3: this ${comment.kind} was answered on ${formatDateInWords(londonDateOf(comment.answer.at))}; the panel can take it further with a new one`,
      PROVISION,
    )
  const problems = new Problems()
  const answer = words(input.answer, 'answer', 'Code 9.3: write the answer to the panel', problems)
  const changed = input.whatChanged?.trim() ?? ''
  if (changed.length > PANEL_TEXT_MAX)
    problems.add(
      'whatChanged',
      `Keep it to ${PANEL_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`,
      PROVISION,
    )
  problems.throwIfAny()
  return { type: 'panel.answered', answer, whatChanged: changed || null }
}

/** A board pack, self-assessment or other report as the panel reads it: no way through to any complaint. */
export function withoutCaseLinks(doc: ReportDocument): ReportDocument {
  return {
    ...doc,
    blocks: doc.blocks.map((b) => {
      if (b.kind !== 'table' || !b.table.links) return b
      const { links: _links, ...table } = b.table
      return { ...b, table }
    }),
  }
}

/**
 * The panel's review of a reporting year, as the self-assessment and the annual report print it
 * (Code 9.3): each comment's date, what the panel looked at, what it said, the answer and what
 * changed; a challenge not yet answered says so.
 */
export function panelReviewBlocks(comments: readonly PanelComment[], year: number): ReportBlock[] {
  const label = yearLabel(year)
  const ofYear = comments
    .filter((c) => c.reportingYear === year)
    .sort((a, b) => a.madeAt.getTime() - b.madeAt.getTime())
  const blocks: ReportBlock[] = [
    { kind: 'heading', level: 2, text: 'Residents’ scrutiny: the residents’ panel’s review (Code 9.3)' },
  ]
  if (!ofYear.length) {
    blocks.push({
      kind: 'paragraph',
      text: `Our residents’ panel reviews our complaint handling: the performance figures, themes, improvement actions, this self-assessment and our complaints policy. It recorded no comments or challenges about ${label}.`,
    })
    return blocks
  }
  const challenges = ofYear.filter((c) => c.kind === 'challenge')
  const open = challenges.filter((c) => !c.answer).length
  const changed = ofYear.filter((c) => c.answer?.whatChanged).length
  const first = londonDateOf(ofYear[0]?.madeAt as Date)
  const last = londonDateOf(ofYear.at(-1)?.madeAt as Date)
  blocks.push({
    kind: 'paragraph',
    text:
      `Our residents’ panel reviewed ${label} ${first === last ? `on ${formatDateInWords(first)}` : `between ${formatDateInWords(first)} and ${formatDateInWords(last)}`}, ` +
      `recording ${ofYear.length - challenges.length} comment${ofYear.length - challenges.length === 1 ? '' : 's'} and ${challenges.length} challenge${challenges.length === 1 ? '' : 's'}` +
      `${open ? ` (${open} still to be answered)` : ''}. The complaints team answered each on the record; ${changed ? `${changed} led to a change` : 'none has yet led to a change'}.`,
  })
  blocks.push({
    kind: 'table',
    table: {
      sheet: 'Residents panel',
      caption: `The residents’ panel’s comments and challenges on ${label}, and our answers`,
      head: ['Date', 'What the panel looked at', 'What the panel said', 'Our answer', 'What changed'],
      layout: 'text',
      widths: [0.12, 0.18, 0.26, 0.26, 0.18],
      rows: ofYear.map((c) => [
        formatDateInWords(londonDateOf(c.madeAt)),
        c.subjectLabel,
        `${panelCommentKindLabels[c.kind]}: ${c.text}`,
        c.answer
          ? `${c.answer.text} (${formatDateInWords(londonDateOf(c.answer.at))})`
          : c.kind === 'challenge'
            ? 'Not yet answered'
            : 'No answer yet',
        c.answer?.whatChanged ?? (c.answer ? 'Nothing changed' : '–'),
      ]),
    },
  })
  return blocks
}
