import { AppError } from '../../errors.js'
import { dateFromFields, dateInputItems, dateParts, type FieldErrors, type FormBody } from '../forms.js'

/** A date input's three boxes: as typed, or the default (today, or blank). */
export const dateItems = (
  name: string,
  body: FormBody | undefined,
  errors: FieldErrors | undefined,
  fallback: Record<string, string>,
) => dateInputItems(name, body ? dateParts(body, name) : fallback, Boolean(errors?.[name]))

/**
 * A date typed in a GOV.UK date input: required, or optional (blank is undefined). A date that
 * is not one is passed on as such, so the rules refuse the whole record, not just this field.
 */
export function dateField(
  body: FormBody,
  name: string,
  label: string,
  errors: FieldErrors,
  optional = false,
) {
  if (optional && !Object.values(dateParts(body, name)).some(Boolean)) return undefined
  const d = dateFromFields(body, name, label)
  if (d.error) errors[name] = d.error
  return d.date ?? 'not a date'
}

/**
 * Runs a record's save; the rules' refusals (422) come back as the page shown again with each
 * message beside the field it names (`fieldFor` maps the service's names to the form's).
 */
export async function saved(
  run: () => Promise<unknown>,
  again: (errors: FieldErrors) => unknown,
  fieldFor: Record<string, string> = {},
) {
  try {
    await run()
    return undefined
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 422) throw error
    const errors: FieldErrors = {}
    for (const d of error.details ?? [{ field: 'form', message: error.message }]) {
      const f = d.field ?? 'form'
      errors[fieldFor[f] ?? f] ??= d.message
    }
    return again(errors)
  }
}
