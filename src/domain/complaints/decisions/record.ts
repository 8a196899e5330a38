import { addressLines, formatPostcode } from '../../letters/postalAddress.js'
import { type DecisionContext, notNow, Problems, rule } from '../../rules.js'
import type { Complaint } from '../complaint.js'
import type { ComplaintEventData } from '../events.js'
import { contactMethods, tenureLabels, tenures, type UpdateMethod, updateMethods } from '../vocabulary.js'
import { checkTransition } from '../workflow.js'

/** Adding to the record without moving the case: notes, documents, contacts (Code 5.12). */

export function decideNote(c: Complaint, text: string, ctx: DecisionContext): ComplaintEventData {
  checkTransition('addNote', c, ctx.actor.role)
  if (!text?.trim()) throw rule('Write the note', 'text')
  return { type: 'complaint.note_added', text: text.trim() }
}

/** The resident adds information to their own complaint (online). */
export function decideAddInformation(c: Complaint, text: string, ctx: DecisionContext): ComplaintEventData {
  checkTransition('addInformation', c, ctx.actor.role)
  const t = text?.trim() ?? ''
  if (!t) throw rule('Write the information you want to add, or choose a file to send', 'text')
  if (t.length > 10_000) throw rule('The information must be 10,000 characters or fewer', 'text')
  return { type: 'complaint.information_added', text: t }
}

export function decideAttachDocument(
  c: Complaint,
  input: { documentId: string; filename: string; contentType: string; size: number; description?: string },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('attachDocument', c, ctx.actor.role)
  const { description, ...file } = input
  return {
    type: 'complaint.document_attached',
    ...file,
    ...(description?.trim() ? { description: description.trim() } : {}),
  }
}

export function decideContact(
  c: Complaint,
  input: { direction: 'incoming' | 'outgoing'; method: string; summary: string },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('recordContact', c, ctx.actor.role)
  const method = contactMethods.find((m) => m === input.method)
  if (!method) throw rule(`The contact method must be one of: ${contactMethods.join(', ')}`, 'method')
  if (input.direction !== 'incoming' && input.direction !== 'outgoing')
    throw rule('Say whether the contact was incoming or outgoing', 'direction')
  if (!input.summary?.trim()) throw rule('Summarise the contact', 'summary')
  return {
    type: 'complaint.contact_recorded',
    direction: input.direction,
    method,
    summary: input.summary.trim(),
  }
}

/** Code 5.9: an update given to the resident while the stage is considered. */
export function decideResidentUpdate(
  c: Complaint,
  input: { method: string; summary: string },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('updateResident', c, ctx.actor.role)
  const problems = new Problems()
  const method = updateMethods.find((m) => m === input.method)
  if (!method) problems.add('method', `Say how the resident was updated: ${updateMethods.join(', ')}`, '5.9')
  const summary = input.summary?.trim() ?? ''
  if (!summary)
    problems.add(
      'summary',
      'Code 5.9: say what the resident was told about the progress of their complaint',
      '5.9',
    )
  problems.throwIfAny()
  return { type: 'complaint.resident_updated', method: method as UpdateMethod, summary }
}

/**
 * Code 9.1–9.3: the learning from a stage's answer: its root causes (from the landlord's list),
 * the service area, and what was learned. Required in full for a stage upheld or partly upheld.
 */
export function decideLearning(
  c: Complaint,
  input: { stage?: number; rootCauses: string[]; serviceArea?: string; learning?: string },
  lists: { rootCauses: { code: string; active: boolean }[]; categories: { code: string; active: boolean }[] },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('recordLearning', c, ctx.actor.role)
  const problems = new Problems()
  const stage = input.stage === 2 ? 2 : input.stage === 1 ? 1 : undefined
  const response = stage ? c.stages[stage]?.response : undefined
  if (!stage || !response)
    problems.add('stage', 'Code 9.1: learning is recorded for a stage that has had its response', '9.1')
  const rootCauses = [...new Set(input.rootCauses)]
  if (!rootCauses.length) problems.add('rootCauses', 'Code 9.1: choose at least one root cause', '9.1')
  for (const code of rootCauses)
    if (!lists.rootCauses.find((r) => r.code === code)?.active)
      problems.add('rootCauses', `"${code}" is not one of the landlord’s root causes`)
  const serviceArea = input.serviceArea?.trim() ?? ''
  if (!lists.categories.find((x) => x.code === serviceArea)?.active)
    problems.add('serviceArea', 'Choose the service area, from the landlord’s complaint categories')
  const learning = input.learning?.trim() ?? ''
  if (!learning)
    problems.add('learning', 'Code 9.1: say what was learned, and what will change because of it', '9.1')
  else if (learning.length > 10_000)
    problems.add('learning', 'The learning must be 10,000 characters or fewer')
  problems.throwIfAny()
  return {
    type: 'complaint.learning_recorded',
    stage: stage as 1 | 2,
    rootCauses,
    serviceArea,
    learning,
  }
}

/**
 * Where letters are posted, recorded or corrected: the resident's address, or the representative's
 * (who letters go to once the resident's consent is recorded, Code 1.3). A full UK postcode.
 */
export function decidePostalAddress(
  c: Complaint,
  input: { whose?: string; address?: string; postcode?: string },
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('recordPostalAddress', c, ctx.actor.role)
  const problems = new Problems()
  const whose =
    input.whose === 'representative' ? 'representative' : input.whose === 'resident' ? 'resident' : undefined
  if (!whose) problems.add('whose', 'Choose whose address this is: the resident’s or the representative’s')
  else if (whose === 'representative' && !c.representative)
    problems.add('whose', 'No representative is recorded on this complaint')
  const lines = addressLines(input.address, undefined)
  if (!lines.length) problems.add('address', 'Enter the address: the house or flat and street, and the town')
  const postcode = formatPostcode(input.postcode ?? '')
  if (!postcode) problems.add('postcode', 'Enter a full UK postcode, like LS1 4AP')
  problems.throwIfAny()
  return {
    type: 'complaint.postal_address_recorded',
    whose: whose as 'resident' | 'representative',
    address: lines.join('\n'),
    postcode: postcode as string,
  }
}

/** The resident's tenure, recorded or corrected (the Tenant Satisfaction Measures count by it). */
export function decideTenure(
  c: Complaint,
  tenure: string | undefined,
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('recordTenure', c, ctx.actor.role)
  const t = tenures.find((x) => x === tenure?.trim())
  if (!t) throw rule(`Choose the tenure: ${tenures.join(', ')}`, 'tenure')
  if (t === c.tenure) throw notNow(`The tenure is already recorded as ${tenureLabels[t]}`)
  return { type: 'complaint.tenure_recorded', tenure: t }
}
