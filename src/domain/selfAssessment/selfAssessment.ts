import { parseReportingYear } from '../reports/reportingYear.js'
import { notNow, Problems, type RuleProblem, rule, WorkflowError } from '../rules.js'
import { codeProvisions } from './code2024.js'
import type { Measure } from './measures.js'

/** Code 8.1–8.4: does the landlord comply with a provision: yes, partly, or no. */
export const complyAnswers = ['yes', 'partly', 'no'] as const
export type Comply = (typeof complyAnswers)[number]
export const complyLabels: Record<Comply, string> = { yes: 'Yes', partly: 'Partly', no: 'No' }

/** Why an assessment was made: the annual one (8.1), or a re-assessment (8.3, 8.4). */
export const assessmentTriggers = [
  'annual',
  'restructure',
  'merger',
  'procedure_change',
  'ombudsman_request',
] as const
export type AssessmentTrigger = (typeof assessmentTriggers)[number]
export const triggerLabels: Record<AssessmentTrigger, string> = {
  annual: 'The annual self-assessment (Code 8.1)',
  restructure: 'A significant restructure (Code 8.3)',
  merger: 'A merger (Code 8.3)',
  procedure_change: 'A change in procedures (Code 8.3)',
  ombudsman_request: 'The Ombudsman asked, after an investigation (Code 8.4)',
}

export type Answer = {
  comply: Comply
  evidence: string
  /** Links to the documents that show it (the policy, a procedure, a page on the website). */
  links: string[]
  commentary: string
  /** The improvement action that will make it comply, when it does not. */
  actionId?: string
  /**
   * Where the year's figures contradict an answer of "yes": the action being taken and its
   * timescale, as the Ombudsman's self-assessment form asks.
   */
  explanation?: Explanation
}

export type Explanation = { action: string; timescale: string }

/** How a provision carried over from an earlier assessment was reviewed this time. */
export const reviewOutcomes = ['confirmed', 'changed'] as const
export type ReviewOutcome = (typeof reviewOutcomes)[number]
export type Review = {
  outcome: ReviewOutcome
  /** The person who reviewed it, by name as it was then; absent for answers changed before names were kept. */
  byName?: string
  by: string | null
  at: Date
}

export type AssessmentEventData =
  | {
      type: 'assessment.started'
      year: number
      trigger: AssessmentTrigger
      note?: string
      /** Started from an earlier assessment's answers, for review. */
      copiedFrom?: string
      /** One landlord entity's own assessment (issue 34); absent: the whole group's. */
      entityId?: string
    }
  /**
   * `carried`: copied from the earlier assessment at the start, for review. `reviewedBy`: the
   * name of the person whose answer replaced a carried-over one, which reviews it.
   */
  | ({ type: 'assessment.answered'; provision: string; carried?: true; reviewedBy?: string } & Answer)
  /** A carried-over answer confirmed unchanged, by the named person, the date being the event's. */
  | { type: 'assessment.reviewed'; provision: string; byName: string }
  /** A document uploaded as evidence for a provision. */
  | { type: 'assessment.document_attached'; provision: string; documentId: string; filename: string }
  /** Completed by (8.1): the person who completed it, the date being the event's. */
  | { type: 'assessment.completed'; byName: string }
  /**
   * Reviewed and approved by the governing body or its MRC; from then on it never changes.
   * `measures`: the year's figures the approval was given against, kept so the published
   * assessment prints what was approved even if the records for the year change later.
   */
  | { type: 'assessment.approved'; byName: string; measures?: Record<string, Measure[]> }

export type AssessmentEvent = AssessmentEventData & { seq: number; at: Date; by: string | null }

export type SelfAssessment = {
  id: string
  year: number
  trigger: AssessmentTrigger
  note?: string
  copiedFrom?: string
  /** One landlord entity's own assessment, with its own complaints' figures; absent: the group's. */
  entityId?: string
  answers: Map<string, Answer>
  /** Answers carried over from the earlier assessment and not yet reviewed. */
  carriedOver: Set<string>
  /** Carried-over answers reviewed: confirmed unchanged or changed, by whom and when. */
  reviews: Map<string, Review>
  /** Documents uploaded as evidence, provision by provision. */
  documents: { id: string; provision: string; filename: string }[]
  completed?: { byName: string; at: Date }
  approved?: { byName: string; at: Date; measures?: Record<string, Measure[]> }
  version: number
}

