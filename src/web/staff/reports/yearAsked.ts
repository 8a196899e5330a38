import { reportingYearAsked } from '../../../services/governanceRecords.js'

/**
 * The reporting year a report page asks for: none given, the latest with complaints in it (a
 * newcomer sees figures); one given that is no reporting year is refused with the rule, never
 * quietly swapped for another year's figures.
 */
export async function yearAsked(asked: unknown, latest: () => Promise<number>): Promise<number> {
  return asked === undefined || asked === '' ? latest() : reportingYearAsked(asked)
}
