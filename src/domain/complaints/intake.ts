import type { Complaint } from './complaint.js'
import type { ComplaintEventData, Representative, Resident } from './events.js'
import { type Channel, channels } from './vocabulary.js'
import { WorkflowError } from './workflow.js'

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

const rule = (message: string, field: string, provision?: string) =>
  new WorkflowError('rule', message, field, provision)
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
  const channel = channels.find((c) => c === input.channel) as Channel | undefined
  if (!channel) throw rule(`The channel must be one of: ${channels.join(', ')}`, 'channel')
  if (input.receivedAt.getTime() > ctx.now.getTime() + 60_000)
    throw rule('receivedAt cannot be in the future', 'receivedAt')
  const description = input.description?.trim()
  if (!description)
    throw rule(
      'Describe what the resident is unhappy about, in their words as far as possible',
      'description',
    )
  const name = input.resident?.name?.trim()
  if (!name) throw rule('Enter the resident’s name', 'resident.name')
  const email = trimmed(input.resident.email)
  if (email && !emailPattern.test(email))
    throw rule('Enter the resident’s email address like name@example.org', 'resident.email')

  let representative: Representative | undefined
  if (input.representative) {
    const r = input.representative
    if (!r.name?.trim()) throw rule('Enter the representative’s name', 'representative.name')
    if (!r.consentGiven) {
      throw rule(
        'Code 1.3: a complaint made by a representative is handled with the resident’s consent; record that the resident has agreed, and how',
        'representative.consentGiven',
        '1.3',
      )
    }
    representative = {
      name: r.name.trim(),
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
    const known = ctx.categories.find((c) => c.code === code)
    if (!known?.active)
      throw rule(`"${code}" is not one of the landlord’s complaint categories`, 'categories')
  }

  if (ctx.linkedFrom) {
    // Code 6.8: issues raised after the stage 1 response become a new complaint, linked.
    if (
      !ctx.linkedFrom.stages[1].response &&
      ctx.linkedFrom.state !== 'not_accepted' &&
      ctx.linkedFrom.state !== 'withdrawn'
    ) {
      throw rule(
        `Code 6.8: ${ctx.linkedFrom.reference} has not had its stage 1 response yet; add the new issues to it instead of logging a new complaint`,
        'linkedFrom',
        '6.8',
      )
    }
  }

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
    channel,
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
