import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { HOUSING_OMBUDSMAN } from '../../domain/complaints/vocabulary.js'
import { adjustmentKinds, adjustmentLabels } from '../../domain/residents/needs.js'
import { currentWording } from '../letters/wording.js'
import type { PolicyService } from '../policy.js'

/**
 * The published complaints policy (Code 3.3, 3.4), made from what the service runs on: the
 * timescales in force, the exclusion grounds switched on, the routes to complain, the
 * adjustments offered. It cannot disagree with what the service does.
 */
export function policyPageService(deps: {
  db: Kysely<DB>
  clock: Clock
  policy: PolicyService
  landlordName: string
  contact: { phone: string | undefined; email: string | undefined }
}) {
  return {
    async policy() {
      const today = londonDateOf(deps.clock.now())
      const [timescales, grounds, wording] = await Promise.all([
        deps.policy.inForceOn(today),
        complaintsRepository(deps.db).exclusionGrounds(),
        currentWording(deps.db, 'acknowledgement', deps.contact),
      ])
      return {
        landlordName: deps.landlordName,
        timescales,
        effectiveFrom: timescales.effectiveFrom,
        exclusions: grounds.filter((g) => g.active),
        routes: {
          online: true,
          phone: wording.contact.phone,
          email: wording.contact.email,
          address: wording.house.address,
        },
        adjustments: adjustmentKinds.map((k) => adjustmentLabels[k]),
        ombudsman: HOUSING_OMBUDSMAN,
      }
    },
  }
}
