import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { ApiOptions } from '../access.js'

const tokenRequest = z.object({
  email: z.string().min(1).describe('The email address of a member of staff'),
  password: z.string().min(1),
})
const tokenResponse = z.object({
  token: z.string().describe('Send as "Authorization: Bearer <token>"'),
  expiresAt: z.iso.datetime({ offset: true }),
})

export const authRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services, config }) => {
  app.post(
    '/auth/token',
    {
      schema: {
        tags: ['Start-up and credentials'],
        summary: 'Exchange an email and password for an API token',
        security: [],
        body: tokenRequest,
        response: { 200: tokenResponse },
      },
      config: { public: true, rateLimit: { max: config.signIn.ratePerMinute, timeWindow: '1 minute' } },
    },
    async (request) => {
      const issued = await services.authentication.issueApiToken(request.body.email, request.body.password)
      return { token: issued.token, expiresAt: issued.expiresAt.toISOString() }
    },
  )
}
