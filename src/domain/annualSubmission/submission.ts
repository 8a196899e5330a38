import {
  type CalendarDate,
  formatDateInWords,
  isCalendarDate,
  londonDateOf,
} from '../calendar/calendarDate.js'
import type { Cell } from '../reports/reportDocument.js'
import { reportingYear, yearLabel } from '../reports/reportingYear.js'
import { notNow, Problems } from '../rules.js'
import { codeProvisions, codeSections } from '../selfAssessment/code2024.js'
import {
  type AssessmentTrigger,
  assessmentStatus,
  complyLabels,
  type SelfAssessment,
  triggerLabels,
} from '../selfAssessment/selfAssessment.js'
import { type SubmissionDeadline, submissionDeadline } from './deadline.js'

/**
 * The Housing Ombudsman's annual submission for a reporting year: who the landlord is, where its
 * four documents are published, and a yes or no for every provision of the Code, taken from the
 * self-assessment the governing body approved. Each one recorded is kept as it was sent.
 */

/** The four documents the submission links to, each published under a provision of the Code. */
export const publishedDocuments = [
  'complaintsPolicy',
  'selfAssessment',
  'annualReport',
  'governingBodyResponse',
] as const
export type PublishedDocument = (typeof publishedDocuments)[number]
export const publishedDocumentLabels: Record<PublishedDocument, { label: string; provision: string }> = {
  complaintsPolicy: { label: 'Complaints policy', provision: '3.4' },
  selfAssessment: { label: 'Self-assessment against the Code', provision: '8.1' },
  annualReport: { label: 'Annual complaints performance and service improvement report', provision: '8.2' },
  governingBodyResponse: { label: 'The governing body’s response to the annual report', provision: '8.2' },
}

export type Organisation = {
  name: string
  registeredProviderNumber: string
  ombudsmanLandlordId: string
  /** Homes owned at the end of the reporting year (LCRA and LCHO), as recorded for the TSM. */
  homes: number
}

/** One provision as the Ombudsman's form asks for it: its number and words, yes or no, a comment. */
export type SubmissionAnswer = {
  provision: string
  section: number
  requirement: string
  yes: boolean
  comment: string
}

/** What a submission says: the frozen copy kept when it is recorded. */
export type SubmissionContent = {
  year: number
  organisation: Organisation
  financialYearEnd: CalendarDate
  deadline: SubmissionDeadline
  links: Record<PublishedDocument, string>
  /** The approved self-assessment the answers come from. */
  assessment: { id: string; trigger: AssessmentTrigger; approvedBy: string; approvedAt: string }
  answers: SubmissionAnswer[]
}

export type SubmissionEventData = { type: 'submission.recorded'; byName: string } & SubmissionContent
export type SubmissionEvent = SubmissionEventData & { seq: number; at: Date; by: string | null }

export type RecordedSubmission = SubmissionContent & {
  seq: number
  byName: string
  by: string | null
  at: Date
}

/** A year's submissions, oldest first; the version is the last event's number (0 for none). */
export type SubmissionHistory = { year: number; submissions: RecordedSubmission[]; version: number }

export function foldSubmissions(year: number, events: SubmissionEvent[]): SubmissionHistory {
  const h: SubmissionHistory = { year, submissions: [], version: 0 }
  for (const e of events) {
    h.version = e.seq
    const { type: _recorded, ...submission } = e
    h.submissions.push(submission)
  }
  return h
}

export const latestSubmission = (h: SubmissionHistory) => h.submissions.at(-1)

/**
 * The yes or no for a provision: yes only where the approved self-assessment says it complies
 * ("partly" is not yes). The comment carries what the assessment said: the evidence for a yes
 * (with the action being taken, where the figures contradict it), the reason for a no.
 */
export function submissionAnswers(a: SelfAssessment): SubmissionAnswer[] {
  return codeProvisions.map((p) => {
    const answer = a.answers.get(p.id)
    const yes = answer?.comply === 'yes'
    const comment = !answer
      ? ''
      : yes
        ? [
            answer.evidence,
            answer.explanation
              ? `Action being taken: ${answer.explanation.action} (timescale: ${answer.explanation.timescale})`
              : '',
          ]
            .filter(Boolean)
            .join('. ')
        : `${complyLabels[answer.comply]}: ${answer.commentary}`
    return { provision: p.id, section: p.section, requirement: p.requirement, yes, comment }
  })
}

