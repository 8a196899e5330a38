import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import { ANONYMISED_NAME, REDACTED } from '../../domain/dataProtection/retention.js'
import type { DB } from '../schema.js'
import { inboxRepository } from './inbox.js'
import { allowAnonymising, dayAfter, pageOfDue, redactEvents } from './retention.js'

/** A closed service request past retention, and how many complaints about it are still kept. */
export type RequestRetentionCandidate = {
  id: string
  reference: string
  lastActivityOn: CalendarDate
  complaintsKept: number
}

/** The complaints logged about a request (Code 1.5) that are not anonymised yet. */
const complaintsKept = (requestId: RawBuilder<unknown>) => sql<number>`(
  select count(*)::int from service_request_events e
  join complaints c on c.id = (e.data ->> 'complaintId')::uuid
  where e.request_id = ${requestId} and e.type = 'service_request.complaint_logged'
    and c.anonymised_at is null)`

/**
 * Storage limitation for service requests (Code 1.4–1.6): closed ones past retention, and
 * anonymising one. A request is kept while a complaint about it is kept.
 */
export function requestRetentionRepository(db: Kysely<DB>) {
  return {
    /** Closed requests not yet anonymised that last changed on or before `cutoff`, by reference. */
    async pastRetention(
      cutoff: CalendarDate,
      opts: { limit: number; afterReference?: string },
    ): Promise<{ rows: RequestRetentionCandidate[]; total: number }> {
      const due = sql`select r.id, r.reference, r.updated_at as last_at,
          ${complaintsKept(sql.ref('r.id'))} as complaints_kept
        from service_requests r
        where r.anonymised_at is null and r.status = 'closed' and r.updated_at < ${dayAfter(cutoff)}`
      const { rows, total } = await pageOfDue<{ id: string; reference: string; complaints_kept: number }>(
        db,
        due,
        opts,
      )
      return {
        rows: rows.map((r) => ({
          id: r.id,
          reference: r.reference,
          lastActivityOn: r.last_on,
          complaintsKept: Number(r.complaints_kept),
        })),
        total,
      }
    },

    /** Whether the request was anonymised: it can no longer change. */
    async isAnonymised(id: string): Promise<boolean> {
      const row = await db
        .selectFrom('service_requests')
        .select('anonymised_at')
        .where('id', '=', id)
        .executeTakeFirst()
      return Boolean(row?.anonymised_at)
    },

    /**
     * Anonymises one request in the caller's transaction, after checking again under a row lock
     * that it is closed, not anonymised and no complaint about it is kept: its events lose their
     * personal data and free text, its row the resident's name and the summary. Returns how many
     * events were redacted, or undefined if it may no longer be anonymised.
     */
    async anonymise(
      tx: Transaction<DB>,
      r: { id: string; lastActivityOn: CalendarDate },
      opts: { at: Date; years: number; byUserId: string | null },
    ): Promise<number | undefined> {
      const row = await tx
        .selectFrom('service_requests')
        .select([
          'reference',
          'status',
          'anonymised_at',
          complaintsKept(sql.ref('service_requests.id')).as('kept'),
        ])
        .where('id', '=', r.id)
        .forUpdate()
        .executeTakeFirst()
      if (!row || row.anonymised_at || row.status !== 'closed' || Number(row.kept) > 0) return undefined
      await allowAnonymising(tx)
      const events = await redactEvents(
        tx,
        'service_request_events',
        await tx
          .selectFrom('service_request_events')
          .select(['id', 'data'])
          .where('request_id', '=', r.id)
          .execute(),
      )
      await tx
        .updateTable('service_requests')
        .set({ resident_name: ANONYMISED_NAME, summary: REDACTED, anonymised_at: opts.at })
        .where('id', '=', r.id)
        .execute()
      // The emails the request was logged from go with it, attachments and all.
      await inboxRepository(tx).deleteForRetention({ serviceRequestId: r.id })
      await tx
        .insertInto('retention_request_anonymisations')
        .values({
          request_id: r.id,
          reference: row.reference,
          anonymised_at: opts.at,
          last_activity_on: r.lastActivityOn,
          retention_years: opts.years,
          by_user_id: opts.byUserId,
          events,
        })
        .execute()
      return events
    },

    async recentAnonymisations(limit: number) {
      return db
        .selectFrom('retention_request_anonymisations as a')
        .leftJoin('users as u', 'u.id', 'a.by_user_id')
        .select([
          'a.id',
          'a.request_id as requestId',
          'a.reference',
          'a.anonymised_at as anonymisedAt',
          'a.last_activity_on as lastActivityOn',
          'a.retention_years as retentionYears',
          'a.events',
          'u.name as byName',
        ])
        .orderBy('a.anonymised_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(limit)
        .execute()
    },
  }
}