export function foldAssessment(id: string, events: AssessmentEvent[]): SelfAssessment {
  const first = events[0]
  if (first?.type !== 'assessment.started') throw new Error(`Self-assessment ${id} has no start`)
  const a: SelfAssessment = {
    id,
    year: first.year,
    trigger: first.trigger,
    ...(first.note ? { note: first.note } : {}),
    ...(first.copiedFrom ? { copiedFrom: first.copiedFrom } : {}),
    ...(first.entityId ? { entityId: first.entityId } : {}),
    answers: new Map(),
    carriedOver: new Set(),
    reviews: new Map(),
    documents: [],
    version: 0,
  }
  for (const e of events) {
    a.version = e.seq
    switch (e.type) {
      case 'assessment.started':
        break
      case 'assessment.answered': {
        a.answers.set(e.provision, answerOf(e))
        if (e.carried) {
          a.carriedOver.add(e.provision)
          a.reviews.delete(e.provision)
        } else if (a.carriedOver.delete(e.provision))
          // Changing a carried-over answer reviews it.
          a.reviews.set(e.provision, {
            outcome: 'changed',
            ...(e.reviewedBy ? { byName: e.reviewedBy } : {}),
            by: e.by,
            at: e.at,
          })
        a.completed = undefined
        break
      }
      case 'assessment.reviewed':
        a.carriedOver.delete(e.provision)
        a.reviews.set(e.provision, { outcome: 'confirmed', byName: e.byName, by: e.by, at: e.at })
        a.completed = undefined
        break
      case 'assessment.document_attached':
        a.documents.push({ id: e.documentId, provision: e.provision, filename: e.filename })
        a.completed = undefined
        break
      case 'assessment.completed':
        a.completed = { byName: e.byName, at: e.at }
        break
      case 'assessment.approved':
        a.approved = { byName: e.byName, at: e.at, ...(e.measures ? { measures: e.measures } : {}) }
        break
    }
  }
  return a
}

export const answerOf = (e: Omit<Answer, 'links'> & { links?: string[] }): Answer => ({
  comply: e.comply,
  evidence: e.evidence,
  links: e.links ?? [],
  commentary: e.commentary,
  ...(e.actionId ? { actionId: e.actionId } : {}),
  ...(e.explanation ? { explanation: e.explanation } : {}),
})

/**
 * An answer as a new assessment starts from it, for review. The action and timescale are left
 * behind: they answered the earlier year's figures, not this year's.
 */
export const carriedAnswer = ({ explanation: _earlierYears, ...answer }: Answer): Answer => answer

export const assessmentStatus = (a: SelfAssessment) =>
  a.approved ? 'approved' : a.completed ? 'completed' : 'draft'

const immutable = (a: SelfAssessment) => {
  if (a.approved)
    throw notNow(
      'This self-assessment has been approved and is kept as approved; start a re-assessment to change it (Code 8.3)',
      '8.3',
    )
}

/** The first year assessed against the 2024 Code, which applies from 1 April 2024. */
export const FIRST_ASSESSMENT_YEAR = 2024

export function decideStart(
  input: { year?: number | string; trigger?: string; note?: string },
  copiedFrom: string | undefined,
  /** The landlord entity assessed alone (checked to exist by the caller); undefined: the group. */
  entityId?: string,
): Extract<AssessmentEventData, { type: 'assessment.started' }> {
  const problems = new Problems()
  // A reporting year (the one rule for those), and one the 2024 Code applies to.
  const asked = parseReportingYear(input.year)
  const year = asked.ok && asked.year >= FIRST_ASSESSMENT_YEAR ? asked.year : undefined
  if (year === undefined)
    problems.add(
      'year',
      'Give the year the assessment is for, from 2024 (the 2024 Code), such as 2025 for 2025/26',
    )
  const trigger = assessmentTriggers.find((t) => t === (input.trigger ?? 'annual'))
  if (!trigger)
    problems.add('trigger', `Say why the assessment is made: one of ${assessmentTriggers.join(', ')}`, '8.3')
  const note = input.note?.trim() ?? ''
  if (trigger && trigger !== 'annual' && !note)
    problems.add(
      'note',
      'Code 8.3: say what changed, or what the Ombudsman asked, that calls for this re-assessment',
      '8.3',
    )
  if (note.length > 2000) problems.add('note', 'The note must be 2,000 characters or fewer')
  problems.throwIfAny()
  return {
    type: 'assessment.started',
    year: year as number,
    trigger: trigger as AssessmentTrigger,
    ...(note ? { note } : {}),
    ...(copiedFrom ? { copiedFrom } : {}),
    ...(entityId ? { entityId } : {}),
  }
}

