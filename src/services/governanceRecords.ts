import { can, type Permission, type StaffRole } from '../domain/staff/roles.js'
import { forbidden } from '../errors.js'

/** A member of staff acting on a governance record (the annual report, a self-assessment). */
export type Staff = { id: string; role: StaffRole }

/** Refuses, in words, a role that may not do what is asked. */
export function mayDo(actor: Staff, permission: Permission, what: string) {
  if (!can(actor.role, permission)) throw forbidden(`Your role does not allow you to ${what}`)
}
