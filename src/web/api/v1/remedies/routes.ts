import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { remedyAnswers, remedyStatuses } from '../../../../domain/remedies/vocabulary.js'
import {
  registerCursorKeys,
  registerCursorLength,
  registerCursorOf,
} from '../../../../services/remedies/register.js'
import { keysFromCursor, pageCursor } from '../../../pagination.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { presentComplaint } from '../complaints/presenter.js'
import { actor, lateRecording, optionalInstant, params, respond200, version } from '../complaints/shared.js'
import { calendarDate, text } from '../schemas.js'

const tags = ['Remedies']
const remedyParams = params.extend({
  remedyId: text(20).describe('The remedy: its stage and place in that response, e.g. "1-2"'),
})
const money = z.number().min(0).max(1_000_000)

const bandSchema = z.object({
  min: money,
  max: money.nullable(),
  label: z.string(),
  description: z.string(),
})
const guidanceSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  effectiveFrom: z.string(),
  note: z.string().nullable(),
  inForce: z.boolean(),
  bands: z.array(bandSchema),
})

/** Code 7.1–7.4: each remedy followed through, the register across complaints, and the guidance bands. */
export const remedyRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const complaints = services.complaints

  app.post(
    '/complaints/:id/remedies/:remedyId/answer',
    {
      schema: {
        tags,
        summary: 'Record the resident’s answer to a remedy offered: accepted or declined (Code 7.3)',
        params: remedyParams,
        body: z.object({
          answer: z.enum(remedyAnswers),
          answeredAt: optionalInstant.describe('When the resident answered; now if not given'),
          recordedLateReason: lateRecording.recordedLateReason,
          note: text(5000).optional(),
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(
        await complaints.answerRemedy(request.params.id, actor(request), {
          ...request.body,
          remedyId: request.params.remedyId,
        }),
      ),
  )

  app.post(
    '/complaints/:id/remedies/:remedyId/completion',
    {
      schema: {
        tags,
        summary:
          'Record a remedy as done, or paid, with any part set against arrears by agreement (Code 7.3)',
        params: remedyParams,
        body: z.object({
          completedAt: optionalInstant.describe('When it was done or paid; now if not given'),
          recordedLateReason: lateRecording.recordedLateReason,
          note: text(5000).optional().describe('What was done: required except for a payment'),
          offsetAgainstArrears: money.optional(),
          residentAgreedOffset: z.boolean().optional(),
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(
        await complaints.completeRemedy(request.params.id, actor(request), {
          ...request.body,
          remedyId: request.params.remedyId,
        }),
      ),
  )

  app.get(
    '/remedies',
    {
      schema: {
        tags,
        summary:
          'The remedy register, a page at a time: remedies still to do, soonest due first (or every one, latest due first, with show=all); the totals count the whole register',
        querystring: z.object({
          show: z.enum(['owed', 'all']).optional(),
          after: z.string().max(400).optional().describe('The `next` of the page before'),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                source: z.enum(['response', 'ombudsman']),
                complaintId: z.string(),
                reference: z.string(),
                remedyId: z.string().optional(),
                ombudsmanCaseId: z.string().optional(),
                what: z.string(),
                amount: z.number().optional(),
                offeredOn: z.string().optional(),
                dueOn: z.string(),
                status: z.enum(remedyStatuses),
                doneOn: z.string().optional(),
                offsetAgainstArrears: z.number().optional(),
                overdue: z.boolean(),
              }),
            ),
            next: z
              .string()
              .nullable()
              .describe('Where the next page starts, to give as `after`; null on the last page'),
            totals: z.object({
              owedCount: z.number().int(),
              overdueCount: z.number().int(),
              owedMoney: z.number(),
              paidMoney: z.number(),
              offsetMoney: z.number(),
            }),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      const r = await services.remedies.register({
        owed: request.query.show !== 'all',
        after: registerCursorOf(keysFromCursor(request.query.after, registerCursorLength)),
      })
      return {
        items: r.entries,
        next: r.next ? pageCursor(registerCursorKeys(r.next)) : null,
        totals: r.totals,
      }
    },
  )

  app.get(
    '/compensation-guidance',
    {
      schema: {
        tags,
        summary: 'The compensation guidance bands, every dated set, newest first (Code 7.4)',
        response: { 200: z.object({ items: z.array(guidanceSchema) }) },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      const { sets, inForce } = await services.remedies.guidance()
      return { items: sets.map((s) => ({ ...s, inForce: s.id === inForce?.id })) }
    },
  )

  app.post(
    '/compensation-guidance',
    {
      schema: {
        tags,
        summary: 'Add a dated set of compensation bands (Code 7.4); sets are never edited',
        body: z.object({
          title: text(200),
          source: text(1000),
          effectiveFrom: calendarDate,
          note: text(2000).optional(),
          bands: z
            .array(z.object({ min: money, max: money.optional(), label: text(200), description: text(2000) }))
            .min(1)
            .max(20),
        }),
        response: { 201: guidanceSchema },
      },
    },
    async (request, reply) => {
      const s = requireStaff(request, 'managePolicy')
      const set = await services.remedies.addGuidance(request.body, { id: s.id, role: s.role })
      const { inForce } = await services.remedies.guidance()
      return reply.code(201).send({ ...set, inForce: set.id === inForce?.id })
    },
  )
}
