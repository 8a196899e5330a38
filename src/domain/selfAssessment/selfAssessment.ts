import { notNow, Problems, rule } from '../complaints/workflow.js'
import { codeProvisions } from './code2024.js'

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
}

export type AssessmentEventData =
  | {
      type: 'assessment.started'
      year: number
      trigger: AssessmentTrigger
      note?: string
      /** Started from an earlier assessment's answers, for review. */
      copiedFrom?: string
    }
  /** `carried`: copied from the earlier assessment at the start, for review. */
  | ({ type: 'assessment.answered'; provision: string; carried?: true } & Answer)
  /** A document uploaded as evidence for a provision. */
  | { type: 'assessment.document_attached'; provision: string; documentId: string; filename: string }
  /** Completed by (8.1): the person who completed it, the date being the event's. */
  | { type: 'assessment.completed'; byName: string }
  /** Reviewed and approved by the governing body or its MRC; from then on it never changes. */
  | { type: 'assessment.approved'; byName: string }

export type AssessmentEvent = AssessmentEventData & { seq: number; at: Date; by: string | null }

export type SelfAssessment = {
  id: string
  year: number
  trigger: AssessmentTrigger
  note?: string
  copiedFrom?: string
  answers: Map<string, Answer>
  /** Answers carried over from the earlier assessment and not yet reviewed. */
  carriedOver: Set<string>
  /** Documents uploaded as evidence, provision by provision. */
  documents: { id: string; provision: string; filename: string }[]
  completed?: { byName: string; at: Date }
  approved?: { byName: string; at: Date }
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
    answers: new Map(),
    carriedOver: new Set(),
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
        if (e.carried) a.carriedOver.add(e.provision)
        else a.carriedOver.delete(e.provision)
        a.completed = undefined
        break
      }
      case 'assessment.document_attached':
        a.documents.push({ id: e.documentId, provision: e.provision, filename: e.filename })
        a.completed = undefined
        break
      case 'assessment.completed':
        a.completed = { byName: e.byName, at: e.at }
        break
      case 'assessment.approved':
        a.approved = { byName: e.byName, at: e.at }
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
})

export const assessmentStatus = (a: SelfAssessment) =>
  a.approved ? 'approved' : a.completed ? 'completed' : 'draft'

const immutable = (a: SelfAssessment) => {
  if (a.approved)
    throw notNow(
      'This self-assessment has been approved and is kept as approved; start a re-assessment to change it (Code 8.3)',
      '8.3',
    )
}

export function decideStart(
  input: { year?: number; trigger?: string; note?: string },
  copiedFrom: string | undefined,
): Extract<AssessmentEventData, { type: 'assessment.started' }> {
  const problems = new Problems()
  const year = input.year
  if (year === undefined || !Number.isInteger(year) || year < 2024 || year > 2100)
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
  }
}

/** One provision's answer: whether it complies, the evidence, and why not (with an action) when not. */
export function decideAnswer(
  a: SelfAssessment,
  input: {
    provision?: string
    comply?: string
    evidence?: string
    links?: string[]
    commentary?: string
    actionId?: string
  },
  actionExists: boolean,
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
  for (const [field, value] of [
    ['evidence', evidence],
    ['commentary', commentary],
  ] as const)
    if (value.length > 10_000) problems.add(field, `The ${field} must be 10,000 characters or fewer`)
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
  }
}

/** Completed: every provision answered. The person completing it signs it off. */
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
  return { type: 'assessment.completed', byName }
}

/** Code 8.1, 8.2: reviewed and approved by the governing body or its MRC, once completed. */
export function decideApprove(a: SelfAssessment, byName: string): AssessmentEventData {
  immutable(a)
  if (!a.completed) throw notNow('The assessment is approved once it is completed; complete it first', '8.1')
  return { type: 'assessment.approved', byName }
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