/**
 * One provision's answer: whether it complies, the evidence, and why not (with an action) when not.
 * Answering a provision carried over from an earlier assessment reviews it, in `byName`'s name.
 */
export function decideAnswer(
  a: SelfAssessment,
  input: {
    provision?: string
    comply?: string
    evidence?: string
    links?: string[]
    commentary?: string
    actionId?: string
    explanation?: { action?: string; timescale?: string }
  },
  actionExists: boolean,
  byName: string,
): AssessmentEventData {
  immutable(a)
  const provision = codeProvisions.find((p) => p.id === input.provision)
  if (!provision)
    throw rule('There is no such provision of the 2024 Code: give one from 1.2 to 9.8', 'provision')
  const problems = new Problems()
  const comply = complyAnswers.find((c) => c === input.comply)
  if (!comply)
    problems.add(
      'comply',
      `Provision ${provision.id}: say whether you comply: yes, partly or no`,
      provision.id,
    )
  const evidence = input.evidence?.trim() ?? ''
  const commentary = input.commentary?.trim() ?? ''
  if (comply === 'yes' && !evidence)
    problems.add('evidence', `Provision ${provision.id}: give the evidence that you comply`, provision.id)
  if (comply && comply !== 'yes' && !commentary)
    problems.add(
      'commentary',
      `Provision ${provision.id}: explain why you do not fully comply, and what you will do about it`,
      provision.id,
    )
  const action = input.explanation?.action?.trim() ?? ''
  const timescale = input.explanation?.timescale?.trim() ?? ''
  if (action && !timescale)
    problems.add(
      'explanationTimescale',
      `Provision ${provision.id}: give the timescale of the action being taken`,
      provision.id,
    )
  if (timescale && !action)
    problems.add(
      'explanationAction',
      `Provision ${provision.id}: say what action is being taken in that timescale`,
      provision.id,
    )
  for (const [field, name, value, most] of [
    ['evidence', 'evidence', evidence, 10_000],
    ['commentary', 'commentary', commentary, 10_000],
    ['explanationAction', 'action being taken', action, 10_000],
    ['explanationTimescale', 'timescale', timescale, 500],
  ] as const)
    if (value.length > most)
      problems.add(field, `The ${name} must be ${most.toLocaleString('en-GB')} characters or fewer`)
  const links = (input.links ?? []).map((l) => l.trim()).filter(Boolean)
  if (links.length > 20) problems.add('links', 'Give at most 20 links')
  for (const l of links)
    if (!/^https?:\/\/\S+$/i.test(l) || l.length > 2000)
      problems.add('links', `"${l.slice(0, 60)}" is not a web address: give each link starting https://`)
  const actionId = input.actionId?.trim() || undefined
  if (actionId && !actionExists) problems.add('actionId', 'There is no such improvement action')
  problems.throwIfAny()
  return {
    type: 'assessment.answered',
    provision: provision.id,
    comply: comply as Comply,
    evidence,
    links,
    commentary,
    ...(actionId ? { actionId } : {}),
    ...(action && timescale ? { explanation: { action, timescale } } : {}),
    ...(a.carriedOver.has(provision.id) ? { reviewedBy: byName } : {}),
  }
}

/** A provision carried over from an earlier assessment, confirmed unchanged by `byName`. */
export function decideReview(
  a: SelfAssessment,
  provision: string | undefined,
  byName: string,
): AssessmentEventData {
  immutable(a)
  const p = codeProvisions.find((x) => x.id === provision)
  if (!p) throw rule('There is no such provision of the 2024 Code: give one from 1.2 to 9.8', 'provision')
  if (!a.carriedOver.has(p.id))
    throw notNow(
      a.reviews.has(p.id)
        ? `Provision ${p.id} has already been reviewed`
        : `Provision ${p.id} was not carried over from an earlier assessment, so there is nothing to confirm: answer it instead`,
    )
  return { type: 'assessment.reviewed', provision: p.id, byName }
}

