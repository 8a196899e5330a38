import type { Kysely } from 'kysely'
import { inProgressStates } from '../../domain/complaints/vocabulary.js'
import type { MissedDeadline, MissedHazardDuty, OmbudsmanOrderDue } from '../../domain/webhooks/events.js'
import type { DB } from '../schema.js'

/**
 * What the webhooks' clock events announce (issue 34): the deadlines missed, Awaab's Law duties
 * run out and Ombudsman orders due in a window, each read from its own table's due date.
 */
export function webhookClockEventsRepository(db: Kysely<DB>) {
  return {
    /**
     * Complaints whose current deadline fell before `today` (the API's `overdue`) and on or after
     * `since`: a deadline missed longer ago than that was missed before anyone could hear of it.
     */
    async missedDeadlines(today: string, since: string): Promise<MissedDeadline[]> {
      const rows = await db
        .selectFrom('complaints')
        .select([
          'id',
          'reference',
          'stage',
          'state',
          'channel',
          'received_at',
          'received_on',
          'deadline_key',
          'deadline_due_on',
        ])
        .where('deadline_due_on', '<', today)
        .where('deadline_due_on', '>=', since)
        .where('deadline_key', 'is not', null)
        .where('state', 'in', inProgressStates)
        .orderBy('deadline_due_on')
        .orderBy('reference')
        .execute()
      return rows.map((r) => ({
        complaint: {
          id: r.id,
          reference: r.reference,
          stage: r.stage as 1 | 2,
          state: r.state,
          channel: r.channel,
          receivedAt: r.received_at.toISOString(),
          receivedOn: r.received_on,
        },
        deadline: { key: r.deadline_key ?? '', due: r.deadline_due_on ?? '' },
      }))
    },

    /** Awaab's Law clocks run out, neither met nor stopped, due from `since` until `now`. */
    async missedHazardDuties(now: Date, since: Date): Promise<MissedHazardDuty[]> {
      const rows = await db
        .selectFrom('hazard_clocks as h')
        .innerJoin('complaints as c', 'c.id', 'h.complaint_id')
        .select(['h.hazard_id', 'h.kind', 'h.clock', 'h.due_at', 'c.id as complaintId', 'c.reference'])
        .where('h.due_at', '<', now)
        .where('h.due_at', '>=', since)
        .where('h.met_at', 'is', null)
        .where('h.stopped', '=', false)
        .orderBy('h.due_at')
        .execute()
      return rows.map((r) => ({
        hazardId: r.hazard_id,
        complaint: { id: r.complaintId, reference: r.reference },
        kind: r.kind,
        duty: r.clock,
        dueAt: r.due_at,
      }))
    },

    /** Ombudsman cases with an order due on or before `today` (and on or after `since`) not yet done. */
    async ombudsmanOrdersDue(today: string, since: string): Promise<OmbudsmanOrderDue[]> {
      const rows = await db
        .selectFrom('ombudsman_cases as o')
        .innerJoin('complaints as c', 'c.id', 'o.complaint_id')
        .select(['o.id', 'o.ombudsman_reference', 'o.next_due_on', 'c.id as complaintId', 'c.reference'])
        .where('o.next_due_on', '<=', today)
        .where('o.next_due_on', '>=', since)
        .orderBy('o.next_due_on')
        .execute()
      return rows.map((r) => ({
        caseId: r.id,
        ombudsmanReference: r.ombudsman_reference,
        complaint: { id: r.complaintId, reference: r.reference },
        dueOn: r.next_due_on ?? '',
      }))
    },
  }
}
