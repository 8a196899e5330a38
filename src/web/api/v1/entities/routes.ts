import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { type ApiOptions, requireStaff } from '../access.js'

const entitySchema = z.object({
  id: z.uuid(),
  name: z
    .string()
    .describe('As residents know it; the default’s is the installation’s name until it is given one'),
  isDefault: z.boolean().describe('The one complaints belong to when nothing says otherwise'),
  rpNumber: z.string().optional().describe('The registered provider number, as the Regulator gives it'),
  address: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  website: z.string().optional(),
})

/** The landlord entities (registered providers) of a group (issue 34), read by anyone who reads cases or reports. */
export const entityApiRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  app.get(
    '/entities',
    {
      schema: {
        tags: ['Landlord entities'],
        summary: 'The landlord entities (registered providers) complaints belong to, the default first',
        response: { 200: z.object({ items: z.array(entitySchema) }) },
      },
    },
    async (request) => {
      requireStaff(request, 'useStaffDesk')
      const entities = await services.entities.list()
      return {
        items: entities.map((e) => ({
          id: e.id,
          name: e.displayName,
          isDefault: e.isDefault,
          ...(e.rpNumber ? { rpNumber: e.rpNumber } : {}),
          ...(e.address ? { address: e.address } : {}),
          ...(e.phone ? { phone: e.phone } : {}),
          ...(e.email ? { email: e.email } : {}),
          ...(e.website ? { website: e.website } : {}),
        })),
      }
    },
  )
}
