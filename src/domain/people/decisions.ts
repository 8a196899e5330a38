import {
  addCalendarDays,
  addMonths,
  type CalendarDate,
  formatDateInWords,
  isCalendarDate,
} from '../calendar/calendarDate.js'
import { tenures } from '../complaints/vocabulary.js'
import { type AdjustmentKind, adjustmentKinds } from '../residents/needs.js'
import { Problems, rule } from '../rules.js'
import { isEmailAddress } from '../text/emailAddress.js'
import { trimmed } from '../text/trimmed.js'
import {
  type ContactDetails,
  type Person,
  type PersonEventData,
  type Preferences,
  type Restriction,
  restrictionsInForce,
  type Vulnerability,
} from './person.js'
import {
  ADJUSTMENT_REVIEW_MAX_MONTHS,
  type LetterFormat,
  letterFormats,
  type PreferredMethod,
  preferredMethods,
  RESTRICTION_MAX_MONTHS,
  RESTRICTION_REVIEW_MAX_MONTHS,
  type RestrictionScope,
  restrictionScopes,
  vulnerabilityKinds,
} from './vocabulary.js'

/** Changing a resident record: each decision checks the input against the rules and returns its event. */

const within = (date: string | undefined, field: string, label: string, problems: Problems) => {
  if (!date) problems.add(field, `Enter ${label}`)
  else if (!isCalendarDate(date))
    problems.add(field, `${label[0]?.toUpperCase()}${label.slice(1)} must be a real date, YYYY-MM-DD`)
  return date && isCalendarDate(date) ? date : undefined
}

/**
 * A resident's contact details as entered (on their record, or with a service request, whose
 * fields sit under `prefix`): the name is required, an email and a postcode must look like one.
 */
export function checkDetails(
  input: Partial<ContactDetails>,
  problems: Problems,
  prefix = '',
): ContactDetails {
  const name = trimmed(input.name) ?? ''
  if (!name) problems.add(`${prefix}name`, 'Enter the resident’s name')
  const email = trimmed(input.email)
  if (email && !isEmailAddress(email))
    problems.add(`${prefix}email`, 'Enter the email address like name@example.org')
  const tenure = trimmed(input.tenure) ? tenures.find((t) => t === trimmed(input.tenure)) : undefined
  if (trimmed(input.tenure) && !tenure)
    problems.add(
      `${prefix}tenure`,
      `The tenure must be one of: ${tenures.join(', ')} (or left out if not known)`,
    )
  const entityId = trimmed(input.entityId)
  const postcode = trimmed(input.postcode)?.toUpperCase()
  if (postcode && !/^[A-Z]{1,2}[0-9][0-9A-Z]?\s*[0-9][A-Z]{2}$/.test(postcode))
    problems.add(`${prefix}postcode`, 'Enter a real postcode, like SW1A 1AA')
  return {
    name,
    ...(email ? { email } : {}),
    ...(trimmed(input.phone) ? { phone: trimmed(input.phone) } : {}),
    ...(trimmed(input.address) ? { address: trimmed(input.address) } : {}),
    ...(postcode ? { postcode } : {}),
    ...(trimmed(input.tenancyReference) ? { tenancyReference: trimmed(input.tenancyReference) } : {}),
    ...(tenure ? { tenure } : {}),
    ...(entityId ? { entityId } : {}),
  }
}

export function checkPreferences(input: Record<string, string | undefined>, problems: Problems): Preferences {
  const method = trimmed(input.method)
  const format = trimmed(input.format)
  if (method && !preferredMethods.includes(method as PreferredMethod))
    problems.add('method', `Choose how they prefer to hear from us: ${preferredMethods.join(', ')}`)
  if (format && !letterFormats.includes(format as LetterFormat))
    problems.add('format', `Choose the format for letters: ${letterFormats.join(', ')}`)
  return {
    ...(method ? { method: method as PreferredMethod } : {}),
    ...(format ? { format: format as LetterFormat } : {}),
    ...(trimmed(input.interpreterLanguage)
      ? { interpreterLanguage: trimmed(input.interpreterLanguage) }
      : {}),
    ...(trimmed(input.contactTimes) ? { contactTimes: trimmed(input.contactTimes) } : {}),
  }
}