export type SubmissionInput = {
  name?: string
  registeredProviderNumber?: string
  ombudsmanLandlordId?: string
  financialYearEnd?: string
  links?: Partial<Record<PublishedDocument, string>>
  confirmed?: boolean
}

/** A published document's address: https, a host with a dot in it, no spaces, at most 2,000 characters. */
export function isPublishedAddress(value: string): boolean {
  if (value.length > 2000 || /\s/.test(value)) return false
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && url.hostname.includes('.') && !url.username && !url.password
  } catch {
    return false
  }
}

const identifier = /^[A-Za-z0-9][A-Za-z0-9 ./-]{0,29}$/

/**
 * Records a submission: refused, with every problem at once, unless the year's self-assessment
 * has been approved (Code 8.1), the homes at the end of the year are recorded (the deadline turns
 * on them), the landlord is named with a registered provider number or the Ombudsman's landlord
 * ID, each of the four documents has a published https address (Code 3.4, 8.1, 8.2), and the
 * person confirms the answers are those the governing body approved.
 */
export function decideSubmission(
  input: SubmissionInput,
  context: { year: number; assessment: SelfAssessment | undefined; homes: number | null; byName: string },
): SubmissionEventData {
  const { year, assessment, homes } = context
  const label = yearLabel(year)
  const problems = new Problems()
  if (!assessment?.approved)
    problems.add(
      'assessment',
      `Code 8.1: the self-assessment for ${label} must be approved by the governing body (or its MRC) before it is submitted to the Ombudsman; ${assessment ? `it is ${assessmentStatus(assessment) === 'completed' ? 'completed, waiting for approval' : 'still in progress'}` : 'none has been started'}`,
      '8.1',
    )
  if (homes === null)
    problems.add(
      'homes',
      `Record the homes owned at the end of ${label} first (on the TSM report): whether the submission is due by 30 September turns on them`,
    )
  const name = input.name?.trim() ?? ''
  if (!name) problems.add('name', 'Give the landlord’s name as the Ombudsman knows it')
  else if (name.length > 200) problems.add('name', 'The landlord’s name must be 200 characters or fewer')
  const registeredProviderNumber = input.registeredProviderNumber?.trim() ?? ''
  const ombudsmanLandlordId = input.ombudsmanLandlordId?.trim() ?? ''
  if (!registeredProviderNumber && !ombudsmanLandlordId)
    problems.add(
      'registeredProviderNumber',
      'Give the registered provider number, the Ombudsman’s landlord ID, or both, so the Ombudsman knows which landlord is submitting',
    )
  if (registeredProviderNumber && !identifier.test(registeredProviderNumber))
    problems.add(
      'registeredProviderNumber',
      'The registered provider number must be letters and numbers, 30 characters or fewer, such as L1234',
    )
  if (ombudsmanLandlordId && !identifier.test(ombudsmanLandlordId))
    problems.add(
      'ombudsmanLandlordId',
      'The Ombudsman’s landlord ID must be letters and numbers, 30 characters or fewer',
    )
  const { from, to } = reportingYear(year)
  const financialYearEnd = input.financialYearEnd?.trim() ?? ''
  if (!isCalendarDate(financialYearEnd) || financialYearEnd < from || financialYearEnd > to)
    problems.add(
      'financialYearEnd',
      `Give the landlord’s financial year end, a day within ${label} (${formatDateInWords(from)} to ${formatDateInWords(to)})`,
    )
  const links = {} as Record<PublishedDocument, string>
  for (const d of publishedDocuments) {
    const { label: what, provision } = publishedDocumentLabels[d]
    const link = input.links?.[d]?.trim() ?? ''
    if (!isPublishedAddress(link))
      problems.add(
        `links.${d}`,
        `Code ${provision}: give the web address where the ${what.charAt(0).toLowerCase()}${what.slice(1)} is published, starting https://`,
        provision,
      )
    links[d] = link
  }
  if (input.confirmed !== true)
    problems.add(
      'confirmed',
      'Confirm that the yes and no answers are those of the self-assessment the governing body approved (Code 8.1)',
      '8.1',
    )
  problems.throwIfAny()
  const approved = assessment?.approved
  if (!assessment || !approved || homes === null) throw notNow('Nothing to submit')
  return {
    type: 'submission.recorded',
    byName: context.byName,
    year,
    organisation: { name, registeredProviderNumber, ombudsmanLandlordId, homes },
    financialYearEnd,
    deadline: submissionDeadline({ year, homes, financialYearEnd }),
    links,
    assessment: {
      id: assessment.id,
      trigger: assessment.trigger,
      approvedBy: approved.byName,
      approvedAt: approved.at.toISOString(),
    },
    answers: submissionAnswers(assessment),
  }
}

