import { type CalendarDate, isCalendarDate, londonDateOf } from '../calendar/calendarDate.js'
import { disclosedVulnerability } from '../people/decisions.js'
import type { Vulnerability } from '../people/person.js'
import { type Adjustments, checkAdjustments, checkUpdatePreference } from '../residents/needs.js'
import { Problems } from '../rules.js'
import { can, type StaffRole } from '../staff/roles.js'
import { isEmailAddress } from '../text/emailAddress.js'
import { trimmed } from '../text/trimmed.js'
import type { Complaint } from './complaint.js'
import { type ConflictOfInterestInput, decideConflictOfInterest } from './decisions/considering.js'
import {
  type ComplaintEventData,
  type LinkReason,
  linkReasons,
  type Representative,
  type Resident,
} from './events.js'
import { type Channel, channels, tenures } from './vocabulary.js'

export type IntakeInput = {
  channel: string
  receivedAt: Date
  description: string
  outcomeSought?: string
  resident: Resident
  representative?: {
    name: string
    relationship?: string
    email?: string
    phone?: string
    address?: string
    postcode?: string
    consentGiven: boolean
    consentDetails?: string
  }
  categories?: string[]
  serviceRequestReference?: string
  /** Code 2.3: when the issue happened, and when the resident became aware of it (both optional). */
  issueOccurredOn?: string
  residentAwareOn?: string
  /** Code 6.8: why the new issues are a complaint of their own, when linked to an earlier one. */
  linkReason?: string
  linkNote?: string
  /** Code 3.2: adjustments asked for; Code 5.9: how and how often to hear from us. */
  adjustments?: Adjustments
  updatePreference?: { method?: string; frequency?: string }
  /** For the Tenant Satisfaction Measures: lcra, lcho or other; not given means not recorded. */
  tenure?: string
  /** The landlord entity it belongs to (issue 34); not given: the default entity. */
  entityId?: string
}

/**
 * A complaint as it is logged (Code 1.2, 1.3, 3.1): however it was made, by the resident or
 * someone acting for them with their consent. Returns the received event.
 */