type Ctx = { today: CalendarDate; newId: () => string; actorId: string }
const live = (p: Person) => {
  if (p.mergedInto) throw rule(`This record was merged into ${p.mergedInto.reference}; make changes there`)
}

export function decideDetails(
  p: Person,
  input: Partial<ContactDetails> & Record<string, string | undefined>,
): PersonEventData {
  live(p)
  const problems = new Problems()
  const details = checkDetails(input, problems)
  const preferences = checkPreferences(input, problems)
  problems.throwIfAny()
  return { type: 'person.details_changed', details, preferences }
}

export function decideRepresentative(
  p: Person,
  input: {
    name?: string
    relationship?: string
    email?: string
    phone?: string
    consentHow?: string
    consentFrom?: string
    consentUntil?: string
  },
  ctx: Ctx,
): PersonEventData {
  live(p)
  const problems = new Problems()
  const name = trimmed(input.name)
  if (!name) problems.add('name', 'Enter the representative’s name')
  const email = trimmed(input.email)
  if (email && !isEmailAddress(email)) problems.add('email', 'Enter the email address like name@example.org')
  const consentHow = trimmed(input.consentHow)
  if (!consentHow) problems.add('consentHow', 'Code 1.3: say how the resident gave their consent', '1.3')
  const from = within(
    trimmed(input.consentFrom) ?? ctx.today,
    'consentFrom',
    'the date consent was given',
    problems,
  )
  if (from && from > ctx.today) problems.add('consentFrom', 'Consent cannot be given in the future')
  const until = trimmed(input.consentUntil)
  if (until && !isCalendarDate(until))
    problems.add('consentUntil', 'The date consent ends must be a real date, YYYY-MM-DD')
  else if (until && from && until < from)
    problems.add('consentUntil', 'Consent cannot end before it was given')
  problems.throwIfAny()
  return {
    type: 'person.representative_added',
    representative: {
      id: ctx.newId(),
      name: name as string,
      relationship: trimmed(input.relationship) ?? 'representative',
      ...(email ? { email } : {}),
      ...(trimmed(input.phone) ? { phone: trimmed(input.phone) } : {}),
      consentHow: consentHow as string,
      consentFrom: from as CalendarDate,
      ...(until ? { consentUntil: until } : {}),
    },
  }
}

export function decideVulnerability(
  p: Person,
  input: { kind?: string; details?: string; disclosedOn?: string },
  ctx: Ctx,
): PersonEventData {
  live(p)
  const problems = new Problems()
  const vulnerability = disclosedVulnerability(input, ctx, problems)
  problems.throwIfAny()
  return { type: 'person.vulnerability_recorded', vulnerability: vulnerability as Vulnerability }
}

/**
 * A vulnerability or disability the resident disclosed (sensitive: kept on their record, shown
 * only to the roles that need it), as the record's page and the staff intake form take it.
 * Problems are added to `problems`, named by `fields`.
 */
export function disclosedVulnerability(
  input: { kind?: string; details?: string; disclosedOn?: string },
  ctx: Pick<Ctx, 'today' | 'newId'>,
  problems: Problems,
  fields: { kind: string; details: string } = { kind: 'kind', details: 'details' },
): Vulnerability | undefined {
  const kind = vulnerabilityKinds.find((k) => k === input.kind)
  if (!kind) problems.add(fields.kind, `Choose what was disclosed: ${vulnerabilityKinds.join(', ')}`)
  const details = trimmed(input.details)
  if (!details)
    problems.add(
      fields.details,
      'Say what the resident disclosed and what it means for how we deal with them',
    )
  const on = within(
    trimmed(input.disclosedOn) ?? ctx.today,
    'disclosedOn',
    'the date it was disclosed',
    problems,
  )
  if (on && on > ctx.today) problems.add('disclosedOn', 'It cannot be disclosed in the future')
  if (!kind || !details || !on || on > ctx.today) return undefined
  return { id: ctx.newId(), kind, details, disclosedOn: on }
}

