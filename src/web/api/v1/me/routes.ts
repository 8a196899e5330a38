import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { type ApiOptions, requireStaff } from '../access.js'
import { presentUser, userSchema } from '../users/presenter.js'

export const meRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app) => {
  app.get(
    '/me',
    {
      schema: {
        tags: ['Start-up and credentials'],
        summary: 'The member of staff the token belongs to, and what their role allows',
        response: { 200: userSchema.extend({ permissions: z.record(z.string(), z.boolean()) }) },
      },
    },
    async (request) => {
      const staff = requireStaff(request, 'manageOwnAccount')
      return { ...presentUser(staff), permissions: staff.permissions }
    },
  )
}
