import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { listedEntity } from '../../../../domain/entities/access.js'
import {
  failureOrderTypes,
  type Intervention,
  type InterventionStatus,
  interventionKinds,
  interventionStates,
} from '../../../../domain/ombudsman/intervention.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { calendarDate, text } from '../schemas.js'

const tags = ['Ombudsman interventions']
const idParams = z.object({ id: text(100).describe('The intervention id') })
const statuses = [
  'open',
  'overdue',
  'complied',
  'complied_late',
] as const satisfies readonly InterventionStatus[]

const interventionSchema = z.object({
  id: z.string(),
  kind: z.enum(interventionKinds),
  failureType: z.enum(failureOrderTypes).optional(),
  ombudsmanReference: z.string(),
  receivedOn: z.string(),
  complaintId: z.string().optional(),
  provision: z.string().optional().describe('The provision of the 2024 Code it is a finding against'),
  description: z.string(),
  ownerId: z.string(),
  dueOn: z.string().describe('The date to comply by that the Ombudsman gave'),
  due: z.string().describe('The due date, and where it comes from, in words'),
  status: z.enum(statuses),
  compliance: z
    .object({
      compliedOn: z.string(),
      evidence: z.string(),
      late: z.boolean(),
      document: z.object({ id: z.string(), filename: z.string() }).optional(),
    })
    .optional(),
  improvementActionIds: z.array(z.string()),
  version: z.number().int(),
})

/** What the API says of an intervention: never its events as stored. */
function present(v: { intervention: Intervention; status: InterventionStatus; due: string }) {
  const { intervention: i, status, due } = v
  return {
    id: i.id,
    kind: i.kind,
    ...(i.failureType ? { failureType: i.failureType } : {}),
    ombudsmanReference: i.ombudsmanReference,
    receivedOn: i.receivedOn,
    ...(i.complaintId ? { complaintId: i.complaintId } : {}),
    ...(i.provision ? { provision: i.provision } : {}),
    description: i.description,
    ownerId: i.ownerId,
    dueOn: i.dueOn,
    due,
    status,
    ...(i.complied
      ? {
          compliance: {
            compliedOn: i.complied.on,
            evidence: i.complied.evidence,
            late: i.complied.late,
            ...(i.complied.document ? { document: i.complied.document } : {}),
          },
        }
      : {}),
    improvementActionIds: i.improvements.map((x) => x.actionId),
    version: i.version,
  }
}

/** The Housing Ombudsman's interventions against the landlord: list, record, read, comply. */
export const interventionApiRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const interventions = services.interventions
  const recorder = (request: Parameters<typeof requireStaff>[0]) => {
    const s = requireStaff(request, 'handleComplaints')
    return { id: s.id, role: s.role, entityId: s.entityId }
  }
  const answer = async (id: string) => present(await interventions.view(id))

  app.get(
    '/ombudsman-interventions',
    {
      schema: {
        tags,
        summary: 'The Ombudsman’s interventions, newest first, by kind and state',
        querystring: z.object({
          kind: z.enum(interventionKinds).optional(),
          state: z.enum(interventionStates).optional(),
          page: z.coerce.number().int().min(1).max(100_000).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                kind: z.string(),
                failureType: z.string().nullable(),
                ombudsmanReference: z.string(),
                receivedOn: z.string(),
                complaintId: z.string().nullable(),
                complaintReference: z.string().nullable(),
                provision: z.string().nullable(),
                ownerId: z.string(),
                dueOn: z.string(),
                compliedOn: z.string().nullable(),
                status: z.enum(statuses),
              }),
            ),
            total: z.number().int(),
            pageSize: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const staff = requireStaff(request, 'viewCases')
      const { kind, state, page } = request.query
      const list = await interventions.list({ kind, state, entityId: listedEntity(staff) }, page ?? 1)
      return {
        items: list.items.map((r) => ({
          id: r.id,
          kind: r.kind,
          failureType: r.failureType,
          ombudsmanReference: r.ombudsmanReference,
          receivedOn: r.receivedOn,
          complaintId: r.complaintId,
          complaintReference: r.reference,
          provision: r.provision,
          ownerId: r.ownerId,
          dueOn: r.dueOn,
          compliedOn: r.compliedOn,
          status: r.status,
        })),
        total: list.total,
        pageSize: list.pageSize,
      }
    },
  )

  app.post(
    '/ombudsman-interventions',
    {
      schema: {
        tags,
        summary: 'Record an intervention by the Housing Ombudsman',
        body: z.object({
          kind: z.enum(interventionKinds),
          failureType: z.enum(failureOrderTypes).optional().describe('A failure order’s ground'),
          ombudsmanReference: text(50),
          receivedOn: calendarDate,
          complaintId: text(100).optional().describe('The complaint’s id or reference'),
          provision: text(20).optional().describe('A provision of the 2024 Code, for example 5.8'),
          description: text(5000),
          ownerId: text(100),
          dueOn: calendarDate.describe('The date to comply by that the Ombudsman gave'),
        }),
        response: { 201: interventionSchema },
      },
    },
    async (request, reply) => {
      const i = await interventions.record(recorder(request), request.body)
      return reply.code(201).send(await answer(i.id))
    },
  )

  app.get(
    '/ombudsman-interventions/:id',
    {
      schema: {
        tags,
        summary: 'An intervention, where it stands and why it is due when it is',
        params: idParams,
        response: { 200: interventionSchema },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      return answer(request.params.id)
    },
  )

  app.post(
    '/ombudsman-interventions/:id/compliance',
    {
      schema: {
        tags,
        summary: 'Record compliance with an intervention (late if after the date to comply by)',
        params: idParams,
        body: z.object({
          compliedOn: calendarDate,
          evidence: text(10_000),
          version: z.number().int().min(1).optional().describe('The version you saw; refused if it moved on'),
        }),
        response: { 200: interventionSchema },
      },
    },
    async (request) => {
      const { compliedOn, evidence, version } = request.body
      await interventions.comply(request.params.id, recorder(request), {
        compliedOn,
        evidence,
        expectedVersion: version,
      })
      return answer(request.params.id)
    },
  )

  app.post(
    '/ombudsman-interventions/:id/improvement-actions',
    {
      schema: {
        tags,
        summary:
          'Raise an improvement action from an intervention (Code 9.1): recorded as the Ombudsman’s recommendation, and linked to the intervention in the same transaction',
        params: idParams,
        body: z.object({
          title: text(200),
          description: text(10_000),
          ownerId: text(100),
          director: text(200),
          dueOn: calendarDate,
        }),
        response: { 201: interventionSchema },
      },
    },
    async (request, reply) => {
      await interventions.raiseImprovement(request.params.id, recorder(request), request.body)
      return reply.code(201).send(await answer(request.params.id))
    },
  )
}
