import { type Kysely, sql } from 'kysely'
import type { DB } from '../schema.js'

/** What the landlord has (and has not yet) learned from its complaints (Code 9.1–9.4). */
export function learningRepository(db: Kysely<DB>) {
  return {
    /**
     * Stages upheld or partly upheld with no learning recorded for them yet (Code 9.1), oldest
     * response first: the "learning to record" queue.
     */
    async toRecord() {
      const rows = await sql<{
        id: string
        reference: string
        residentName: string
        stage: number
        respondedAt: Date
      }>`
        select c.id, c.reference, c.resident_name as "residentName", (r.data->>'stage')::int as stage, r.at as "respondedAt"
        from complaint_events r
        join complaints c on c.id = r.complaint_id
        where r.type = 'complaint.responded'
          and r.data->>'decision' in ('upheld', 'partly_upheld')
          and not exists (
            select 1 from complaint_events l
            where l.complaint_id = r.complaint_id
              and l.type = 'complaint.learning_recorded'
              and l.data->>'stage' = r.data->>'stage'
          )
        order by r.at, c.reference
      `.execute(db)
      return rows.rows
    },
  }
}
