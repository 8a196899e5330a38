import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Clock } from '../../clock.js'
import type { Config } from '../../config.js'
import type { Permission } from '../../domain/staff/roles.js'
import { forbidden } from '../../errors.js'
import type { SignedInStaff } from '../../services/authentication.js'
import type { Services } from '../../services/index.js'
import { staffAuthRoutes } from './auth/routes.js'
import { caseRoutes } from './complaints/caseRoutes.js'
import { documentRoutes } from './complaints/documentRoutes.js'
import { newComplaintRoutes } from './complaints/newComplaintRoutes.js'
import { queueRoutes } from './complaints/queueRoutes.js'
import { staffHomeRoutes } from './home/routes.js'
import { listsRoutes } from './settings/listsRoutes.js'
import { policyRoutes } from './settings/policyRoutes.js'
import { usersRoutes } from './settings/usersRoutes.js'
import { workingDaysRoutes } from './settings/workingDaysRoutes.js'

export type StaffWebOptions = {
  services: Services
  clock: Clock
  config: Pick<Config, 'secureCookies' | 'sessionHours' | 'signIn'>
}

export const SESSION_COOKIE = 'complaints_session'

/** Only a path on this site may be returned to after sign-in (no open redirects). */
export function safeNext(next: unknown): string {
  // A path on this site, in printable ASCII only (a Location header can carry nothing else).
  return typeof next === 'string' && next.length <= 2000 && /^\/(?![/\\])[\x21-\x7e]*$/.test(next)
    ? next
    : '/'
}

/**
 * Use as a preHandler: a person who is not signed in is sent to sign in and brought back;
 * one whose role lacks the permission gets a 403 page.
 */
export function signedIn(permission?: Permission) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.staff) {
      const next = request.method === 'GET' ? request.url : '/'
      return reply.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303)
    }
    if (permission && !request.staff.permissions[permission]) throw forbidden()
  }
}

export function currentStaff(request: FastifyRequest): SignedInStaff {
  if (!request.staff) throw new Error('signedIn() must run before this handler')
  return request.staff
}

/** The staff web app: server-rendered pages, session cookie, CSRF on every form. */
export const staffWeb: FastifyPluginAsync<StaffWebOptions> = async (app, options) => {
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE]
    if (!token) return
    request.sessionToken = token
    request.staff = await options.services.authentication.staffForSession(token)
  })
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST') app.csrfProtection(request, reply, done)
    else done()
  })
  app.addHook('preHandler', async (_request, reply) => {
    reply.csrfToken = await reply.generateCsrf()
  })
  app.addHook('onSend', async (_request, reply) => {
    // Pages show personal data: never let a shared or back-button cache keep them.
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('cache-control', 'no-store')
    }
  })

  await app.register(staffAuthRoutes, options)
  await app.register(staffHomeRoutes, options)
  await app.register(queueRoutes, options)
  await app.register(newComplaintRoutes, options)
  await app.register(caseRoutes, options)
  await app.register(documentRoutes, options)
  await app.register(workingDaysRoutes, options)
  await app.register(policyRoutes, options)
  await app.register(usersRoutes, options)
  await app.register(listsRoutes, options)
}