export type SubmissionState = 'not_submitted' | 'submitted' | 'resubmission_due'

/**
 * Whether the year's submission is made, or must be made again: a self-assessment revised and
 * approved after the latest submission (a re-assessment after a restructure, a merger, a change
 * of procedures, or at the Ombudsman's request: Code 8.3, 8.4) is a task to re-submit, until a
 * submission of the revised answers is recorded.
 */
export function submissionState(
  history: SubmissionHistory,
  approved: { id: string; trigger: AssessmentTrigger; approvedAt: Date } | undefined,
): { state: SubmissionState; why: string } {
  const last = latestSubmission(history)
  const label = yearLabel(history.year)
  if (!last)
    return {
      state: 'not_submitted',
      why: approved
        ? `Nothing has been submitted to the Ombudsman for ${label} yet.`
        : `Nothing has been submitted to the Ombudsman for ${label} yet; the self-assessment must be approved first (Code 8.1).`,
    }
  if (approved && approved.id !== last.assessment.id && approved.approvedAt > last.at)
    return {
      state: 'resubmission_due',
      why: `Re-submit: the self-assessment for ${label} was revised after the submission of ${formatDateInWords(londonDateOf(last.at))} (${triggerLabels[approved.trigger]}) and approved on ${formatDateInWords(londonDateOf(approved.approvedAt))}; the Ombudsman has the earlier answers.`,
    }
  return { state: 'submitted', why: `Submitted to the Ombudsman for ${label}.` }
}

/**
 * The submission as the Ombudsman's form asks for it: the organisation and the links first, then
 * one row a provision (its number, its words, yes or no, a comment). CSV and workbook alike.
 */
export function submissionRows(
  c: SubmissionContent,
  recorded?: { byName: string; at: Date },
): { about: Cell[][]; head: string[]; provisions: Cell[][] } {
  const day = (iso: string) => formatDateInWords(londonDateOf(new Date(iso)))
  return {
    about: [
      ['Housing Ombudsman annual submission', `Reporting year ${yearLabel(c.year)}`],
      ['Landlord', c.organisation.name],
      ['Registered provider number', c.organisation.registeredProviderNumber],
      ['Ombudsman landlord ID', c.organisation.ombudsmanLandlordId],
      ['Homes owned at the end of the year', c.organisation.homes],
      ['Financial year end', formatDateInWords(c.financialYearEnd)],
      ['Submission due', c.deadline.why],
      ...publishedDocuments.map((d): Cell[] => [publishedDocumentLabels[d].label, c.links[d]]),
      [
        'Self-assessment approved by',
        `${c.assessment.approvedBy}, ${day(c.assessment.approvedAt)} (${triggerLabels[c.assessment.trigger]})`,
      ],
      ...(recorded ? [['Submitted by', `${recorded.byName}, ${day(recorded.at.toISOString())}`]] : []),
    ],
    head: ['Provision', 'Section', 'Requirement', 'Complies (yes or no)', 'Comment'],
    provisions: c.answers.map((a) => [
      a.provision,
      codeSections.find((s) => s.number === a.section)?.title ?? '',
      a.requirement,
      a.yes ? 'Yes' : 'No',
      a.comment,
    ]),
  }
}
