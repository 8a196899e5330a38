import { AppError, asAppError } from '../errors.js'
import type { FieldErrors } from './forms.js'

type Statuses = readonly number[] | ((status: number) => boolean)

/** How a page shows the refusals of a save beside its fields. */
export type RefusalOptions = {
  /**
   * The statuses the page shows on the form; any other error goes on to the error page. The
   * rules' refusal (422) by default; a page may add 409 (not allowed now, or changed meanwhile)
   * or 400 (input the service would not read), or give a rule (`status < 500`).
   */
  statuses?: Statuses
  /** The service's name for a field, as the form field that shows its message: a map or a rule. */
  fieldFor?: Record<string, string> | ((field: string) => string)
  /** Where a message that names no field is shown: the top of the form by default. */
  unnamed?: string
}

/**
 * Runs a save. Done, it answers undefined; refused with one of `statuses` (422 by default), it
 * answers the refusal; anything else is thrown on. The error is read through `asAppError`, so a
 * domain refusal no service translated is the same answer here as at the error page.
 */
export async function refusalOf(
  run: () => Promise<unknown>,
  statuses: Statuses = [422],
): Promise<AppError | undefined> {
  try {
    await run()
    return undefined
  } catch (raised) {
    const error = asAppError(raised)
    const shown = typeof statuses === 'function' ? statuses : (s: number) => statuses.includes(s)
    if (error instanceof AppError && shown(error.status)) return error
    throw error
  }
}

/** A refusal's messages keyed by the form field that shows each; the first message for a field wins. */
export function fieldErrorsOf(error: AppError, options: Omit<RefusalOptions, 'statuses'> = {}): FieldErrors {
  const { fieldFor = {}, unnamed = 'form' } = options
  const formField = (name: string) =>
    typeof fieldFor === 'function' ? fieldFor(name) : (fieldFor[name] ?? name)
  const errors: FieldErrors = {}
  for (const d of error.details?.length ? error.details : [{ message: error.message }]) {
    errors[d.field ? formField(d.field) : unnamed] ??= d.message
  }
  return errors
}

/**
 * The one way a page turns a save's refusal into form errors: runs the save, and answers
 * undefined when it is done, or the refusal's messages keyed by form field, to show the form
 * again with each beside its field.
 */
export async function refusals(
  run: () => Promise<unknown>,
  options: RefusalOptions = {},
): Promise<FieldErrors | undefined> {
  const error = await refusalOf(run, options.statuses)
  return error && fieldErrorsOf(error, options)
}
