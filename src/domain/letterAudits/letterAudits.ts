import type { CalendarDate } from '../calendar/calendarDate.js'
import { type LetterKind, letterKinds } from '../complaints/events.js'
import { letterRequirements } from '../letters/templates.js'
import { Problems } from '../rules.js'
import { trimmed } from '../text/trimmed.js'

/**
 * Letter audits, as a landlord's complaints team runs them: a team leader samples letters sent
 * (by handler, kind and month, or at random) and scores each against a checklist — what the
 * Code requires of that letter, tone, accuracy, plain English, promises kept — with comments the
 * handler sees. The checklist is the landlord's own, versioned; it starts from the Code's list.
 */
export type ChecklistItem = {
  id: string
  text: string
  /** The Code provision the item checks, if it is one of the Code's requirements. */
  provision?: string
  /** The kinds of letter it applies to; none means every letter. */
  kinds?: LetterKind[]
}

export type Checklist = { version: number; items: ChecklistItem[] }

/**
 * The checklist a new installation starts with: for each kind of letter, what the Code requires
 * of it (the same list a letter is checked against before it is issued, `letterRequirements`),
 * then four checks of quality for every letter.
 */
export const codeChecklist: ChecklistItem[] = [
  ...letterKinds.flatMap((kind) =>
    letterRequirements[kind].map((r, i) => {
      // A response's items are the Code's lettered list: "c. the decision" is 6.9(c).
      const lettered = /^([a-g])\. (.*)$/.exec(r.item)
      const text = lettered ? (lettered[2] as string) : r.item
      return {
        id: `${kind}-${i + 1}`,
        text: `${text.charAt(0).toUpperCase()}${text.slice(1)}`,
        provision: lettered ? `${r.provision}(${lettered[1]})` : r.provision,
        kinds: [kind],
      }
    }),
  ),
  { id: 'tone', text: 'Tone: respectful and empathetic; it acknowledges the resident’s experience' },
  { id: 'accuracy', text: 'Accurate: names, dates, facts and amounts are right' },
  { id: 'plain-english', text: 'Plain English: short sentences, no jargon or unexplained abbreviations' },
  { id: 'promises', text: 'Promises kept: everything promised earlier was done, or is tracked with a date' },
]

export const auditAnswers = ['yes', 'partly', 'no', 'not_applicable'] as const
export type AuditAnswer = (typeof auditAnswers)[number]
export const auditAnswerLabels: Record<AuditAnswer, string> = {
  yes: 'Yes',
  partly: 'Partly',
  no: 'No',
  not_applicable: 'Does not apply',
}

export type AuditScore = { itemId: string; answer: AuditAnswer; comment?: string }

/** The items of a checklist that apply to a letter of this kind. */
export const itemsFor = (checklist: ChecklistItem[], kind: string): ChecklistItem[] =>
  checklist.filter((i) => !i.kinds?.length || (i.kinds as string[]).includes(kind))

/**
 * A letter's score: 2 points for yes, 1 for partly, 0 for no, out of 2 for each item that
 * applies, as a whole percentage. Null when nothing applied.
 */
export function auditScore(scores: AuditScore[]): number | null {
  const counted = scores.filter((s) => s.answer !== 'not_applicable')
  if (!counted.length) return null
  const points = counted.reduce((sum, s) => sum + (s.answer === 'yes' ? 2 : s.answer === 'partly' ? 1 : 0), 0)
  return Math.round((points / (2 * counted.length)) * 100)
}

/** An audit as the team leader records it: every item answered, a comment where it fell short. */
export function decideAudit(
  checklist: ChecklistItem[],
  kind: string,
  input: {
    answers: Record<string, string | undefined>
    comments: Record<string, string | undefined>
    summary?: string
  },
): { scores: AuditScore[]; score: number | null; summary: string } {
  const problems = new Problems()
  const scores: AuditScore[] = []
  for (const item of itemsFor(checklist, kind)) {
    const answer = auditAnswers.find((a) => a === input.answers[item.id])
    const comment = trimmed(input.comments[item.id])
    if (!answer) {
      problems.add(`answer-${item.id}`, `Answer “${item.text}”`)
      continue
    }
    // Feedback the handler can act on: where the letter fell short, say how.
    if ((answer === 'no' || answer === 'partly') && !comment)
      problems.add(
        `comment-${item.id}`,
        `Say what fell short on “${item.text}”, so the handler can put it right`,
      )
    scores.push({ itemId: item.id, answer, ...(comment ? { comment } : {}) })
  }
  const summary = trimmed(input.summary) ?? ''
  if (!summary) problems.add('summary', 'Write the overall feedback for the handler')
  problems.throwIfAny()
  return { scores, score: auditScore(scores), summary }
}

