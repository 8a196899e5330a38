import type { Clock } from '../../../../clock.js'
import {
  formatLondonTime,
  londonDateOf,
  londonWallClockToInstant,
} from '../../../../domain/calendar/calendarDate.js'
import type { LateRecordingInput } from '../../../../domain/complaints/lateRecording.js'
import type { ContactMethod } from '../../../../domain/complaints/vocabulary.js'
import type { Action } from '../../../../domain/complaints/workflow.js'
import { contactWarnings } from '../../../../domain/people/person.js'
import type { Actor as ServiceActor } from '../../../../services/complaints/casework.js'
import type { ComplaintsService, ComplaintView } from '../../../../services/complaints.js'
import type { PeopleService } from '../../../../services/people/people.js'
import type { RemediesService } from '../../../../services/remedies/register.js'
import type { TriageRulesService } from '../../../../services/triage/triage.js'
import {
  dateFromFields,
  dateInputItems,
  dateParts,
  type FieldErrors,
  type FormBody,
  field,
  partsOf,
} from '../../../forms.js'

/** What the action forms use: the complaints service, the clock, and the list of handlers. */
export type FormDeps = {
  complaints: ComplaintsService
  /** The compensation guidance shown beside a financial remedy (Code 7.4). */
  remedies: RemediesService
  clock: Clock
  /** Code 6.1: the landlord's triage flags, offered beside those suggested. */
  triageRules: TriageRulesService
  /** Code 5.14: the resident record, whose restrictions on contact are warned about before contact. */
  people: PeopleService
  handlerItems: (
    selected: string | null | undefined,
    exclude?: (string | null | undefined)[],
  ) => Promise<{ value: string; text: string; selected?: boolean }[]>
}

/** Who acts, and whether a letter is only to be shown (see the complaints service's `Actor`). */
export type Actor = Pick<ServiceActor, 'id' | 'role' | 'letter'>

/** One action on the case page: its own URL, template, values and submission. */
export type FormSpec = {
  /** The URL segment and the template under views/staff/complaints/actions/. */
  path: string
  title: (v: ComplaintView) => string
  action: Action
  /** Shown only when this holds too (besides the workflow allowing the action). */
  offered?: (v: ComplaintView) => boolean
  /**
   * Something that happened earlier is recorded as it happened: the form asks when, defaulting
   * to now, within the API's rules (not in the future, not before the case's previous event).
   */
  when?: {
    legend: string
    hint?: string
    /** Recorded late, a response also names the letter actually sent; an extension, its evidence. */
    lateDocument?: 'sentLetterDocumentId' | 'evidenceDocumentId'
  }
  /**
   * The action may issue a letter: the form shows the exact letter before anything is recorded,
   * and records it only with the letter that was shown (see before you send).
   */
  issuesLetter?: true
  /** Extra values the form needs (lists of staff, the issues to decide on…). */
  prepare?: (
    v: ComplaintView,
    body: FormBody | undefined,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>
  /** Reads the form and calls the service; returns field errors to show, or nothing. */
  submit: (
    v: ComplaintView,
    body: FormBody,
    actor: Actor,
    at: Date | undefined,
    /** Given when what is recorded happened more than the tolerance ago: why, and the letter sent. */
    late: LateRecordingInput,
  ) => Promise<FieldErrors | undefined>
  done: string
}

export const lines = (v: string) =>
  v
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)

export const version = (body: FormBody) =>
  /^\d{1,9}$/.test(field(body, 'version')) ? Number(field(body, 'version')) : undefined

/** API field names in service errors, as the form fields that show them. */
const fieldFor: Record<string, string> = {
  'definition.issues': 'issues',
  'definition.outcomesSought': 'outcomesSought',
  discretion: 'discretionDecision',
  'discretion.reason': 'discretionReason',
  conflictOfInterest: 'conflictAnswer',
  'conflictOfInterest.conflict': 'conflict',
  'conflictOfInterest.howHandled': 'howHandled',
}

/**
 * Code 5.8: the conflict of interest question, as the assign and acknowledge forms ask it: no
 * answer is chosen for the person, and the answer goes to the domain as given (blank included).
 */
export const conflictOfInterestFromBody = (body: FormBody) => ({
  answer: field(body, 'conflictAnswer'),
  conflict: field(body, 'conflict'),
  howHandled: field(body, 'howHandled'),
})

