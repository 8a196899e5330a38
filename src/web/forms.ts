import { isCalendarDate } from '../domain/calendar/calendarDate.js'

export type FormBody = Record<string, unknown>
export type FieldErrors = Record<string, string>

export function field(body: FormBody | undefined, name: string): string {
  const value = body?.[name]
  return typeof value === 'string' ? value.trim() : ''
}

/**
 * A date from the GOV.UK date input's three fields (name-day, name-month, name-year), as
 * 'YYYY-MM-DD', or the error message the pattern asks for.
 */
export function dateFromFields(
  body: FormBody | undefined,
  name: string,
  label: string,
): { date?: string; error?: string } {
  const day = field(body, `${name}-day`)
  const month = field(body, `${name}-month`)
  const year = field(body, `${name}-year`)
  if (!day && !month && !year) return { error: `Enter ${label}` }
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean)
  if (missing.length)
    return { error: `${label[0]?.toUpperCase()}${label.slice(1)} must include a ${missing.join(' and ')}` }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { error: `${label[0]?.toUpperCase()}${label.slice(1)} must be a real date` }
  }
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  return isCalendarDate(date)
    ? { date }
    : { error: `${label[0]?.toUpperCase()}${label.slice(1)} must be a real date` }
}

/** The three date-input items for a 'YYYY-MM-DD' (or the values typed), for govukDateInput. */
export function dateInputItems(
  name: string,
  values: { day?: string; month?: string; year?: string },
  hasError: boolean,
) {
  const cls = (width: number) => `govuk-input--width-${width}${hasError ? ' govuk-input--error' : ''}`
  return [
    { name: 'day', id: `${name}-day`, classes: cls(2), value: values.day ?? '' },
    { name: 'month', id: `${name}-month`, classes: cls(2), value: values.month ?? '' },
    { name: 'year', id: `${name}-year`, classes: cls(4), value: values.year ?? '' },
  ]
}

export function dateParts(body: FormBody | undefined, name: string) {
  return {
    day: field(body, `${name}-day`),
    month: field(body, `${name}-month`),
    year: field(body, `${name}-year`),
  }
}

export function partsOf(date: string) {
  return {
    day: String(Number(date.slice(8, 10))),
    month: String(Number(date.slice(5, 7))),
    year: date.slice(0, 4),
  }
}

/** A date input's three boxes, for govukDateInput: as typed, or the default (a date's parts, or blank). */
export const dateItems = (
  name: string,
  body: FormBody | undefined,
  errors: FieldErrors | undefined,
  fallback: { day?: string; month?: string; year?: string },
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
