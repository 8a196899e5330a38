import type { FastifyRequest } from 'fastify'
import type { Config } from '../../../config.js'
import type { Permission } from '../../../domain/staff/roles.js'
import { forbidden, unauthenticated } from '../../../errors.js'
import type { SignedInStaff } from '../../../services/authentication.js'
import type { Services } from '../../../services/index.js'

export type ApiOptions = { services: Services; config: Pick<Config, 'signIn'> }

/**
 * The signed-in member of staff, or 401; 403 when their role lacks the permission (by default the
 * staff desk's, which the residents' panel does not have).
 */
export function requireStaff(
  request: FastifyRequest,
  permission: Permission = 'useStaffDesk',
): SignedInStaff {
  const staff = request.staff
  if (!staff) throw unauthenticated()
  if (!staff.permissions[permission]) throw forbidden()
  return staff
}