/** The conflict of interest question's values for `_conflict.njk`. */
export const conflictOfInterestValues = (body: FormBody | undefined) => ({
  conflictAnswer: body ? field(body, 'conflictAnswer') : '',
  conflict: body ? field(body, 'conflict') : '',
  howHandled: body ? field(body, 'howHandled') : '',
})

/**
 * The form field for an API field: an action's `…At` instant is the form's "when" question. The
 * domain names each broken rule's field as the API does; with `refusals` (formErrors.ts) a form
 * shows the domain's own words beside the right input.
 */
export function formFieldOf(apiField: string | undefined): string {
  if (!apiField) return 'form'
  if (/At$/.test(apiField)) return 'when'
  if (/^involved\./.test(apiField)) return 'involved'
  return fieldFor[apiField] ?? apiField
}

/** What the "when" question asks besides the time, for something recorded late (api-v1 names). */
export function lateFromBody(body: FormBody): LateRecordingInput {
  const given = (name: string) => field(body, name) || undefined
  return {
    recordedLateReason: given('recordedLateReason'),
    sentLetterDocumentId: given('sentLetterDocumentId'),
    evidenceDocumentId: given('evidenceDocumentId'),
  }
}

/**
 * The "recorded late" inputs beside "when": why, and the document the action rests on, chosen
 * from those attached to the case.
 */
export function lateInputs(
  v: ComplaintView,
  body: FormBody | undefined,
  toleranceDays: number,
  document?: string,
) {
  const chosen = body && document ? field(body, document) : ''
  const documents = v.complaint.events.flatMap((e) =>
    e.type === 'complaint.document_attached' ? [{ value: e.documentId, text: e.filename }] : [],
  )
  return {
    recordedLateReason: body ? field(body, 'recordedLateReason') : '',
    toleranceDays,
    lateDocument: document,
    lateDocumentItems: [
      { value: '', text: documents.length ? 'Choose a document' : 'No documents attached yet' },
      ...documents.map((d) => ({ ...d, selected: d.value === chosen })),
    ],
  }
}

/** The "when did it happen" inputs: as typed, or now. */
export function whenInputs(body: FormBody | undefined, now: Date, hasError: boolean) {
  return {
    whenItems: dateInputItems('when', body ? dateParts(body, 'when') : partsOf(londonDateOf(now)), hasError),
    whenTime: body ? field(body, 'whenTime') : formatLondonTime(now),
  }
}

/**
 * A second date and time on a form, named `name` (`name-day`…, `nameTime`), left empty until the
 * person types it: for a time nobody may assume, such as when a decision was made.
 */
export function dateTimeInputs(name: string, body: FormBody | undefined, hasError: boolean) {
  return {
    name,
    items: dateInputItems(name, dateParts(body, name), hasError),
    time: field(body, `${name}Time`),
  }
}

/**
 * Reads "when did it happen" (a date and a time in London). A time in the current minute
 * means now, to the second; a form left blank means now too.
 */
export function whenFromBody(
  body: FormBody,
  now: Date,
  name = 'when',
): { at?: Date; error?: string; blank?: true } {
  const parts = dateParts(body, name)
  const time = field(body, `${name}Time`)
  if (!parts.day && !parts.month && !parts.year && !time) return { blank: true }
  const day = dateFromFields(body, name, 'the date')
  if (day.error || !day.date) return { error: day.error }
  const match = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(time || '')
  if (!match) return { error: 'Enter the time as hours and minutes, for example 14:30' }
  const at = londonWallClockToInstant(day.date, Number(match[1]), Number(match[2]))
  const ago = now.getTime() - at.getTime()
  return ago >= 0 && ago < 60_000 ? {} : { at }
}

/**
 * Code 5.14: the restrictions on contact in force for the resident, as warnings shown on a
 * contact form; and, on submit, an error until the person confirms contact that one governs.
 */
export async function restrictionCheck(
  people: PeopleService,
  v: ComplaintView,
  method: string | undefined,
  body: FormBody | undefined,
): Promise<{ warnings: string[]; error?: string }> {
  const summary = await people.summary(v.complaint.personId)
  if (!summary) return { warnings: [] }
  const all = contactWarnings({ restrictions: summary.restrictionsInForce }, undefined, summary.today)
  if (!body || !method) return { warnings: all }
  const broken = contactWarnings(
    { restrictions: summary.restrictionsInForce },
    method as ContactMethod,
    summary.today,
  )
  return broken.length && field(body, 'confirmRestriction') !== 'yes'
    ? { warnings: all, error: `${broken.join('. ')}. Tick to confirm this contact keeps to the restriction` }
    : { warnings: all }
}