export function decideReceive(
  input: IntakeInput,
  ctx: {
    now: Date
    reference: string
    policyVersion: number
    categories: { code: string; active: boolean }[]
    linkedFrom?: Complaint
  },
): Extract<ComplaintEventData, { type: 'complaint.received' }> {
  const problems = new Problems()
  const channel = channels.find((c) => c === input.channel) as Channel | undefined
  if (!channel) problems.add('channel', `Choose how the complaint was made: ${channels.join(', ')}`)
  if (input.receivedAt.getTime() > ctx.now.getTime() + 60_000)
    problems.add('receivedAt', 'receivedAt cannot be in the future')
  const description = input.description?.trim() ?? ''
  if (!description)
    problems.add(
      'description',
      'Describe what the resident is unhappy about, in their words as far as possible',
    )
  const name = input.resident?.name?.trim() ?? ''
  if (!name) problems.add('resident.name', 'Enter the resident’s name')
  const email = trimmed(input.resident?.email)
  if (email && !isEmailAddress(email))
    problems.add('resident.email', 'Enter the resident’s email address like name@example.org')

  let representative: Representative | undefined
  if (input.representative) {
    const r = input.representative
    if (!r.name?.trim()) problems.add('representative.name', 'Enter the representative’s name')
    // Code 1.3: a missing consent never loses the complaint. It is logged and its clock runs;
    // the case shows that consent is needed, and letters go to the resident until it is given.
    representative = {
      name: r.name?.trim() ?? '',
      relationship: trimmed(r.relationship) ?? 'representative',
      ...(trimmed(r.email) ? { email: trimmed(r.email) } : {}),
      ...(trimmed(r.phone) ? { phone: trimmed(r.phone) } : {}),
      ...(trimmed(r.address) ? { address: trimmed(r.address) } : {}),
      ...(trimmed(r.postcode) ? { postcode: trimmed(r.postcode) } : {}),
      consent: r.consentGiven
        ? {
            given: true,
            how: trimmed(r.consentDetails) ?? 'recorded when the complaint was logged',
            recordedAt: ctx.now.toISOString(),
          }
        : { given: false, how: 'not yet given', recordedAt: ctx.now.toISOString() },
    }
  }

  const receivedOn = londonDateOf(input.receivedAt)
  const dates: { issueOccurredOn?: CalendarDate; residentAwareOn?: CalendarDate } = {}
  for (const [key, label] of [
    ['issueOccurredOn', 'the issue happened'],
    ['residentAwareOn', 'the resident became aware of the issue'],
  ] as const) {
    const value = trimmed(input[key])
    if (!value) continue
    if (!isCalendarDate(value))
      problems.add(key, `Code 2.3: the date ${label} must be a real date, YYYY-MM-DD`, '2.3')
    else if (value > receivedOn)
      problems.add(key, `Code 2.3: the date ${label} cannot be after the complaint was received`, '2.3')
    else if (value < '1900-01-01') problems.add(key, `Code 2.3: the date ${label} must be after 1900`, '2.3')
    else dates[key] = value
  }
  if (dates.issueOccurredOn && dates.residentAwareOn && dates.residentAwareOn < dates.issueOccurredOn)
    problems.add(
      'residentAwareOn',
      'Code 2.3: the resident cannot have become aware of the issue before it happened',
      '2.3',
    )

  const categories = [...new Set(input.categories ?? [])]
  for (const code of categories) {
    if (!ctx.categories.find((c) => c.code === code)?.active)
      problems.add('categories', `"${code}" is not one of the landlord’s complaint categories`)
  }

  // Code 6.8: new issues join the earlier complaint when they are related and its stage 1
  // response has not been issued; they are a new complaint when the response has been issued,
  // they are unrelated, or adding them would unreasonably delay the response.
  const linked = ctx.linkedFrom
  let linkReason: LinkReason | undefined
  if (linked) {
    const responded =
      Boolean(linked.stages[1].response) || ['not_accepted', 'withdrawn'].includes(linked.state)
    const given = trimmed(input.linkReason)
    linkReason =
      linkReasons.find((r) => r === given) ?? (given ? undefined : responded ? 'after_response' : undefined)
    if (given && !linkReason)
      problems.add('linkReason', `Code 6.8: the link reason must be one of: ${linkReasons.join(', ')}`, '6.8')
    else if (!responded && (!linkReason || linkReason === 'after_response'))
      problems.add(
        'linkReason',
        `Code 6.8: ${linked.reference} has not had its stage 1 response yet; add related issues to it, or say why they are a new complaint: they are unrelated, or adding them would unreasonably delay its response`,
        '6.8',
      )
  } else if (trimmed(input.linkReason)) {
    problems.add('linkedFrom', 'Code 6.8: say which earlier complaint the new issues are linked to', '6.8')
  }
  const tenure = trimmed(input.tenure) ? tenures.find((x) => x === trimmed(input.tenure)) : undefined
  if (trimmed(input.tenure) && !tenure)
    problems.add('tenure', `The tenure must be one of: ${tenures.join(', ')} (or left out if not known)`)
  const adjustments = checkAdjustments(input.adjustments, problems)
  const updatePreference = checkUpdatePreference(input.updatePreference, problems)
  problems.throwIfAny()

  const resident: Resident = {
    name,
    ...(email ? { email } : {}),
    ...(trimmed(input.resident.phone) ? { phone: trimmed(input.resident.phone) } : {}),
    ...(trimmed(input.resident.address) ? { address: trimmed(input.resident.address) } : {}),
    ...(trimmed(input.resident.postcode)
      ? { postcode: trimmed(input.resident.postcode)?.toUpperCase() }
      : {}),
    ...(trimmed(input.resident.tenancyReference)
      ? { tenancyReference: trimmed(input.resident.tenancyReference) }
      : {}),
    // Asking to hear by letter means letters by post; asking for large print means large print.
    ...(input.resident.postOnly || updatePreference?.method === 'letter' ? { postOnly: true } : {}),
    ...(input.resident.largePrint || adjustments?.needs.includes('large_print') ? { largePrint: true } : {}),
  }
  return {
    type: 'complaint.received',
    reference: ctx.reference,
    channel: channel as Channel,
    ...(tenure ? { tenure } : {}),
    ...(trimmed(input.entityId) ? { entityId: trimmed(input.entityId) } : {}),
    receivedAt: input.receivedAt.toISOString(),
    description,
    ...(trimmed(input.outcomeSought) ? { outcomeSought: trimmed(input.outcomeSought) } : {}),
    resident,
    ...(representative ? { representative } : {}),
    categories,
    ...(trimmed(input.serviceRequestReference)
      ? { serviceRequestReference: trimmed(input.serviceRequestReference) }
      : {}),
    ...(ctx.linkedFrom
      ? {
          linkedFrom: {
            complaintId: ctx.linkedFrom.id,
            reference: ctx.linkedFrom.reference,
            ...(linkReason ? { reason: linkReason } : {}),
            ...(trimmed(input.linkNote) ? { note: trimmed(input.linkNote) } : {}),
          },
        }
      : {}),
    ...dates,
    ...(adjustments ? { adjustments } : {}),
    ...(updatePreference ? { updatePreference } : {}),
    policyVersion: ctx.policyVersion,
  }
}

