import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Actor } from '../../../../services/complaints.js'
import { requireStaff } from '../access.js'
import { instant, text } from '../schemas.js'
import { complaintSchema } from './presenter.js'

/** What every complaint route shares: the case's path, the version it was read at, an action's time. */
export const optionalInstant = instant.optional().transform((v) => (v ? new Date(v) : undefined))
export const version = z
  .number()
  .int()
  .min(1)
  .optional()
  .describe('The version you last read: a stale one is refused with 409')
/**
 * An action recorded more than the landlord's tolerance after its `...At` (api-v1 Conventions,
 * third release): why, and for a response the letter actually sent; for an extension recorded
 * after its deadline, a senior lead's evidence that it was agreed in time.
 */
export const lateRecording = {
  recordedLateReason: text(5000)
    .optional()
    .describe(
      'Why the action is recorded more than the tolerance (default 2 working days) after it happened',
    ),
  sentLetterDocumentId: text(100)
    .optional()
    .describe('A response recorded late: the document on the complaint holding the letter actually sent'),
  evidenceDocumentId: text(100)
    .optional()
    .describe('An extension recorded after its deadline: the document showing it was agreed in time'),
}

export const params = z.object({ id: text(100).describe('The complaint id') })

export const tags = ['Complaints']

/** The member of staff acting on a complaint: signed in, and allowed to handle complaints. */
export const actor = (request: FastifyRequest): Actor => {
  const s = requireStaff(request, 'handleComplaints')
  return { id: s.id, role: s.role, name: s.name }
}

/** An action answers with the complaint as it now is. */
export const respond200 = { 200: complaintSchema }
