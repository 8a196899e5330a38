import { z } from 'zod'
import { isCalendarDate } from '../../../domain/calendar/calendarDate.js'
import {
  FIRST_REPORTING_YEAR,
  LAST_REPORTING_YEAR,
  REPORTING_YEAR_RULE,
} from '../../../domain/reports/reportingYear.js'

/** The years a date or an instant sent to the API may fall in: anything else is a typing slip. */
export const EARLIEST_YEAR = 1900
export const LATEST_YEAR = 2100
const inYears = (year: number) => year >= EARLIEST_YEAR && year <= LATEST_YEAR

/** An instant: ISO 8601 with an offset, between 1900 and 2100. */
export const instant = z.iso
  .datetime({
    offset: true,
    message: 'must be an ISO 8601 instant with an offset, e.g. 2026-03-02T09:15:00Z',
  })
  .refine((v) => inYears(new Date(v).getUTCFullYear()), {
    message: `must be between the years ${EARLIEST_YEAR} and ${LATEST_YEAR}`,
  })

/** A calendar day, YYYY-MM-DD (Europe/London), between 1900 and 2100. */
export const calendarDate = z
  .string()
  .max(10)
  .refine(isCalendarDate, { message: 'must be a real date written YYYY-MM-DD' })
  .refine((v) => inYears(Number(v.slice(0, 4))), {
    message: `must be between the years ${EARLIEST_YEAR} and ${LATEST_YEAR}`,
  })

export const text = (max: number) => z.string().max(max)

/** A reporting year, by the one rule for those (`parseReportingYear`), refused in its words. */
export const reportingYear = z.coerce
  .number({ message: REPORTING_YEAR_RULE })
  .int({ message: REPORTING_YEAR_RULE })
  .min(FIRST_REPORTING_YEAR, { message: REPORTING_YEAR_RULE })
  .max(LAST_REPORTING_YEAR, { message: REPORTING_YEAR_RULE })

/** One landlord entity of a group (issue 34), by its id (GET /api/v1/entities); omitted: the group's. */
export const landlordEntity = z
  .uuid()
  .optional()
  .describe('One landlord entity (GET /api/v1/entities); omitted: the group, every entity together')

/** An amount of money in pounds: more than nothing, at most £1,000,000. */
export const pounds = z.number().positive().max(1_000_000)