export function formatReference(year: number, n: number): string {
  return `CMP-${year}-${String(n).padStart(6, '0')}`
}

/** Whether text is a complaint's reference as `formatReference` writes it, in any case. */
export const isReference = (text: string) => /^CMP-\d{4}-\d{6,}$/i.test(text.trim())

/**
 * What a member of staff logging a complaint may add to it (Code 3.2, 5.10): taking it on
 * themselves in one tick, or, with the right to assign complaints, giving it to another handler;
 * and a vulnerability the resident disclosed, which goes on the resident's record (sensitive,
 * for the roles that need it), never in the complaint's history.
 */
export type StaffIntake = {
  handlerId?: string
  /** Code 5.8: asked whenever the complaint is given to a handler as it is logged. */
  conflictOfInterest?: ConflictOfInterestInput
  vulnerability?: { kind?: string; details?: string }
}

export function decideStaffIntake(
  input: StaffIntake,
  ctx: { actor: { id: string; role: StaffRole }; today: CalendarDate; newId: () => string },
  problems: Problems,
): { assigned?: ComplaintEventData; vulnerability?: Vulnerability } {
  const { actor } = ctx
  const handlerId = trimmed(input.handlerId)
  if (handlerId && handlerId !== actor.id && !can(actor.role, 'reassignComplaints'))
    problems.add(
      'handlerId',
      'Only a complaints officer, senior lead or administrator may give a complaint to someone else; tick “Assign it to me” to take it on yourself',
    )
  const given = input.vulnerability
  const disclosed = Boolean(trimmed(given?.kind) || trimmed(given?.details))
  if (disclosed && !can(actor.role, 'viewVulnerabilities'))
    problems.add(
      'vulnerabilityKind',
      'Your role does not allow you to record residents’ vulnerabilities; ask a complaint handler to record it',
    )
  const vulnerability =
    disclosed && can(actor.role, 'viewVulnerabilities')
      ? disclosedVulnerability(given ?? {}, ctx, problems, {
          kind: 'vulnerabilityKind',
          details: 'vulnerabilityDetails',
        })
      : undefined
  // An assignment as the complaint is logged is an assignment: the same question as any other.
  const conflictOfInterest = handlerId
    ? decideConflictOfInterest(input.conflictOfInterest, problems)
    : undefined
  return {
    ...(handlerId
      ? {
          assigned: {
            type: 'complaint.assigned',
            stage: 1,
            handlerId,
            previousHandlerId: null,
            ...(conflictOfInterest && conflictOfInterest.declared !== 'not_declared'
              ? { conflictOfInterest }
              : {}),
          },
        }
      : {}),
    ...(vulnerability ? { vulnerability } : {}),
  }
}
