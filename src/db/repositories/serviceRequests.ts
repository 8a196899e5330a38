import { type Kysely, sql } from 'kysely'
import type { ServiceRequestEventData } from '../../domain/serviceRequests/serviceRequest.js'
import type { DB } from '../schema.js'
import { isUniqueViolation, updatedOrConflict } from '../versioned.js'

import { eventStream } from './eventStreams.js'

export type ServiceRequestRow = {
  id: string
  reference: string
  externalReference: string | null
  kind: string
  summary: string
  status: string
  residentName: string
  openedOn: string
  commentsToOffer: number
  complaints: number
  version: number
  updatedAt: Date
}

/** A second request with the same housing-system reference. */
export class ExternalReferenceTaken extends Error {}

/** Service requests (Code 1.4–1.6): an append-only run of events each, and a row for lists. */
export function serviceRequestsRepository(db: Kysely<DB>) {
  const columns = (r: ServiceRequestRow) => ({
    id: r.id,
    reference: r.reference,
    external_reference: r.externalReference,
    kind: r.kind,
    summary: r.summary,
    status: r.status,
    resident_name: r.residentName,
    opened_on: r.openedOn,
    comments_to_offer: r.commentsToOffer,
    complaints: r.complaints,
    version: r.version,
    updated_at: r.updatedAt,
  })
  const stream = eventStream<ServiceRequestEventData>(db, 'service_request_events')
  return {
    async nextReferenceNumber(): Promise<number> {
      const { rows } = await sql<{ n: number }>`select nextval('service_request_reference_seq') as n`.execute(
        db,
      )
      return Number(rows[0]?.n)
    },
    async insert(r: ServiceRequestRow) {
      try {
        await db.insertInto('service_requests').values(columns(r)).execute()
      } catch (error) {
        if (isUniqueViolation(error)) throw new ExternalReferenceTaken()
        throw error
      }
    },
    async update(r: ServiceRequestRow, expectedVersion: number) {
      await updatedOrConflict(
        db
          .updateTable('service_requests')
          .set(columns(r))
          .where('id', '=', r.id)
          .where('version', '=', expectedVersion)
          .executeTakeFirst(),
      )
    },
    appendEvents: (
      id: string,
      afterSeq: number,
      events: { data: ServiceRequestEventData; at: Date; by: string | null }[],
    ) => stream.append(id, afterSeq, events),
    events: (id: string) => stream.read(id),
    findByReference: (reference: string) =>
      db
        .selectFrom('service_requests')
        .select(['id', 'reference', 'external_reference', 'kind', 'summary', 'status'])
        .where((eb) => eb.or([eb('reference', '=', reference), eb('external_reference', '=', reference)]))
        .executeTakeFirst(),
    /**
     * The requests about a resident (for a subject access request): those a complaint of theirs
     * was made about, and those logged with their email address. By reference.
     */
    async aboutResident(q: { complaintIds: string[]; email: string | null }): Promise<string[]> {
      const email = q.email?.trim().toLowerCase()
      const matches = [
        ...(q.complaintIds.length
          ? [
              sql`(e.type = 'service_request.complaint_logged'
                and e.data ->> 'complaintId' in (${sql.join(q.complaintIds)}))`,
            ]
          : []),
        ...(email
          ? [sql`(e.type = 'service_request.logged' and lower(e.data -> 'resident' ->> 'email') = ${email})`]
          : []),
      ]
      if (!matches.length) return []
      const { rows } = await sql<{ id: string }>`
        select r.id from service_requests r
        where r.id in (select e.request_id from service_request_events e where ${sql.join(matches, sql` or `)})
        order by r.reference`.execute(db)
      return rows.map((r) => r.id)
    },
    list: (f: { toOffer?: boolean; open?: boolean; limit?: number; offset?: number }) => {
      let q = db.selectFrom('service_requests').selectAll()
      if (f.toOffer) q = q.where('comments_to_offer', '>', 0)
      if (f.open) q = q.where('status', '=', 'open')
      return q
        .orderBy('updated_at', 'desc')
        .orderBy('reference', 'desc')
        .limit(f.limit ?? 100)
        .offset(f.offset ?? 0)
        .execute()
    },
  }
}
