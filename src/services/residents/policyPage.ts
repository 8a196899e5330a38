import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { entitiesRepository } from '../../db/repositories/entities.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { HOUSING_OMBUDSMAN } from '../../domain/complaints/vocabulary.js'
import { adjustmentKinds, adjustmentLabels } from '../../domain/residents/needs.js'
import { currentWording, entityLetterhead } from '../letters/wording.js'
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
      const [timescales, grounds, wording, entities] = await Promise.all([
        deps.policy.inForceOn(today),
        complaintsRepository(deps.db).exclusionGrounds(),
        currentWording(deps.db, 'acknowledgement', deps.contact),
        entitiesRepository(deps.db).list(),
      ])
      // Issue 34: one policy covers a group (as the Ombudsman accepts); it names each landlord it
      // covers, with how its residents reach it. With one landlord, nothing more is said.
      const landlords =
        entities.length > 1
          ? entities.map((e) => {
              const head = entityLetterhead(e, wording.house, wording.contact)
              return {
                name: head.landlordName ?? deps.landlordName,
                rpNumber: e.rpNumber,
                phone: head.contact.phone,
                email: head.contact.email,
                address: head.house.address,
              }
            })
          : []
      return {
        landlordName: deps.landlordName,
        landlords,
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
