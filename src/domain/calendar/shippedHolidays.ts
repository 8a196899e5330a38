import { type ParsedBankHolidays, parseGovUkBankHolidays } from './bankHolidays.js'
import shipped from './data/england-and-wales.json' with { type: 'json' }

/** The gov.uk bank holidays shipped with the service (England and Wales, 2019–2027). */
export const shippedBankHolidaysDocument: unknown = shipped
export const SHIPPED_SOURCE = 'gov.uk bank-holidays.json, shipped with the service'

export function shippedBankHolidays(): ParsedBankHolidays {
  const outcome = parseGovUkBankHolidays(shipped)
  if (!outcome.ok) throw new Error(`The shipped bank holiday data is invalid: ${outcome.problems.join('; ')}`)
  return outcome.value
}
