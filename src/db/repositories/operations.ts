import { type Kysely, sql } from 'kysely'
import { openStates } from '../../domain/complaints/vocabulary.js'
import type { DB } from '../schema.js'

/** What an operator watches, counted across the whole cluster (every instance shares the database). */
export function operationsRepository(db: Kysely<DB>) {
  return {
    /** Open complaints by state, and how many are past their deadline on `today`. */
    async openComplaints(today: string) {
      const rows = await db
        .selectFrom('complaints')
        .select([
          'state',
          sql<number>`count(*)`.as('open'),
          sql<number>`count(*) filter (where deadline_due_on < ${today})`.as('overdue'),
        ])
        .where('state', 'in', openStates)
        .groupBy('state')
        .execute()
      return rows.map((r) => ({ state: r.state, open: Number(r.open), overdue: Number(r.overdue) }))
    },

    /** Every message the service has sent or tried to, by where it got to. */
    async mailByStatus() {
      const rows = await db
        .selectFrom('mail_messages')
        .select(['status', sql<number>`count(*)`.as('n')])
        .groupBy('status')
        .execute()
      return rows.map((r) => ({ status: r.status, n: Number(r.n) }))
    },

    /** Background jobs waiting to run, and those that gave up, by kind. */
    async jobsByState() {
      const rows = await db
        .selectFrom('jobs')
        .select([
          'kind',
          sql<number>`count(*) filter (where done_at is null and gave_up_at is null)`.as('waiting'),
          sql<number>`count(*) filter (where gave_up_at is not null)`.as('gaveUp'),
        ])
        .groupBy('kind')
        .execute()
      return rows.map((r) => ({ kind: r.kind, waiting: Number(r.waiting), gaveUp: Number(r.gaveUp) }))
    },
  }
}
