import type { FastifyPluginAsync } from 'fastify'
import { unauthenticated } from '../../../errors.js'
import { limitRecordsToEntity } from '../../entityAccess.js'
import type { ApiOptions } from './access.js'
import { annualSubmissionApiRoutes } from './annualSubmission/routes.js'
import { authRoutes } from './auth/routes.js'
import { calendarRoutes } from './calendar/routes.js'
import { complaintRoutes } from './complaints/routes.js'
import { entityApiRoutes } from './entities/routes.js'
import { hazardRoutes } from './hazards/routes.js'
import { improvementApiRoutes } from './improvement/routes.js'
import { interventionApiRoutes } from './interventions/routes.js'
import { listRoutes } from './lists/routes.js'
import { meRoutes } from './me/routes.js'
import { ombudsmanRoutes } from './ombudsman/routes.js'
import { panelApiRoutes } from './panel/routes.js'
import { policyRoutes } from './policy/routes.js'
import { remedyRoutes } from './remedies/routes.js'
import { reportRoutes } from './reports/routes.js'
import { selfAssessmentRoutes } from './selfAssessment/routes.js'
import { serviceRequestApiRoutes } from './serviceRequests/routes.js'
import { userRoutes } from './users/routes.js'
import { webhookApiRoutes } from './webhooks/routes.js'

/** Integration API: JSON only, authenticated by bearer token (api-v1 "Start-up and credentials"). */
export const apiV1: FastifyPluginAsync<ApiOptions> = async (app, { services, config }) => {
  const options: ApiOptions = { services, config }
  // Authenticate before anything else, so a request without credentials learns nothing about
  // what a valid body would be: 401 first, then validation.
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization
    if (!header) {
      if (request.routeOptions.url && !request.routeOptions.config.public) throw unauthenticated()
      return
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match?.[1]) throw unauthenticated('The Authorization header must be "Bearer <token>"')
    const staff = await services.authentication.staffForApiToken(match[1])
    if (!staff) throw unauthenticated('The API token is not valid or has expired; ask for a new one')
    request.staff = staff
  })
  limitRecordsToEntity(app, services)

  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger())
  await app.register(authRoutes, options)
  await app.register(meRoutes, options)
  await app.register(userRoutes, options)
  await app.register(calendarRoutes, options)
  await app.register(policyRoutes, options)
  await app.register(complaintRoutes, options)
  await app.register(listRoutes, options)
  await app.register(ombudsmanRoutes, options)
  await app.register(interventionApiRoutes, options)
  await app.register(hazardRoutes, options)
  await app.register(serviceRequestApiRoutes, options)
  await app.register(remedyRoutes, options)
  await app.register(improvementApiRoutes, options)
  await app.register(reportRoutes, options)
  await app.register(entityApiRoutes, options)
  await app.register(selfAssessmentRoutes, options)
  await app.register(panelApiRoutes, options)
  await app.register(annualSubmissionApiRoutes, options)
  await app.register(webhookApiRoutes, options)
}
