import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  contactMethods,
  decisions,
  remedyTypes,
  tenures,
  updateMethods,
} from '../../../../domain/complaints/vocabulary.js'
import { compensationParts } from '../../../../domain/remedies/vocabulary.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { calendarDate, pounds, text } from '../schemas.js'
import { presentComplaint } from './presenter.js'

import { actor, lateRecording, optionalInstant, params, respond200, tags, version } from './shared.js'

const conflictOfInterest = z
  .object({
    answer: z.enum(['none', 'conflict']),
    conflict: text(5000).optional(),
    howHandled: text(5000).optional(),
  })
  .optional()
  .describe(
    'Code 5.8: the handler has no conflict of interest ("none"), or names it and how it was handled ("conflict"). Omitted, the assignment is recorded as not declared and shows as missing evidence.',
  )

/** The actions on a complaint, each a POST to its own path (api-v1 "Complaints"). */
export const complaintActionRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const complaints = services.complaints

  app.post(
    '/complaints/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'Acknowledge, define and log the complaint at its current stage (Code 6.2, 6.11)',
        params,
        body: z.object({
          acknowledgedAt: optionalInstant,
          ...lateRecording,
          handlerId: text(100).optional().describe('Defaults to you'),
          definition: z.object({
            issues: z.array(text(2000)).max(50),
            outcomesSought: z.array(text(2000)).max(50),
            notResponsibleFor: z.array(text(2000)).max(50).optional(),
          }),
          discretion: z
            .object({ reason: text(5000) })
            .optional()
            .describe('Code 2.3: accepted although over 12 months old, and why'),
          updateIntervalDays: z
            .number()
            .int()
            .min(-1000)
            .max(1000)
            .optional()
            .describe(
              'Code 5.9: how often to update the resident, in working days (1 to 20), as agreed with them; omitted, the policy’s default applies and is shown as not agreed',
            ),
          updateIntervalAgreed: z
            .boolean()
            .optional()
            .describe(
              'Code 5.9: false when the interval given was not agreed with the resident (default true when one is given)',
            ),
          conflictOfInterest,
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.acknowledge(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/extensions',
    {
      schema: {
        tags,
        summary: 'Extend the current stage’s response deadline (Code 6.4, 6.15)',
        params,
        body: z.object({
          workingDays: z.number().int().min(-1000).max(1000),
          reason: text(5000),
          goodReason: text(5000).optional(),
          extendedAt: optionalInstant,
          ...lateRecording,
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.extend(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/responses',
    {
      schema: {
        tags,
        summary: 'Record the stage response (Code 6.6–6.9, 6.17–6.19)',
        params,
        body: z.object({
          respondedAt: optionalInstant,
          ...lateRecording,
          decision: z.enum(decisions),
          reasons: text(20_000),
          issueDecisions: z
            .array(
              z.object({ issueId: text(100), decision: z.enum(decisions), reasons: text(5000).optional() }),
            )
            .max(50)
            .optional(),
          remedies: z
            .array(
              z.object({
                type: z.enum(remedyTypes),
                description: text(2000).optional(),
                amount: pounds.optional(),
                breakdown: z
                  .object(
                    Object.fromEntries(
                      compensationParts.map((p) => [p, z.number().min(0).max(1_000_000).optional()]),
                    ) as Record<(typeof compensationParts)[number], z.ZodOptional<z.ZodNumber>>,
                  )
                  .strict()
                  .optional()
                  .describe('Code 7.2: how a financial remedy is made up; the parts add up to the amount'),
                replaces: z
                  .object({ remedyId: z.string().max(10), why: text(2000) })
                  .strict()
                  .optional()
                  .describe(
                    'Code 7.3, at stage 2: the stage 1 remedy ("1-2") this one replaces, and why; it is then owed no longer',
                  ),
              }),
            )
            .max(20)
            .optional(),
          learning: z
            .object({
              rootCauses: z.array(text(100)).max(20),
              serviceArea: text(100),
              learning: text(10_000),
            })
            .optional()
            .describe('Code 9.1: the learning, recorded with the response; or later, on its own'),
          outstandingActions: z
            .array(
              z.object({
                description: text(2000),
                dueOn: calendarDate,
                ownerId: text(100)
                  .optional()
                  .describe('Who sees it done (Code 7.3); defaults to whoever responds'),
              }),
            )
            .max(50)
            .optional(),
          involved: z
            .array(z.object({ name: text(200), role: text(200) }))
            .max(50)
            .optional()
            .describe(
              'Code 6.20: at stage 2, who was involved in the final response, with their roles; omitted, the response shows this as missing evidence',
            ),
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.respond(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/escalations',
    {
      schema: {
        tags,
        summary: 'Record the resident’s request for stage 2; no reason is required (Code 6.10, 6.12)',
        params,
        body: z.object({
          requestedAt: optionalInstant,
          ...lateRecording,
          how: text(100).optional(),
          residentReason: text(5000).optional(),
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.requestEscalation(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/refusal',
    {
      schema: {
        tags,
        summary: 'Decline to accept, or to escalate, on one of the exclusion grounds (Code 2.1–2.5, 5.11)',
        params,
        body: z.object({
          reason: text(100),
          explanation: text(10_000),
          discretion: z
            .object({
              decision: z.enum(['exercise', 'do_not_exercise']).optional(),
              reason: text(5000).optional(),
            })
            .optional()
            .describe(
              'Code 2.3: for older_than_12_months, required: the decision on discretion (do_not_exercise to refuse) and why it was not exercised; a reason alone means do_not_exercise',
            ),
          issueOccurredOn: calendarDate
            .optional()
            .describe('Code 2.3: when the issue happened, if not recorded when the complaint was logged'),
          residentAwareOn: calendarDate
            .optional()
            .describe('Code 2.3: when the resident became aware of it, if not recorded when logged'),
          refusedAt: optionalInstant,
          ...lateRecording,
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.refuse(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/withdrawal',
    {
      schema: {
        tags,
        summary: 'Record that the resident withdrew the complaint, and how they said so',
        params,
        body: z.object({
          how: text(200),
          note: text(5000).optional(),
          withdrawnAt: optionalInstant,
          ...lateRecording,
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.withdraw(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/updates',
    {
      schema: {
        tags,
        summary:
          'Record an update given to the resident; by letter or email an update letter is sent (Code 5.9)',
        params,
        body: z.object({
          method: z.enum(updateMethods),
          summary: text(5000),
          updatedAt: optionalInstant,
          ...lateRecording,
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.updateResident(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/consent',
    {
      schema: {
        tags,
        summary:
          'Record the resident’s consent for their representative, given after the complaint was logged (Code 1.3)',
        params,
        body: z.object({ how: text(1000), consentAt: optionalInstant, ...lateRecording, version }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.recordConsent(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/closure',
    {
      schema: {
        tags,
        summary: 'Close a responded complaint',
        params,
        body: z.object({ note: text(5000).optional(), closedAt: optionalInstant, ...lateRecording, version }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.close(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/issues',
    {
      schema: {
        tags,
        summary: 'Add an issue before the stage 1 response (Code 6.8)',
        params,
        body: z.object({ summary: text(2000), version }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.addIssue(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/assignment',
    {
      schema: {
        tags,
        summary: 'Assign or reassign the current stage (complaints officers and senior leads)',
        params,
        body: z.object({ handlerId: text(100), conflictOfInterest, version }),
        response: respond200,
      },
    },
    async (request) => {
      const s = requireStaff(request, 'reassignComplaints')
      return presentComplaint(
        await complaints.reassign(request.params.id, { id: s.id, role: s.role }, request.body),
      )
    },
  )

  app.post(
    '/complaints/:id/notes',
    {
      schema: {
        tags,
        summary: 'Add a note',
        params,
        body: z.object({ text: text(20_000), version }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.addNote(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/contacts',
    {
      schema: {
        tags,
        summary: 'Record a contact with the resident or their representative',
        params,
        body: z.object({
          direction: z.enum(['incoming', 'outgoing']),
          method: z.enum(contactMethods),
          summary: text(20_000),
          contactAt: optionalInstant,
          ...lateRecording,
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.recordContact(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/outstanding-actions/:actionId/reschedule',
    {
      schema: {
        tags,
        summary: 'Move a promised action to a later date, saying why; the resident is told (Code 7.3)',
        params: params.extend({ actionId: text(100) }),
        body: z.object({ dueOn: calendarDate, reason: text(5000), version }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(
        await complaints.rescheduleAction(request.params.id, actor(request), {
          ...request.body,
          actionId: request.params.actionId,
        }),
      ),
  )

  app.post(
    '/complaints/:id/tenure',
    {
      schema: {
        tags,
        summary: 'Record or correct the resident’s tenure (it decides how the TSM count the complaint)',
        params,
        body: z.object({ tenure: z.enum(tenures), version }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.recordTenure(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/outstanding-actions/:actionId/completion',
    {
      schema: {
        tags,
        summary: 'Record that an outstanding action is complete (Code 6.6, 6.17)',
        params: params.extend({ actionId: text(100) }),
        body: z.object({
          note: text(5000).optional(),
          completedAt: optionalInstant,
          ...lateRecording,
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(
        await complaints.completeAction(request.params.id, actor(request), {
          ...request.body,
          actionId: request.params.actionId,
        }),
      ),
  )
}
