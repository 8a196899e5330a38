import type { Complaint } from './complaint.js'
import type { ComplaintEventData, Representative, Resident } from './events.js'
import { type Channel, channels } from './vocabulary.js'
import { Problems } from './workflow.js'

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
    consentGiven: boolean
    consentDetails?: string
  }
  categories?: string[]
  serviceRequestReference?: string
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const trimmed = (s: string | undefined) => {
  const t = s?.trim()
  return t ? t : undefined
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
): ComplaintEventData {
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
  if (email && !emailPattern.test(email))
    problems.add('resident.email', 'Enter the resident’s email address like name@example.org')

  let representative: Representative | undefined
  if (input.representative) {
    const r = input.representative
    if (!r.name?.trim()) problems.add('representative.name', 'Enter the representative’s name')
    if (!r.consentGiven) {
      problems.add(
        'representative.consentGiven',
        'Code 1.3: a complaint made by a representative is handled with the resident’s consent; record that the resident has agreed, and how',
        '1.3',
      )
    }
    representative = {
      name: r.name?.trim() ?? '',
      relationship: trimmed(r.relationship) ?? 'representative',
      ...(trimmed(r.email) ? { email: trimmed(r.email) } : {}),
      ...(trimmed(r.phone) ? { phone: trimmed(r.phone) } : {}),
      consent: {
        given: true,
        how: trimmed(r.consentDetails) ?? 'recorded when the complaint was logged',
        recordedAt: ctx.now.toISOString(),
      },
    }
  }

  const categories = [...new Set(input.categories ?? [])]
  for (const code of categories) {
    if (!ctx.categories.find((c) => c.code === code)?.active)
      problems.add('categories', `"${code}" is not one of the landlord’s complaint categories`)
  }

  // Code 6.8: issues raised after the stage 1 response become a new complaint, linked.
  const linked = ctx.linkedFrom
  if (
    linked &&
    !linked.stages[1].response &&
    linked.state !== 'not_accepted' &&
    linked.state !== 'withdrawn'
  ) {
    problems.add(
      'linkedFrom',
      `Code 6.8: ${linked.reference} has not had its stage 1 response yet; add the new issues to it instead of logging a new complaint`,
      '6.8',
    )
  }
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
  }
  return {
    type: 'complaint.received',
    reference: ctx.reference,
    channel: channel as Channel,
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
      ? { linkedFrom: { complaintId: ctx.linkedFrom.id, reference: ctx.linkedFrom.reference } }
      : {}),
    policyVersion: ctx.policyVersion,
  }
}

export function formatReference(year: number, n: number): string {
  return `CMP-${year}-${String(n).padStart(6, '0')}`
}
