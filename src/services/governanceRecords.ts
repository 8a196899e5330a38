import { WorkflowError } from '../domain/complaints/workflow.js'
import { parseReportingYear } from '../domain/reports/reportingYear.js'
import { can, type Permission, type StaffRole } from '../domain/staff/roles.js'
import { AppError, forbidden, ruleBroken } from '../errors.js'

/** A member of staff acting on a governance record (the annual report, a self-assessment). */
export type Staff = { id: string; role: StaffRole }

/** A rule broken is 422 with its problems; an action not allowed now is 409; anything else as it was. */
export function governanceError(error: unknown): never {
  if (error instanceof WorkflowError) {
    if (error.kind === 'not_now') throw new AppError(409, 'not_allowed_now', error.message, error.problems)
    throw ruleBroken(error.message, error.problems)
  }
  throw error
}

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
