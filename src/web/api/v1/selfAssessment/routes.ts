import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { assessmentStatus, type SelfAssessment } from '../../../../domain/selfAssessment/selfAssessment.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { landlordEntity, reportingYear } from '../schemas.js'

const tags = ['Self-assessment']
const year = reportingYear.describe('2025 is the year 1 April 2025 to 31 March 2026')
const measure = z.object({ label: z.string(), value: z.string(), concern: z.string().optional() })

const present = (a: SelfAssessment) => ({
  id: a.id,
  year: a.year,
  trigger: a.trigger,
  entityId: a.entityId ?? null,
  status: assessmentStatus(a),
  answered: a.answers.size,
  toReview: [...a.carriedOver],
  completed: a.completed ? { by: a.completed.byName, at: a.completed.at.toISOString() } : null,
  approved: a.approved ? { by: a.approved.byName, at: a.approved.at.toISOString() } : null,
})
const presented = z.looseObject({ id: z.string(), status: z.string() })

/** The self-assessment against the Code (api-v1 "Self-assessment"), and the steps to make one. */
export const selfAssessmentRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const sa = services.selfAssessment
  app.get(
    '/self-assessments/:year',
    {
      schema: {
        tags,
        summary: 'A year’s self-assessment against the 2024 Code: every one of its 72 provisions, in order',
        params: z.object({ year }),
        querystring: z.object({
          entity: landlordEntity.describe(
            'One landlord’s own assessment (GET /api/v1/entities); omitted: the group’s. An account limited to one landlord is given its own.',
          ),
        }),
        response: {
          200: z.object({
            year: z.number().int(),
            status: z.string(),
            provisions: z.array(
              z.object({
                id: z.string(),
                section: z.number().int(),
                requirement: z.string(),
                comply: z.boolean().nullable(),
                evidence: z.string().nullable(),
                commentary: z.string().nullable(),
                measures: z.array(measure),
                review: z
                  .object({
                    status: z.enum(['to_review', 'confirmed', 'changed']),
                    by: z.string().nullable(),
                    at: z.string().nullable(),
                  })
                  .nullable()
                  .describe(
                    'An answer carried over from an earlier assessment: still to review, or confirmed unchanged or changed by the named person, when; null when it was not carried over',
                  ),
                explanation: z
                  .object({ action: z.string(), timescale: z.string() })
                  .nullable()
                  .describe(
                    'Where the year’s figures contradict “yes”: the action being taken and its timescale',
                  ),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const staff = requireStaff(request, 'readReports')
      return sa.forYear(request.params.year, staff, request.query.entity)
    },
  )

  app.post(
    '/self-assessments',
    {
      schema: {
        tags,
        summary: 'Start a self-assessment: the annual one (8.1) or a re-assessment (8.3, 8.4)',
        body: z.object({
          year,
          trigger: z.string().max(40).optional(),
          note: z.string().max(4000).optional(),
          entity: landlordEntity.describe(
            'One landlord’s own assessment (GET /api/v1/entities); omitted: the group’s. An account limited to one landlord starts its own.',
          ),
        }),
        response: { 201: presented },
      },
    },
    async (request, reply) => {
      const s = requireStaff(request, 'manageReports')
      return reply
        .code(201)
        .send(present(await sa.start(request.body, { id: s.id, role: s.role, entityId: s.entityId })))
    },
  )

  const params = z.object({ id: z.string().max(100) })
  app.put(
    '/self-assessments/:id/provisions/:provision',
    {
      schema: {
        tags,
        summary: 'Answer one provision: comply (yes, partly, no), evidence, links, commentary, an action',
        params: params.extend({ provision: z.string().max(10) }),
        body: z.object({
          comply: z.string().max(10).optional(),
          evidence: z.string().max(20_000).optional(),
          links: z.array(z.string().max(4000)).max(50).optional(),
          commentary: z.string().max(20_000).optional(),
          actionId: z.string().max(100).optional(),
          explanation: z
            .object({ action: z.string().max(20_000), timescale: z.string().max(1000) })
            .optional()
            .describe('Where the year’s figures contradict “yes”: the action being taken and its timescale'),
        }),
        response: { 200: presented },
      },
    },
    async (request) => {
      const s = requireStaff(request, 'manageReports')
      return present(
        await sa.answer(
          request.params.id,
          { ...request.body, provision: request.params.provision },
          { id: s.id, role: s.role },
        ),
      )
    },
  )

  app.post(
    '/self-assessments/:id/provisions/:provision/review',
    {
      schema: {
        tags,
        summary: 'Confirm an answer carried over from an earlier assessment unchanged, in your name',
        params: params.extend({ provision: z.string().max(10) }),
        response: { 200: presented },
      },
    },
    async (request) => {
      const s = requireStaff(request, 'manageReports')
      return present(await sa.review(request.params.id, request.params.provision, { id: s.id, role: s.role }))
    },
  )

  for (const [path, summary, run] of [
    [
      'completion',
      'Sign the assessment off as completed (every provision answered, every carried-over one reviewed)',
      sa.complete,
    ],
    ['approval', 'Approve it for the governing body (its MRC); it never changes afterwards', sa.approve],
  ] as const)
    app.post(
      `/self-assessments/:id/${path}`,
      { schema: { tags, summary, params, response: { 200: presented } } },
      async (request) => {
        const s = requireStaff(request)
        return present(await run(request.params.id, { id: s.id, role: s.role }))
      },
    )
}