/** A new version of the checklist: each item needs its words; kinds must be letter kinds. */
export function decideChecklist(
  items: { id?: string; text?: string; provision?: string; kinds?: string[] }[],
) {
  const problems = new Problems()
  const kept: ChecklistItem[] = []
  const seen = new Set<string>()
  items.forEach((item, i) => {
    const text = trimmed(item.text)
    if (!text) return
    const kinds = (item.kinds ?? []).filter(Boolean)
    const unknown = kinds.filter((k) => !(letterKinds as readonly string[]).includes(k))
    if (unknown.length) problems.add(`kinds-${i}`, `There is no kind of letter called ${unknown.join(', ')}`)
    let id =
      trimmed(item.id) ||
      text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 40)
    while (seen.has(id)) id = `${id}-${i}`
    seen.add(id)
    const provision = trimmed(item.provision)
    if (provision && !/^\d{1,2}\.\d{1,2}(\([a-z]\))?(, ?\d{1,2}\.\d{1,2}(\([a-z]\))?)*$/.test(provision))
      problems.add(`provision-${i}`, 'Write the Code provision as, for example, 6.9, 6.9(c) or 6.5, 6.16')
    kept.push({
      id,
      text,
      ...(provision ? { provision } : {}),
      ...(kinds.length ? { kinds: kinds as LetterKind[] } : {}),
    })
  })
  if (!kept.length) problems.add('items', 'A checklist needs at least one item')
  problems.throwIfAny()
  return kept
}

/** One audit as the figures read it. */
export type AuditRecord = {
  handlerId: string | null
  kind: string
  sentOn: CalendarDate
  auditedOn: CalendarDate
  score: number | null
  scores: AuditScore[]
}

export type AuditFigures = {
  audited: number
  /** The mean of the letters' scores, whole percent; null with none scored. */
  averageScore: number | null
  /** By the month the letter was sent, oldest first: the trend. */
  byMonth: { month: string; audited: number; averageScore: number | null }[]
  byHandler: { handlerId: string | null; audited: number; averageScore: number | null }[]
  /** Each checklist item: how often it was met in full, of the letters it applied to; weakest first. */
  byItem: { itemId: string; applied: number; met: number; percentMet: number }[]
}

const mean = (xs: (number | null)[]) => {
  const scored = xs.filter((x): x is number => x !== null)
  return scored.length ? Math.round(scored.reduce((a, b) => a + b, 0) / scored.length) : null
}

/** The audits' figures for the board pack, the annual report and the audits page: one rule. */
export function auditFigures(audits: AuditRecord[]): AuditFigures {
  const group = <K>(key: (a: AuditRecord) => K) => {
    const m = new Map<K, AuditRecord[]>()
    for (const a of audits) m.set(key(a), [...(m.get(key(a)) ?? []), a])
    return m
  }
  const byItem = new Map<string, { applied: number; met: number }>()
  for (const a of audits)
    for (const s of a.scores) {
      if (s.answer === 'not_applicable') continue
      const t = byItem.get(s.itemId) ?? { applied: 0, met: 0 }
      t.applied += 1
      if (s.answer === 'yes') t.met += 1
      byItem.set(s.itemId, t)
    }
  return {
    audited: audits.length,
    averageScore: mean(audits.map((a) => a.score)),
    byMonth: [...group((a) => a.sentOn.slice(0, 7))]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, as]) => ({ month, audited: as.length, averageScore: mean(as.map((a) => a.score)) })),
    byHandler: [...group((a) => a.handlerId)].map(([handlerId, as]) => ({
      handlerId,
      audited: as.length,
      averageScore: mean(as.map((a) => a.score)),
    })),
    byItem: [...byItem]
      .map(([itemId, t]) => ({ itemId, ...t, percentMet: Math.round((t.met / t.applied) * 100) }))
      .sort((a, b) => a.percentMet - b.percentMet || a.itemId.localeCompare(b.itemId)),
  }
}
