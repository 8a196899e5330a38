import { VersionConflictError } from './db/versioned.js'
import { CalendarRangeError } from './domain/calendar/workingDayCalendar.js'
import { WorkflowError } from './domain/rules.js'

/**
 * Errors the services raise. Each carries its HTTP status and a stable code; the message is
 * written for the person who will read it (a caseworker, an integrator), and for a rule of
 * the Complaint Handling Code it names the provision.
 */
export type ErrorDetail = { field?: string; message: string; provision?: string }

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    /** What went wrong underneath, for the log: never shown to the person. */
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'AppError'
  }
}

/** Input that is malformed: missing or of the wrong shape. */
export const invalidInput = (message: string, details?: ErrorDetail[]) =>
  new AppError(400, 'invalid_input', message, details)

/** A keyset page link (`after=`) whose keys this service did not make: one refusal for every list. */
export const pageLinkNotOurs = () =>
  invalidInput('That page link is not one this service made: start again from the first page')

/** Input that is well formed but breaks a rule of the Code or of the landlord's policy. */
export const ruleBroken = (message: string, details?: ErrorDetail[]) =>
  new AppError(422, 'rule_broken', message, details)

export const notFound = (message: string) => new AppError(404, 'not_found', message)
export const conflict = (message: string, details?: ErrorDetail[]) =>
  new AppError(409, 'conflict', message, details)
export const unauthenticated = (message = 'Sign in, or send a valid API token') =>
  new AppError(401, 'unauthenticated', message)
export const forbidden = (message = 'Your role does not allow this') =>
  new AppError(403, 'forbidden', message)
export const tooManyRequests = (message: string) => new AppError(429, 'too_many_requests', message)

/**
 * The one place a refusal becomes an answer. The domain refuses in its own words (a rule
 * broken, an action that does not fit the record now, a role that may not); the database
 * reports that someone else changed the record first; the calendar that a date is outside the
 * years it knows. Each becomes the same status and code wherever it is raised, so a page, the
 * API and a test read one meaning. Anything else is returned as it was.
 *
 * `record` names what was changed meanwhile, in words: "complaint", "Ombudsman case".
 */
export function asAppError(error: unknown, record = 'record'): unknown {
  if (error instanceof AppError) return error
  if (error instanceof WorkflowError) {
    if (error.kind === 'forbidden') return forbidden(error.message)
    if (error.kind === 'not_now') return new AppError(409, 'not_allowed_now', error.message, error.problems)
    return ruleBroken(error.message, error.problems)
  }
  if (error instanceof VersionConflictError)
    return conflict(
      `Someone else changed this ${record} while you were working on it. Reload it and try again.`,
      [{ field: 'version', message: 'stale version' }],
    )
  if (error instanceof CalendarRangeError) return ruleBroken(error.message)
  return error
}

/** Throws `error` as its answer (`asAppError`): for a service's `catch`. */
export function refused(error: unknown, record?: string): never {
  throw asAppError(error, record)
}
