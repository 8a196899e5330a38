import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Clock } from '../../clock.js'
import type { Config } from '../../config.js'
import type { Permission } from '../../domain/staff/roles.js'
import { forbidden } from '../../errors.js'
import type { SignedInStaff } from '../../services/authentication.js'
import type { Services } from '../../services/index.js'

/** What every staff page route uses: its options, and who is signed in. */
export type StaffWebOptions = {
  services: Services
  clock: Clock
  config: Pick<Config, 'secureCookies' | 'sessionHours' | 'signIn'> & Partial<Pick<Config, 'localPasswords'>>
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
 * one whose role lacks the permission gets a 403 page. A page that names no permission is the
 * staff desk's (`useStaffDesk`): closed to the residents' panel, which opens only its own pages,
 * so a new page never shows it anything by default.
 */
export function signedIn(permission: Permission = 'useStaffDesk') {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.staff) {
      const next = request.method === 'GET' ? request.url : '/'
      return reply.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303)
    }
    if (!request.staff.permissions[permission]) throw forbidden()
  }
}

export function currentStaff(request: FastifyRequest): SignedInStaff {
  if (!request.staff) throw new Error('signedIn() must run before this handler')
  return request.staff
}