/** Code 5.10: an adjustment agreed, with the date it will be reviewed (kept under active review). */
export function decideAdjustment(
  p: Person,
  input: { kind?: string; details?: string; reviewOn?: string },
  ctx: Ctx,
): PersonEventData {
  live(p)
  const problems = new Problems()
  const kind = adjustmentKinds.find((k) => k === input.kind)
  if (!kind) problems.add('kind', `Choose the adjustment: ${adjustmentKinds.join(', ')}`, '5.10')
  const reviewOn = checkReviewDate(input.reviewOn, ctx.today, ADJUSTMENT_REVIEW_MAX_MONTHS, '5.10', problems)
  problems.throwIfAny()
  return {
    type: 'person.adjustment_agreed',
    adjustment: {
      id: ctx.newId(),
      kind: kind as AdjustmentKind,
      ...(trimmed(input.details) ? { details: trimmed(input.details) } : {}),
      agreedOn: ctx.today,
      reviewOn: reviewOn as CalendarDate,
    },
  }
}

function checkReviewDate(
  value: string | undefined,
  today: CalendarDate,
  maxMonths: number,
  provision: string,
  problems: Problems,
) {
  const date = trimmed(value)
  const latest = addMonths(today, maxMonths)
  if (!date) problems.add('reviewOn', `Code ${provision}: give the date it will be reviewed`, provision)
  else if (!isCalendarDate(date)) problems.add('reviewOn', 'The review date must be a real date, YYYY-MM-DD')
  else if (date <= today)
    problems.add('reviewOn', `Code ${provision}: the review date must be after today`, provision)
  else if (date > latest)
    problems.add(
      'reviewOn',
      `Code ${provision}: review it within ${maxMonths} months, by ${formatDateInWords(latest)}`,
      provision,
    )
  return date && isCalendarDate(date) ? date : undefined
}

/** Code 5.10, 5.15: a review of an adjustment or restriction in force: what was found, and the next review. */
export function decideReview(
  p: Person,
  what: 'adjustment' | 'restriction',
  id: string,
  input: { note?: string; nextReviewOn?: string },
  ctx: Ctx,
): PersonEventData {
  live(p)
  const entry =
    what === 'adjustment'
      ? p.adjustments.find((a) => a.id === id)
      : restrictionsInForce(p, ctx.today).find((r) => r.id === id)
  if (!entry) throw rule(`There is no ${what} in force with that id on this record`)
  const problems = new Problems()
  const note = trimmed(input.note)
  const provision = what === 'adjustment' ? '5.10' : '5.15'
  if (!note) problems.add('note', `Code ${provision}: record what the review found`, provision)
  const max = what === 'adjustment' ? ADJUSTMENT_REVIEW_MAX_MONTHS : RESTRICTION_REVIEW_MAX_MONTHS
  const next = checkReviewDate(input.nextReviewOn, ctx.today, max, provision, problems)
  if (what === 'restriction' && next && next > (entry as Restriction).endsOn)
    problems.add(
      'nextReviewOn',
      `The restriction ends on ${formatDateInWords((entry as Restriction).endsOn)}; review it by then, or end it`,
      '5.15',
    )
  problems.throwIfAny()
  return what === 'adjustment'
    ? {
        type: 'person.adjustment_reviewed',
        id,
        on: ctx.today,
        note: note as string,
        nextReviewOn: next as CalendarDate,
      }
    : {
        type: 'person.restriction_reviewed',
        id,
        on: ctx.today,
        note: note as string,
        nextReviewOn: next as CalendarDate,
      }
}

export function decideEnd(
  p: Person,
  what: 'representative' | 'vulnerability' | 'adjustment' | 'restriction',
  id: string,
  reason: string | undefined,
): PersonEventData {
  live(p)
  const list = {
    representative: p.representatives,
    vulnerability: p.vulnerabilities,
    adjustment: p.adjustments,
    restriction: p.restrictions,
  }[what]
  if (!list.some((x) => x.id === id)) throw rule(`There is no ${what} with that id on this record`)
  const why = trimmed(reason)
  if (!why) throw rule(`Say why the ${what} ends`, 'reason')
  return { type: `person.${what}_ended`, id, reason: why } as PersonEventData
}

/**
 * Code 5.14–5.15: contact is restricted only when the resident's behaviour justifies it, on
 * evidence, proportionately, with the Equality Act considered, approved by a senior person, and
 * kept under review. Every part is required; the review and the end are bounded.
 */
