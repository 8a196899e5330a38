import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { channels } from '../../../../domain/complaints/vocabulary.js'
import { requestKinds, type ServiceRequest } from '../../../../domain/serviceRequests/serviceRequest.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { calendarDate, text } from '../schemas.js'

const tags = ['Service requests (Code 1.4–1.6)']
const params = z.object({ id: text(100).describe('The service request id') })
const version = z
  .number()
  .int()
  .positive()
  .optional()
  .describe('The version read; a stale one is refused with 409')

const requestSchema = z.object({
  id: z.string(),
  reference: z.string(),
  externalReference: z.string().optional(),
  kind: z.enum(requestKinds),
  summary: z.string(),
  resident: z.object({
    name: z.string(),
    email: z.string().optional(),
    phone: z.string().optional(),
    address: z.string().optional(),
    postcode: z.string().optional(),
  }),
  openedOn: z.string(),
  status: z.enum(['open', 'closed']),
  outcome: z.string().optional(),
  version: z.number().int(),
  complaints: z.array(z.object({ complaintId: z.string(), complaintReference: z.string(), at: z.string() })),
  surveyComments: z.array(
    z.object({
      number: z.number().int().describe('Its number on the request, to answer it by'),
      at: z.string(),
      comment: z.string(),
      score: z.number().int().optional(),
      dissatisfied: z.boolean().describe('Code 1.6: it shows dissatisfaction, so is offered as a complaint'),
      reasons: z.array(z.string()),
      complaintId: z.string().optional(),
      declined: z.string().optional(),
    }),
  ),
})

const present = (r: ServiceRequest) => ({
  id: r.id,
  reference: r.reference,
  ...(r.externalReference ? { externalReference: r.externalReference } : {}),
  kind: r.kind,
  summary: r.summary,
  resident: r.resident,
  openedOn: r.openedOn,
  status: r.status,
  ...(r.outcome ? { outcome: r.outcome } : {}),
  version: r.version,
  complaints: r.complaints.map((c) => ({ ...c, at: c.at.toISOString() })),
  surveyComments: r.comments.map((c) => ({
    number: c.seq,
    at: c.at.toISOString(),
    comment: c.comment,
    ...(c.score !== undefined ? { score: c.score } : {}),
    dissatisfied: c.dissatisfied,
    reasons: c.reasons,
    ...(c.answer?.complaintId ? { complaintId: c.answer.complaintId } : {}),
    ...(c.answer?.declined ? { declined: c.answer.declined } : {}),
  })),
})

/** The register of service requests, fed by the housing management system (additions, outside the published contract). */
export const serviceRequestApiRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const requests = services.serviceRequests
  const actor = (request: Parameters<typeof requireStaff>[0]) => {
    const s = requireStaff(request, 'handleComplaints')
    return { id: s.id, role: s.role }
  }

  app.post(
    '/service-requests',
    {
      schema: {
        tags,
        summary:
          'Register a service request from the housing management system (409 if its reference is already registered)',
        body: z.object({
          externalReference: text(60).optional(),
          kind: z.enum(requestKinds),
          summary: text(5000),
          resident: z.object({
            name: text(200),
            email: text(254).optional(),
            phone: text(50).optional(),
            address: text(500).optional(),
            postcode: text(10).optional(),
          }),
          openedOn: calendarDate.optional(),
        }),
        response: { 201: requestSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(present(await requests.log(request.body, actor(request), 'api'))),
  )

  app.get(
    '/service-requests/:id',
    {
      schema: {
        tags,
        summary: 'A service request, its complaints and survey comments',
        params,
        response: { 200: requestSchema },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      return present(await requests.view(request.params.id))
    },
  )

  app.post(
    '/service-requests/:id/complaints',
    {
      schema: {
        tags,
        summary:
          'Code 1.5: the resident is unhappy with how the request is handled: log a complaint linked to it (the request stays open)',
        params,
        body: z.object({
          channel: z.enum(channels),
          description: text(10000),
          outcomeSought: text(5000).optional(),
          fromSurveyComment: z
            .number()
            .int()
            .positive()
            .optional()
            .describe('The dissatisfied survey comment it comes from'),
        }),
        response: {
          201: z.object({ complaintId: z.string(), reference: z.string(), serviceRequest: requestSchema }),
        },
      },
    },
    async (request, reply) => {
      const b = request.body
      const v = await requests.complain(request.params.id, actor(request), {
        channel: b.channel,
        description: b.description,
        ...(b.outcomeSought ? { outcomeSought: b.outcomeSought } : {}),
        ...(b.fromSurveyComment ? { fromCommentSeq: b.fromSurveyComment } : {}),
      })
      return reply.code(201).send({
        complaintId: v.complaint.id,
        reference: v.complaint.reference,
        serviceRequest: present(await requests.view(request.params.id)),
      })
    },
  )

  app.post(
    '/service-requests/:id/survey-comments',
    {
      schema: {
        tags,
        summary:
          'Code 1.6: record a satisfaction survey comment; one showing dissatisfaction is flagged to be offered as a complaint',
        params,
        body: z.object({ comment: text(5000), score: z.number().int().min(1).max(5).optional(), version }),
        response: { 201: requestSchema },
      },
    },
    async (request, reply) => {
      const { version: v, ...input } = request.body
      return reply
        .code(201)
        .send(present(await requests.surveyComment(request.params.id, actor(request), input, v)))
    },
  )

  app.post(
    '/service-requests/:id/close',
    {
      schema: {
        tags,
        summary: 'Close the service request',
        params,
        body: z.object({ outcome: text(5000), version }),
        response: { 200: requestSchema },
      },
    },
    async (request) =>
      present(
        await requests.close(request.params.id, actor(request), request.body.outcome, request.body.version),
      ),
  )
}
