import { type CalendarDate, formatDateInWords } from '../calendar/calendarDate.js'
import type { ContactMethod, Tenure } from '../complaints/vocabulary.js'
import { type AdjustmentKind, adjustmentLabels } from '../residents/needs.js'
import {
  type LetterFormat,
  type PreferredMethod,
  type RestrictionScope,
  restrictionScopeLabels,
  scopeWarnsAbout,
  type VulnerabilityKind,
} from './vocabulary.js'

export type ContactDetails = {
  name: string
  email?: string
  phone?: string
  address?: string
  postcode?: string
  tenancyReference?: string
  /** Their tenure, copied to each complaint they make so the TSM count it (CH01, CH02). */
  tenure?: Tenure
  /** The landlord entity their tenancy is with (issue 34): their complaints belong to it. */
  entityId?: string
}
export type Preferences = {
  method?: PreferredMethod
  format?: LetterFormat
  interpreterLanguage?: string
  contactTimes?: string
}
export type PersonRepresentative = {
  id: string
  name: string
  relationship: string
  email?: string
  phone?: string
  /** Code 1.3: how the resident's consent was given, from when, and when it ends (if it does). */
  consentHow: string
  consentFrom: CalendarDate
  consentUntil?: CalendarDate
}
export type Vulnerability = {
  id: string
  kind: VulnerabilityKind
  details: string
  disclosedOn: CalendarDate
}
export type Adjustment = {
  id: string
  kind: AdjustmentKind
  details?: string
  agreedOn: CalendarDate
  reviewOn: CalendarDate
  reviews: { on: CalendarDate; note: string }[]
}
export type Restriction = {
  id: string
  behaviour: string
  evidence: string
  scope: RestrictionScope[]
  restriction: string
  equalityConsideration: string
  approvedBy: string
  startsOn: CalendarDate
  reviewOn: CalendarDate
  endsOn: CalendarDate
  reviews: { on: CalendarDate; note: string }[]
}

/**
 * A resident record: its entries, the events that make them, and what is in force on a day.
 * The decisions that change it are in decisions.ts; its history in words in history.ts.
 */

/** Every change to a resident record, kept. */
export type PersonEventData =
  | { type: 'person.recorded'; reference: string; details: ContactDetails; fromComplaintId?: string }
  | { type: 'person.details_changed'; details: ContactDetails; preferences: Preferences }
  | { type: 'person.representative_added'; representative: PersonRepresentative }
  | { type: 'person.representative_ended'; id: string; reason: string }
  | { type: 'person.vulnerability_recorded'; vulnerability: Vulnerability }
  | { type: 'person.vulnerability_ended'; id: string; reason: string }
  | { type: 'person.adjustment_agreed'; adjustment: Omit<Adjustment, 'reviews'> }
  | {
      type: 'person.adjustment_reviewed'
      id: string
      on: CalendarDate
      note: string
      nextReviewOn?: CalendarDate
    }
  | { type: 'person.adjustment_ended'; id: string; reason: string }
  | { type: 'person.restriction_imposed'; restriction: Omit<Restriction, 'reviews'> }
  | {
      type: 'person.restriction_reviewed'
      id: string
      on: CalendarDate
      note: string
      nextReviewOn: CalendarDate
    }
  | { type: 'person.restriction_ended'; id: string; reason: string }
  /** Duplicates merged: the other record's live entries join this one; it points here for good. */
  | {
      type: 'person.merged_from'
      personId: string
      reference: string
      representatives: PersonRepresentative[]
      vulnerabilities: Vulnerability[]
      adjustments: Adjustment[]
      restrictions: Restriction[]
    }
  | { type: 'person.merged_into'; personId: string; reference: string }

export type PersonEvent = PersonEventData & { seq: number; at: Date; by: string | null }

export type Person = {
  id: string
  reference: string
  details: ContactDetails
  preferences: Preferences
  representatives: PersonRepresentative[]
  vulnerabilities: Vulnerability[]
  adjustments: Adjustment[]
  restrictions: Restriction[]
  /** Entries ended, kept for the record. */
  ended: { what: string; id: string; reason: string; at: Date }[]
  mergedFrom: { personId: string; reference: string }[]
  mergedInto?: { personId: string; reference: string }
  version: number
  events: PersonEvent[]
}

