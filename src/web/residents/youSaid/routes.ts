import type { FastifyPluginAsync } from 'fastify'
import type { ResidentWebOptions } from '../shared.js'

/** "You said, we did" (Code 9.1–9.4): the improvements the landlord chose to publish, for anyone to read. */
export const youSaidRoutes: FastifyPluginAsync<ResidentWebOptions> = async (app, { services, config }) => {
  app.get('/you-said-we-did', { schema: { hide: true } }, async (_request, reply) =>
    reply.view('residents/you-said/list.njk', {
      pageTitle: 'You said, we did',
      serviceName: 'Complaints',
      serviceUrl: '/make-a-complaint',
      landlordName: config.landlordName,
      items: await services.improvement.published(),
    }),
  )
}