/**
 * Carried-over answers are last year's until someone looks at them again: every one must be
 * confirmed unchanged or changed before the assessment is completed or approved (Code 8.1 asks
 * for this year's assessment).
 */
function refuseUnreviewed(a: SelfAssessment, doing: 'completing' | 'approving') {
  const left = codeProvisions.filter((p) => a.carriedOver.has(p.id)).map((p) => p.id)
  if (!left.length) return
  const problems: RuleProblem[] = left.map((id) => ({
    field: 'review',
    provision: id,
    message: `Provision ${id}: carried over from the earlier assessment, still to review`,
  }))
  throw new WorkflowError(
    'rule',
    `Review every provision carried over from the earlier assessment before ${doing} it: ${left.length} still to review (${left.join(', ')}). Confirm each one unchanged, or change its answer`,
    'review',
    '8.1',
    problems,
  )
}

/** Completed: every provision answered, and every carried-over one reviewed. The person completing it signs it off. */
export function decideComplete(a: SelfAssessment, byName: string): AssessmentEventData {
  immutable(a)
  const missing = codeProvisions.filter((p) => !a.answers.has(p.id)).map((p) => p.id)
  if (missing.length)
    throw rule(
      `Answer every provision before completing the assessment: ${missing.length} still to answer (${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''})`,
      'answers',
      '8.1',
    )
  if (a.completed) throw notNow('The assessment is already completed; it waits for approval')
  refuseUnreviewed(a, 'completing')
  return { type: 'assessment.completed', byName }
}

/** The year's figures that contradict an answer of "yes": each measure's concern. */
export const contradictions = (answer: Answer | undefined, measures: Measure[] | undefined): string[] =>
  answer?.comply === 'yes' ? (measures ?? []).flatMap((m) => (m.concern ? [m.concern] : [])) : []

/** Answered "yes" against the year's figures, with no action and timescale given for it. */
export function unexplained(a: SelfAssessment, measures: Record<string, Measure[]>) {
  return codeProvisions.flatMap((p) => {
    const answer = a.answers.get(p.id)
    const concerns = contradictions(answer, measures[p.id])
    return concerns.length && !answer?.explanation ? [{ provision: p.id, concerns }] : []
  })
}

/**
 * Code 8.1, 8.2: reviewed and approved by the governing body or its MRC, once completed. An answer
 * of "yes" that the year's figures contradict needs the action being taken and its timescale, as
 * the Ombudsman's form asks; the figures approved against are kept with the approval.
 */
export function decideApprove(
  a: SelfAssessment,
  byName: string,
  measures: Record<string, Measure[]>,
): AssessmentEventData {
  immutable(a)
  if (!a.completed) throw notNow('The assessment is approved once it is completed; complete it first', '8.1')
  refuseUnreviewed(a, 'approving')
  const missing = unexplained(a, measures)
  if (missing.length)
    throw new WorkflowError(
      'rule',
      `Code 8.1: where this year’s figures contradict an answer of “yes”, give the action being taken and its timescale before approving: ${missing.length} provision${missing.length === 1 ? '' : 's'} without (${missing.map((m) => `${m.provision}: ${m.concerns.join('; ')}`).join(', ')})`,
      'explanation',
      '8.1',
      missing.map((m) => ({
        field: 'explanation',
        provision: m.provision,
        message: `Provision ${m.provision}: answered “yes” but ${m.concerns.join('; ')}: give the action being taken and its timescale`,
      })),
    )
  return { type: 'assessment.approved', byName, measures }
}

/** A document uploaded as evidence for one provision, while the assessment can still change. */
export function decideEvidenceDocument(
  a: SelfAssessment,
  provision: string | undefined,
  documentId: string,
  filename: string,
): AssessmentEventData {
  immutable(a)
  const p = codeProvisions.find((x) => x.id === provision)
  if (!p) throw rule('There is no such provision of the 2024 Code: give one from 1.2 to 9.8', 'provision')
  return { type: 'assessment.document_attached', provision: p.id, documentId, filename }
}
