import type { FastifyPluginAsync } from 'fastify'
import { type StaffWebOptions, signedIn } from '../access.js'

/** Code 9.1–9.4: learning still to record, and the themes and trends the senior lead reviews. */
export const learningRoutes: FastifyPluginAsync<StaffWebOptions> = async (app, { services }) => {
  // Code 9.4: themes and trends for the senior lead, charts with their tables.
  app.get(
    '/themes',
    { schema: { hide: true }, preHandler: signedIn('viewReports') },
    async (request, reply) => {
      const asked = Number((request.query as { months?: string }).months)
      const months = [3, 6, 12, 24].includes(asked) ? asked : 12
      return reply.view('staff/learning/themes.njk', {
        t: await services.themes.themes(months),
        months,
        monthItems: [3, 6, 12, 24].map((m) => ({
          value: String(m),
          text: `The last ${m} months`,
          selected: m === months,
        })),
      })
    },
  )

  app.get(
    '/learning',
    { schema: { hide: true }, preHandler: signedIn('viewReports') },
    async (_request, reply) =>
      reply.view('staff/learning/to-record.njk', { items: await services.complaints.learningToRecord() }),
  )
}
