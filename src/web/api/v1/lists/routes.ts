import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { type ApiOptions, requireStaff } from '../access.js'

/** The landlord's lists: complaint categories and exclusion grounds. */
export const listRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const complaints = services.complaints
  app.get(
    '/categories',
    {
      schema: {
        tags: ['Lists'],
        summary: 'The landlord’s complaint categories',
        response: {
          200: z.object({
            items: z.array(z.object({ code: z.string(), label: z.string(), active: z.boolean() })),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request)
      return { items: await complaints.categories() }
    },
  )

  app.get(
    '/exclusion-grounds',
    {
      schema: {
        tags: ['Lists'],
        summary: 'The grounds on which a complaint or escalation may be refused (Code 2.2)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                code: z.string(),
                label: z.string(),
                description: z.string(),
                active: z.boolean(),
                refusesEscalation: z
                  .boolean()
                  .describe('Whether it may also refuse a stage 2 request (Code 5.11)'),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request)
      return { items: await complaints.exclusionGrounds() }
    },
  )
}
