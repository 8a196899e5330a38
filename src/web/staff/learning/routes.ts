import type { FastifyPluginAsync } from 'fastify'
import { type StaffWebOptions, signedIn } from '../access.js'

/** Code 9.1: the stages upheld or partly upheld whose learning is still to be recorded. */
export const learningRoutes: FastifyPluginAsync<StaffWebOptions> = async (app, { services }) => {
  app.get(
    '/learning',
    { schema: { hide: true }, preHandler: signedIn('viewReports') },
    async (_request, reply) =>
      reply.view('staff/learning/to-record.njk', { items: await services.complaints.learningToRecord() }),
  )
}