export function decideRestriction(
  p: Person,
  input: {
    behaviour?: string
    evidence?: string
    scope?: string[]
    restriction?: string
    equalityConsideration?: string
    startsOn?: string
    reviewOn?: string
    endsOn?: string
  },
  approver: { id: string; mayApprove: boolean },
  ctx: Ctx,
): PersonEventData {
  live(p)
  const problems = new Problems()
  if (!approver.mayApprove)
    problems.add(
      'approvedBy',
      'Code 5.14: a restriction is approved by the complaints officer or a senior lead',
      '5.14',
    )
  const behaviour = trimmed(input.behaviour)
  if (!behaviour)
    problems.add('behaviour', 'Code 5.14: describe the behaviour that led to the restriction', '5.14')
  const evidence = trimmed(input.evidence)
  if (!evidence) problems.add('evidence', 'Code 5.14: record the evidence of the behaviour', '5.14')
  const scope = [...new Set(input.scope ?? [])]
  if (!scope.length) problems.add('scope', 'Code 5.14: choose what the restriction limits', '5.14')
  for (const s of scope)
    if (!restrictionScopes.includes(s as RestrictionScope))
      problems.add('scope', `Choose what the restriction limits: ${restrictionScopes.join(', ')}`, '5.14')
  const restriction = trimmed(input.restriction)
  if (!restriction)
    problems.add('restriction', 'Code 5.14: say exactly what the restriction is, as the letter will', '5.14')
  const equality = trimmed(input.equalityConsideration)
  if (!equality)
    problems.add(
      'equalityConsideration',
      'Code 5.15: record how the landlord’s obligations under the Equality Act 2010 were considered',
      '5.15',
    )
  const startsOn = within(trimmed(input.startsOn) ?? ctx.today, 'startsOn', 'the date it starts', problems)
  if (startsOn && startsOn < addCalendarDays(ctx.today, -7))
    problems.add('startsOn', 'A restriction cannot start more than a week ago')
  const reviewOn = checkReviewDate(input.reviewOn, ctx.today, RESTRICTION_REVIEW_MAX_MONTHS, '5.15', problems)
  const endsOn = within(trimmed(input.endsOn), 'endsOn', 'the date it ends', problems)
  if (startsOn && endsOn) {
    const latest = addMonths(startsOn, RESTRICTION_MAX_MONTHS)
    if (endsOn < startsOn) problems.add('endsOn', 'It cannot end before it starts')
    else if (endsOn > latest)
      problems.add(
        'endsOn',
        `Code 5.15: a restriction is proportionate and time-limited: end it by ${formatDateInWords(latest)}, or impose a new one after review`,
        '5.15',
      )
    if (reviewOn && reviewOn > endsOn)
      problems.add('reviewOn', 'Review it on or before the date it ends', '5.15')
  }
  problems.throwIfAny()
  return {
    type: 'person.restriction_imposed',
    restriction: {
      id: ctx.newId(),
      behaviour: behaviour as string,
      evidence: evidence as string,
      scope: scope as RestrictionScope[],
      restriction: restriction as string,
      equalityConsideration: equality as string,
      approvedBy: approver.id,
      startsOn: startsOn as CalendarDate,
      reviewOn: reviewOn as CalendarDate,
      endsOn: endsOn as CalendarDate,
    },
  }
}

/** Merging a duplicate into this record: the duplicate's live entries come across; both keep their history. */
export function decideMerge(into: Person, from: Person): { into: PersonEventData; from: PersonEventData } {
  if (into.id === from.id)
    throw rule('A record cannot be merged into itself: enter the duplicate’s reference', 'duplicate')
  if (into.mergedInto)
    throw rule(`${into.reference} was itself merged into ${into.mergedInto.reference}; merge into that one`)
  if (from.mergedInto)
    throw rule(`${from.reference} was already merged into ${from.mergedInto.reference}`, 'duplicate')
  return {
    into: {
      type: 'person.merged_from',
      personId: from.id,
      reference: from.reference,
      representatives: from.representatives,
      vulnerabilities: from.vulnerabilities,
      adjustments: from.adjustments,
      restrictions: from.restrictions,
    },
    from: { type: 'person.merged_into', personId: into.id, reference: into.reference },
  }
}
