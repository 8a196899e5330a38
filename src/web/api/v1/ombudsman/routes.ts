import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { OmbudsmanCase } from '../../../../domain/ombudsman/ombudsmanCase.js'
import {
  directionKinds,
  directionTypes,
  findings,
  ombudsmanCaseKinds,
} from '../../../../domain/ombudsman/vocabulary.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { calendarDate, pounds, text } from '../schemas.js'

const tags = ['Ombudsman cases']
const caseParams = z.object({ caseId: text(100).describe('The Ombudsman case id') })

const caseSchema = z.object({
  id: z.string(),
  complaintId: z.string(),
  ombudsmanReference: z.string(),
  kind: z.enum(ombudsmanCaseKinds),
  receivedOn: z.string(),
  version: z.number().int(),
  evidenceRequests: z.array(
    z.object({
      id: z.string(),
      what: z.string(),
      requestedOn: z.string(),
      dueOn: z.string(),
      sentOn: z.string().optional(),
      leftOut: z.string().optional(),
    }),
  ),
  determination: z
    .object({
      reportOn: z.string(),
      elements: z.array(z.object({ element: z.string(), finding: z.enum(findings) })),
    })
    .optional(),
  directions: z.array(
    z.object({
      id: z.string(),
      direction: z.enum(directionTypes),
      kind: z.enum(directionKinds),
      description: z.string(),
      amount: z.number().optional(),
      ownerId: z.string(),
      dueOn: z.string(),
      compliance: z.object({ evidence: z.string(), sentOn: z.string() }).optional(),
    }),
  ),
  owed: z.array(z.object({ what: z.string(), dueOn: z.string(), overdue: z.boolean() })),
})

function present(c: OmbudsmanCase, owed: { what: string; dueOn: string; overdue: boolean }[]) {
  return {
    id: c.id,
    complaintId: c.complaintId,
    ombudsmanReference: c.ombudsmanReference,
    kind: c.kind,
    receivedOn: c.receivedOn,
    version: c.version,
    evidenceRequests: c.evidenceRequests.map((r) => ({
      id: r.id,
      what: r.what,
      requestedOn: r.requestedOn,
      dueOn: r.dueOn,
      ...(r.sent ? { sentOn: r.sent.on, ...(r.sent.leftOut ? { leftOut: r.sent.leftOut } : {}) } : {}),
    })),
    ...(c.determination ? { determination: c.determination } : {}),
    directions: c.directions.map(({ complied, ...d }) => ({
      ...d,
      ...(complied ? { compliance: complied } : {}),
    })),
    owed,
  }
}

/** The Housing Ombudsman's cases on complaints: record one, then each step to compliance. */
export const ombudsmanRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const ombudsman = services.ombudsman
  const recorder = (request: Parameters<typeof requireStaff>[0]) => {
    const s = requireStaff(request, 'handleComplaints')
    return { id: s.id, role: s.role }
  }
  const answer = async (id: string) => {
    const v = await ombudsman.view(id)
    return present(v.case, v.outstanding)
  }

  app.post(
    '/complaints/:id/ombudsman-cases',
    {
      schema: {
        tags,
        summary: 'Record a Housing Ombudsman case on the complaint',
        params: z.object({ id: text(100).describe('The complaint id') }),
        body: z.object({
          ombudsmanReference: text(50),
          kind: z.enum(ombudsmanCaseKinds),
          receivedOn: calendarDate,
        }),
        response: { 201: caseSchema },
      },
    },
    async (request, reply) => {
      const c = await ombudsman.open(request.params.id, recorder(request), request.body)
      return reply.code(201).send(await answer(c.id))
    },
  )

  app.get(
    '/complaints/:id/ombudsman-cases',
    {
      schema: {
        tags,
        summary: 'The Ombudsman cases on a complaint',
        params: z.object({ id: text(100).describe('The complaint id') }),
        response: { 200: z.object({ items: z.array(caseSchema) }) },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      await services.complaints.view(request.params.id, 'admin')
      const rows = await ombudsman.forComplaint(request.params.id)
      return { items: await Promise.all(rows.map((r) => answer(r.id))) }
    },
  )

  app.get(
    '/ombudsman-cases/:caseId',
    {
      schema: {
        tags,
        summary: 'An Ombudsman case, with what is owed',
        params: caseParams,
        response: { 200: caseSchema },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      return answer(request.params.caseId)
    },
  )

  const step = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    run: (
      caseId: string,
      actor: ReturnType<typeof recorder>,
      b: z.infer<B>,
      p: Record<string, string>,
    ) => Promise<unknown>,
    extraParams: Record<string, z.ZodString> = {},
  ) =>
    app.post(
      `/ombudsman-cases/:caseId/${path}`,
      {
        schema: {
          tags,
          summary,
          params: caseParams.extend(extraParams),
          body,
          response: { 200: caseSchema },
        },
      },
      async (request) => {
        const p = request.params
        await run(p.caseId ?? '', recorder(request), request.body as z.infer<B>, p)
        return answer(p.caseId ?? '')
      },
    )

  step(
    'kind',
    'The case becomes another kind (an enquiry becomes an investigation, a failure order is made)',
    z.object({ kind: z.enum(ombudsmanCaseKinds), on: calendarDate }),
    (id, actor, b) => ombudsman.changeKind(id, actor, b),
  )
  step(
    'evidence-requests',
    'Record an evidence request (due by default 15 working days after it)',
    z.object({ what: text(5000), requestedOn: calendarDate, dueOn: calendarDate.optional() }),
    (id, actor, b) => ombudsman.requestEvidence(id, actor, b),
  )
  step(
    'evidence-requests/:requestId/sent',
    'Record the evidence as sent, and anything left out',
    z.object({ sentOn: calendarDate, leftOut: text(5000).optional() }),
    (id, actor, b, p) => ombudsman.evidenceSent(id, actor, { ...b, requestId: p.requestId }),
    { requestId: text(100) },
  )
  step(
    'determination',
    'Record the Ombudsman’s determination, a finding per element of the complaint',
    z.object({
      reportOn: calendarDate,
      elements: z
        .array(z.object({ element: text(2000), finding: z.enum(findings) }))
        .min(1)
        .max(50),
    }),
    (id, actor, b) => ombudsman.recordDetermination(id, actor, b),
  )
  step(
    'directions',
    'Record an order or recommendation (an order is due 4 weeks after the report by default)',
    z.object({
      direction: z.enum(directionTypes),
      kind: z.enum(directionKinds),
      description: text(5000),
      amount: pounds.optional(),
      ownerId: text(100),
      dueOn: calendarDate.optional(),
    }),
    (id, actor, b) => ombudsman.addDirection(id, actor, b),
  )
  step(
    'directions/:directionId/compliance',
    'Record the evidence of compliance sent to the Ombudsman',
    z.object({ evidence: text(5000), sentOn: calendarDate }),
    (id, actor, b, p) => ombudsman.recordCompliance(id, actor, { ...b, directionId: p.directionId }),
    { directionId: text(100) },
  )
}
