import { addCalendarDays, type CalendarDate } from '../calendar/calendarDate.js'
import type { Complaint } from '../complaints/complaint.js'
import { type ComplaintState, openStates } from '../complaints/vocabulary.js'

/**
 * UK GDPR storage limitation: how long a closed complaint's personal data is kept, and what
 * anonymising it keeps. Counting starts at its last activity: when it was closed (or withdrawn,
 * or refused), or later a remedy answered or done, or an event on an Ombudsman case or hazard
 * about it, each as it took effect, so a remedy paid late or an Ombudsman determination restarts
 * it. When something was typed in does not count: a history recorded late is kept as long as
 * one recorded on the day, not for the retention period from the day it was typed in.
 */
export type RetentionPolicy = { years: number }

/** The states in which the landlord owes the resident nothing more: only these may be anonymised. */
export const retainableStates: readonly ComplaintState[] = (
  ['closed', 'not_accepted', 'withdrawn'] as const
).filter((s) => !openStates.includes(s))

/** When the complaint ended, as it took effect: closed, withdrawn or refused; undefined while open. */
export function closedAtOf(
  c: Pick<Complaint, 'state' | 'closedAt' | 'withdrawal' | 'refusal'>,
): Date | undefined {
  if (c.state === 'closed') return c.closedAt
  if (c.state === 'withdrawn') return c.withdrawal?.at
  if (c.state === 'not_accepted') return c.refusal?.at
  return undefined
}

/** The complaint events after its end that restart retention (Code 7.3: remedies followed through). */
export const laterActivityEvents = ['complaint.remedy_answered', 'complaint.remedy_done'] as const

/** The last date of activity that is past retention on `today`: exactly `years` years before, or earlier. */
export function retentionCutoff(today: CalendarDate, policy: RetentionPolicy): CalendarDate {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number]
  // 29 February counts from 28 February in a year without one.
  const year = y - policy.years
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate()
  const day = Math.min(d, lastDay)
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}` as CalendarDate
}

/** The first day a complaint last active on `lastActivityOn` may be anonymised. */
export function anonymisableFrom(lastActivityOn: CalendarDate, policy: RetentionPolicy): CalendarDate {
  const [y, m, d] = lastActivityOn.split('-').map(Number) as [number, number, number]
  const year = y + policy.years
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate()
  const on = `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`
  return d > lastDay ? addCalendarDays(on as CalendarDate, 1) : (on as CalendarDate)
}

/** Why a complaint past retention is kept anyway. */
export const holdKinds = ['legal_hold', 'ombudsman', 'hazard', 'actions'] as const
export type HoldKind = (typeof holdKinds)[number]
export const holdLabels: Record<HoldKind, string> = {
  legal_hold: 'Legal hold',
  ombudsman: 'An Ombudsman case on it is still open',
  hazard: 'An Awaab’s Law hazard clock on it is still running',
  actions: 'Actions promised in a response are still outstanding (Code 7.3)',
}

export const REDACTED = '[redacted]'
export const ANONYMISED_NAME = 'Anonymised resident'

/** What a letter's text becomes: the letter stays in the record, its content does not. */
export const anonymisedLetterText = (on: CalendarDate, policy: RetentionPolicy) =>
  `This letter’s text was removed on ${on} under the landlord’s retention policy: personal data on ` +
  `closed complaints is kept for ${policy.years} years after the complaint’s last activity.`

/** Keys whose values are personal data or free text, whatever they look like. */
const personalKeys = new Set([
  'name',
  'email',
  'phone',
  'address',
  'postcode',
  'tenancyReference',
  'relationship',
  'filename',
  'text',
  'description',
  'summary',
  'learning',
  'note',
  'notes',
  'explanation',
  'whyNotExercised',
  'residentReason',
  'outcomeSought',
  'outcomesSought',
  'notResponsibleFor',
  'reasons',
  'goodReason',
  'evidence',
  'leftOut',
  'what',
  'details',
  'location',
  'to',
  'subject',
  'comment',
  'outcome',
])

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const isoDateOrTime = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/
/** A word from the service's own vocabulary: 'repairs', 'stage1Response', 'complaint.closed'. */
const code = /^[a-z][a-zA-Z0-9_.]{0,60}$/
/** The service's own references (CMP-2026-000123, RES-000042) and numbered ids (a remedy's "1-2"). */
const reference = /^([A-Z]{2,4}-)?[0-9]+([-:][0-9]+)*$/

/** Whether a string may be kept as it is: an id, a date, a code or a reference. */
const isStructural = (s: string) => uuid.test(s) || isoDateOrTime.test(s) || code.test(s) || reference.test(s)

/**
 * An event's data with its personal data redacted: every value under a personal key, and every
 * other string that is not an id, a date, a code or a reference, becomes "[redacted]". Numbers,
 * booleans, ids, dates and codes stay, so the record still folds into the same states,
 * deadlines, decisions, amounts and report facts.
 */
export function redacted(value: unknown, personal = false): unknown {
  if (typeof value === 'string') return personal || !isStructural(value) ? REDACTED : value
  if (Array.isArray(value)) return value.map((v) => redacted(v, personal))
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redacted(v, personalKeys.has(k))]))
  return value
}
