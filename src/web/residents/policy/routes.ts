import type { FastifyPluginAsync } from 'fastify'
import { channelLabels } from '../../../domain/complaints/vocabulary.js'
import { codeTimescales } from '../../../domain/policy/timescales.js'
import type { ResidentWebOptions } from '../shared.js'

/** The published complaints policy (Code 3.3, 3.4), made from what the service runs on. */
export const policyRoutes: FastifyPluginAsync<ResidentWebOptions> = async (app, { services }) => {
  app.get('/complaints-policy', { schema: { hide: true } }, async (_request, reply) => {
    const p = await services.policyPage.policy()
    return reply.view('residents/policy/policy.njk', {
      pageTitle: 'Complaints policy',
      serviceName: 'Complaints',
      serviceUrl: '/make-a-complaint',
      p,
      codeTimescales,
      channelLabels,
      help: await services.onlineComplaints.expectations(),
    })
  })
}