export function foldPerson(id: string, events: PersonEvent[]): Person {
  const first = events[0]
  if (first?.type !== 'person.recorded') throw new Error(`Resident record ${id} has no recorded event`)
  const p: Person = {
    id,
    reference: first.reference,
    details: first.details,
    preferences: {},
    representatives: [],
    vulnerabilities: [],
    adjustments: [],
    restrictions: [],
    ended: [],
    mergedFrom: [],
    version: 0,
    events,
  }
  const end = <T extends { id: string }>(
    list: T[],
    what: string,
    e: { id: string; reason: string; at: Date },
  ) => {
    p.ended.push({ what, id: e.id, reason: e.reason, at: e.at })
    return list.filter((x) => x.id !== e.id)
  }
  for (const e of events) {
    p.version = e.seq
    switch (e.type) {
      case 'person.recorded':
        break
      case 'person.details_changed':
        p.details = e.details
        p.preferences = e.preferences
        break
      case 'person.representative_added':
        p.representatives.push(e.representative)
        break
      case 'person.representative_ended':
        p.representatives = end(p.representatives, 'representative', e)
        break
      case 'person.vulnerability_recorded':
        p.vulnerabilities.push(e.vulnerability)
        break
      case 'person.vulnerability_ended':
        p.vulnerabilities = end(p.vulnerabilities, 'vulnerability', e)
        break
      case 'person.adjustment_agreed':
        p.adjustments.push({ ...e.adjustment, reviews: [] })
        break
      case 'person.adjustment_reviewed': {
        const a = p.adjustments.find((x) => x.id === e.id)
        if (a) {
          a.reviews.push({ on: e.on, note: e.note })
          if (e.nextReviewOn) a.reviewOn = e.nextReviewOn
        }
        break
      }
      case 'person.adjustment_ended':
        p.adjustments = end(p.adjustments, 'adjustment', e)
        break
      case 'person.restriction_imposed':
        p.restrictions.push({ ...e.restriction, reviews: [] })
        break
      case 'person.restriction_reviewed': {
        const r = p.restrictions.find((x) => x.id === e.id)
        if (r) {
          r.reviews.push({ on: e.on, note: e.note })
          r.reviewOn = e.nextReviewOn
        }
        break
      }
      case 'person.restriction_ended':
        p.restrictions = end(p.restrictions, 'restriction', e)
        break
      case 'person.merged_from':
        p.mergedFrom.push({ personId: e.personId, reference: e.reference })
        p.representatives.push(...e.representatives)
        p.vulnerabilities.push(...e.vulnerabilities)
        p.adjustments.push(...e.adjustments)
        p.restrictions.push(...e.restrictions)
        break
      case 'person.merged_into':
        p.mergedInto = { personId: e.personId, reference: e.reference }
        break
    }
  }
  return p
}

/** A restriction ends itself on its end date: in force from its start to its end, inclusive. */
export const restrictionInForce = (r: Restriction, today: CalendarDate) =>
  r.startsOn <= today && today <= r.endsOn

/** The restrictions in force today (those past their end date have ended themselves). */
export const restrictionsInForce = (p: Pick<Person, 'restrictions'>, today: CalendarDate) =>
  p.restrictions.filter((r) => restrictionInForce(r, today))

/** Representatives whose consent has not run out (Code 1.3). */
export const representativesActing = (p: Pick<Person, 'representatives'>, today: CalendarDate) =>
  p.representatives.filter((r) => !r.consentUntil || today <= r.consentUntil)

/** What is due for review on or before a date: adjustments (Code 5.10) and restrictions in force (5.15). */
export function reviewsDue(
  p: Pick<Person, 'adjustments' | 'restrictions'>,
  today: CalendarDate,
  by: CalendarDate,
) {
  return [
    ...p.adjustments.map((a) => ({
      what: 'adjustment' as const,
      id: a.id,
      label: adjustmentLabels[a.kind],
      reviewOn: a.reviewOn,
    })),
    ...restrictionsInForce(p, today).map((r) => ({
      what: 'restriction' as const,
      id: r.id,
      label: r.scope.map((s) => restrictionScopeLabels[s]).join('; '),
      reviewOn: r.reviewOn,
    })),
  ]
    .filter((x) => x.reviewOn <= by)
    .sort((a, b) => a.reviewOn.localeCompare(b.reviewOn))
}

/** The earliest review date owed on the record, for queues and reminders. */
export function nextReviewOn(
  p: Pick<Person, 'adjustments' | 'restrictions'>,
  today: CalendarDate,
): CalendarDate | undefined {
  return reviewsDue(p, today, '9999-12-31')[0]?.reviewOn
}

/**
 * Code 5.14–5.15: a warning for each restriction in force that contact by this method would
 * break, in words, so the person sees it before they make or record the contact.
 */
export function contactWarnings(
  p: Pick<Person, 'restrictions'>,
  method: ContactMethod | undefined,
  today: CalendarDate,
): string[] {
  return restrictionsInForce(p, today).flatMap((r) =>
    r.scope
      .filter((s) => method === undefined || scopeWarnsAbout[s].includes(method))
      .map(
        (s) =>
          `Code 5.14: ${restrictionScopeLabels[s]} until ${formatDateInWords(r.endsOn)}: ${r.restriction}`,
      ),
  )
}

/** A home as a key for repeat counts (Code 6.1): the postcode without spaces and the address's first line, in lower case. */
export function addressKeyOf(r: { address?: string; postcode?: string }): string | null {
  const postcode = r.postcode?.replace(/\s+/g, '').toUpperCase()
  const firstLine = r.address?.split(/[,\n]/)[0]?.trim().toLowerCase().replace(/\s+/g, ' ')
  return postcode && firstLine ? `${postcode}|${firstLine}` : null
}
