import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { reportedEntity } from '../../../../domain/entities/access.js'
import { DEFAULT_ENTITY_ID } from '../../../../domain/entities/entity.js'
import { MOST_HOMES } from '../../../../domain/reports/homesOwned.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { landlordEntity, reportingYear } from '../schemas.js'

const tags = ['Reports']
const year = reportingYear.describe('The reporting year: 2025 is 1 April 2025 to 31 March 2026')
const homes = z.number().int().min(0).max(MOST_HOMES)
const entity = landlordEntity

const measures = z.object({
  homes: z.number().int().nullable(),
  stage1Received: z.number().int(),
  stage2Received: z.number().int(),
  ch01Stage1: z.number().nullable(),
  ch01Stage2: z.number().nullable(),
  stage1Responses: z.number().int(),
  stage1ResponsesWithinTimescale: z.number().int(),
  ch02Stage1: z.number().nullable(),
  stage2Responses: z.number().int(),
  stage2ResponsesWithinTimescale: z.number().int(),
  ch02Stage2: z.number().nullable(),
  stage1ResponsesWithinTimescaleWithoutExtension: z.number().int(),
  stage2ResponsesWithinTimescaleWithoutExtension: z.number().int(),
  stage1ResponsesRecordedLate: z.number().int(),
  stage2ResponsesRecordedLate: z.number().int(),
})

/** The governance reports' API (api-v1 "Reports"): the homes owned, and the TSM CH01 and CH02. */
export const reportRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  app.put(
    '/reports/homes/:year',
    {
      schema: {
        tags,
        summary: 'Record the homes owned at the end of a reporting year, by tenure',
        params: z.object({ year }),
        querystring: z.object({ entity }),
        body: z.object({ lcra: homes, lcho: homes }),
        response: { 200: z.object({ year: z.number().int(), lcra: homes, lcho: homes }) },
      },
    },
    async (request) => {
      const s = requireStaff(request, 'manageReports')
      return services.tsm.recordHomes(
        request.params.year,
        request.body,
        { id: s.id, role: s.role },
        reportedEntity(s, request.query.entity) ?? DEFAULT_ENTITY_ID,
      )
    },
  )

  app.get(
    '/reports/tsm',
    {
      schema: {
        tags,
        summary: 'The Tenant Satisfaction Measures CH01 and CH02 for a reporting year',
        querystring: z.object({ year, entity }),
        response: {
          200: z.object({
            year: z.number().int(),
            from: z.string(),
            to: z.string(),
            lcra: measures,
            lcho: measures,
            entity: z
              .object({ id: z.uuid(), name: z.string(), rpNumber: z.string().optional() })
              .optional()
              .describe('The landlord entity the figures are for; absent: the group, every entity together'),
            tenureNotRecorded: z
              .number()
              .int()
              .describe('Complaints counted in the year with no tenure recorded'),
            rules: z
              .object({ id: z.string(), from: z.string(), source: z.string() })
              .describe('The dated set of counting rules these figures were counted by'),
          }),
        },
      },
    },
    async (request) => {
      const staff = requireStaff(request, 'readReports')
      // Issue 34: an account limited to one entity is given its figures, whatever was asked.
      const entity = reportedEntity(staff, request.query.entity)
      const figures = await services.tsm.tsm(request.query.year, undefined, entity)
      if (!entity) return figures
      const e = await services.entities.get(entity)
      return {
        ...figures,
        entity: { id: e.id, name: e.displayName, ...(e.rpNumber ? { rpNumber: e.rpNumber } : {}) },
      }
    },
  )
}
