import type { Complaint } from '../complaint.js'
import type { ComplaintEventData } from '../events.js'
import { contactMethods, type UpdateMethod, updateMethods } from '../vocabulary.js'
import { checkTransition, type DecisionContext, Problems, rule } from '../workflow.js'

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
