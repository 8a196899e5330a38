import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { listedEntity } from '../../../../domain/entities/access.js'
import {
  type ImprovementAction,
  improvementSources,
  improvementStatuses,
} from '../../../../domain/improvement/improvementAction.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { calendarDate, text } from '../schemas.js'

const tags = ['Improvement actions']
const params = z.object({ id: text(100).describe('The improvement action id') })

const actionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  source: z.enum(improvementSources),
  detail: z.string().optional(),
  ombudsmanCaseId: z.string().optional(),
  directionId: z.string().optional(),
  complaintIds: z.array(z.string()),
  ownerId: z.string(),
  director: z.string(),
  dueOn: z.string(),
  originalDueOn: z.string(),
  status: z.enum(improvementStatuses),
  overdue: z.boolean(),
  progress: z.array(z.object({ at: z.string(), note: z.string() })),
  completed: z.object({ on: z.string(), evidence: z.string() }).optional(),
  cancelled: z.object({ reason: z.string() }).optional(),
  published: z.object({ youSaid: z.string(), weDid: z.string(), at: z.string() }).optional(),
  version: z.number().int(),
})

function present(a: ImprovementAction, overdue: boolean): z.infer<typeof actionSchema> {
  return {
    id: a.id,
    title: a.title,
    description: a.description,
    source: a.origin.kind,
    ...(a.origin.detail ? { detail: a.origin.detail } : {}),
    ...(a.origin.ombudsmanCaseId ? { ombudsmanCaseId: a.origin.ombudsmanCaseId } : {}),
    ...(a.origin.directionId ? { directionId: a.origin.directionId } : {}),
    complaintIds: a.complaintIds,
    ownerId: a.ownerId,
    director: a.director,
    dueOn: a.dueOn,
    originalDueOn: a.originalDueOn,
    status: a.status,
    overdue,
    progress: a.progress.map((p) => ({ at: p.at.toISOString(), note: p.note })),
    ...(a.completed ? { completed: { on: a.completed.on, evidence: a.completed.evidence } } : {}),
    ...(a.cancelled ? { cancelled: { reason: a.cancelled.reason } } : {}),
    ...(a.published
      ? {
          published: {
            youSaid: a.published.youSaid,
            weDid: a.published.weDid,
            at: a.published.at.toISOString(),
          },
        }
      : {}),
    version: a.version,
  }
}

/** Code 9.1–9.4: improvements raised from complaints, themes and the Ombudsman, tracked to completion. */
export const improvementApiRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const improvement = services.improvement
  const staff = (request: Parameters<typeof requireStaff>[0]) => {
    const s = requireStaff(request, 'handleComplaints')
    return { id: s.id, role: s.role, entityId: s.entityId }
  }
  const shown = async (id: string) => {
    const v = await improvement.view(id)
    return present(v.action, v.overdue)
  }

  app.get(
    '/improvement-actions',
    {
      schema: {
        tags,
        summary: 'Improvement actions: those open, soonest due first, or every one (show=all)',
        querystring: z.object({ show: z.enum(['open', 'all']).optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                source: z.string(),
                ownerId: z.string(),
                status: z.string(),
                dueOn: z.string(),
                completedOn: z.string().nullable(),
                overdue: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const viewer = requireStaff(request, 'viewReports')
      const rows = await improvement.list({
        open: request.query.show !== 'all',
        entityId: listedEntity(viewer),
      })
      return { items: rows.map(({ publishedAt: _p, ...r }) => r) }
    },
  )

  app.post(
    '/improvement-actions',
    {
      schema: {
        tags,
        summary: 'Raise an improvement action (Code 9.1–9.4)',
        body: z.object({
          title: text(200),
          description: text(10_000),
          source: z.enum(improvementSources),
          detail: text(2000).optional().describe('The theme, or who made the recommendation'),
          complaintIds: z.array(text(100)).max(100).optional().describe('Complaint ids or references'),
          ombudsmanCaseId: text(100).optional(),
          directionId: text(100).optional(),
          ownerId: text(100),
          director: text(200),
          dueOn: calendarDate,
        }),
        response: { 201: actionSchema },
      },
    },
    async (request, reply) => {
      const { complaintIds, ...rest } = request.body
      const a = await improvement.raise({ ...rest, complaints: complaintIds }, staff(request))
      return reply.code(201).send(await shown(a?.id ?? ''))
    },
  )

  app.get(
    '/improvement-actions/:id',
    { schema: { tags, summary: 'An improvement action', params, response: { 200: actionSchema } } },
    async (request) => {
      requireStaff(request, 'viewReports')
      return shown(request.params.id)
    },
  )

  const step = <B extends z.ZodTypeAny>(
    path: string,
    summary: string,
    body: B,
    run: (id: string, actor: ReturnType<typeof staff>, input: z.infer<B>) => Promise<unknown>,
  ) =>
    app.post(
      `/improvement-actions/:id/${path}`,
      { schema: { tags, summary, params, body, response: { 200: actionSchema } } },
      async (request) => {
        await run(request.params.id, staff(request), request.body as z.infer<B>)
        return shown(request.params.id)
      },
    )

  step('progress', 'Record progress', z.object({ note: text(5000) }), (id, a, b) =>
    improvement.noteProgress(id, a, b.note),
  )
  step(
    'complaints',
    'Link another complaint (by id or reference)',
    z.object({ complaintId: text(100) }),
    (id, a, b) => improvement.linkComplaint(id, a, b.complaintId),
  )
  step(
    'reschedule',
    'Move the date it will be done by, with the reason',
    z.object({ dueOn: calendarDate, reason: text(2000) }),
    (id, a, b) => improvement.reschedule(id, a, b),
  )
  step(
    'completion',
    'Record it as completed, with the evidence',
    z.object({ evidence: text(10_000), completedOn: calendarDate.optional() }),
    (id, a, b) => improvement.complete(id, a, b),
  )
  step('cancellation', 'Cancel it, with the reason', z.object({ reason: text(2000) }), (id, a, b) =>
    improvement.cancel(id, a, b.reason),
  )
  step(
    'publication',
    'Publish it on “You said, we did”',
    z.object({ youSaid: text(1000), weDid: text(1000) }),
    (id, a, b) => improvement.publish(id, a, b),
  )
  step('unpublication', 'Take it off “You said, we did”', z.object({ reason: text(2000) }), (id, a, b) =>
    improvement.unpublish(id, a, b.reason),
  )
}
