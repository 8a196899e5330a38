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
