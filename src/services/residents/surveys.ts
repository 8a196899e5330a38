import type { Kysely } from 'kysely'
import { residentPortalRepository } from '../../db/repositories/residentPortal.js'
import type { DB } from '../../db/schema.js'
import { type Satisfaction, satisfactionLabels } from '../../domain/residents/survey.js'

/** What residents said in the post-complaint survey about a complaint, for the staff who handled it. */
export function surveysService(deps: { db: Kysely<DB> }) {
  return {
    async forComplaint(complaintId: string) {
      const rows = await residentPortalRepository(deps.db).surveys(complaintId)
      return rows.map((r) => ({
        ...r,
        label: satisfactionLabels[r.satisfaction as Satisfaction] ?? r.satisfaction,
      }))
    },
  }
}
