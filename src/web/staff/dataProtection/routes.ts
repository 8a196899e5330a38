import type { FastifyPluginAsync } from 'fastify'
import { type StaffWebOptions, signedIn } from '../access.js'
import { accessLogRoutes } from './accessLogRoutes.js'
import { retentionRoutes } from './retentionRoutes.js'
import { subjectAccessRoutes } from './subjectAccessRoutes.js'

/** UK GDPR work: the access log, subject access requests and the retention policy. */
export const dataProtectionRoutes: FastifyPluginAsync<StaffWebOptions> = async (app, options) => {
  app.get(
    '/data-protection',
    { schema: { hide: true }, preHandler: signedIn('manageDataProtection') },
    (_request, reply) => reply.view('staff/dataProtection/index.njk'),
  )
  await app.register(accessLogRoutes, options)
  await app.register(subjectAccessRoutes, options)
  await app.register(retentionRoutes, options)
}
