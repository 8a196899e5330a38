import { parseReportingYear } from '../domain/reports/reportingYear.js'
import { can, type Permission, type StaffRole } from '../domain/staff/roles.js'
import { forbidden, ruleBroken } from '../errors.js'

/** A member of staff acting on a governance record (the annual report, a self-assessment). */
export type Staff = { id: string; role: StaffRole }

/** Refuses, in words, a role that may not do what is asked. */
export function mayDo(actor: Staff, permission: Permission, what: string) {
  if (!can(actor.role, permission)) throw forbidden(`Your role does not allow you to ${what}`)
}

/** A reporting year the reports may be read or recorded for; anything else refused with the rule (422). */
export function reportingYearAsked(year: unknown): number {
  const asked = parseReportingYear(year)
  if (!asked.ok) throw ruleBroken(asked.error, [{ field: 'year', message: asked.error }])
  return asked.year
}
