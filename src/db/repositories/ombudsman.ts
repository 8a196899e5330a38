import type { Kysely } from 'kysely'
import type { OmbudsmanEvent, OmbudsmanEventData } from '../../domain/ombudsman/ombudsmanCase.js'
import type { DB } from '../schema.js'
import { updatedOrConflict } from './complaints.js'
import { eventStream } from './eventStreams.js'

export type OmbudsmanCaseRow = {
  id: string
  complaintId: string
  ombudsmanReference: string
  kind: string
  receivedOn: string
  nextDueOn: string | null
  version: number
  updatedAt: Date
}

/** The Ombudsman's cases: each an append-only run of events, with a row for lists. */
export function ombudsmanRepository(db: Kysely<DB>) {
  const row = (r: OmbudsmanCaseRow) => ({
    id: r.id,
    complaint_id: r.complaintId,
    ombudsman_reference: r.ombudsmanReference,
    kind: r.kind,
    received_on: r.receivedOn,
    next_due_on: r.nextDueOn,
    version: r.version,
    updated_at: r.updatedAt,
  })
  const columns = [
    'id',
    'complaint_id as complaintId',
    'ombudsman_reference as ombudsmanReference',
    'kind',
    'received_on as receivedOn',
    'next_due_on as nextDueOn',
    'version',
    'updated_at as updatedAt',
  ] as const
  return {
    async insertCase(r: OmbudsmanCaseRow) {
      await db.insertInto('ombudsman_cases').values(row(r)).execute()
    },

    /** Updates the row only if nobody else changed the case since `expectedVersion`. */
    async updateCase(r: OmbudsmanCaseRow, expectedVersion: number) {
      await updatedOrConflict(
        db
          .updateTable('ombudsman_cases')
          .set(row(r))
          .where('id', '=', r.id)
          .where('version', '=', expectedVersion)
          .executeTakeFirst(),
      )
    },

    appendEvents: (
      caseId: string,
      afterSeq: number,
      events: { data: OmbudsmanEventData; at: Date; by: string | null }[],
    ) => eventStream<OmbudsmanEventData>(db, 'ombudsman_case_events').append(caseId, afterSeq, events),

    events: (caseId: string): Promise<OmbudsmanEvent[]> =>
      eventStream<OmbudsmanEventData>(db, 'ombudsman_case_events').read(caseId),

    async forComplaint(complaintId: string) {
      return db
        .selectFrom('ombudsman_cases')
        .select(columns)
        .where('complaint_id', '=', complaintId)
        .orderBy('received_on')
        .execute()
    },

    /** Cases with something owed (evidence not sent, orders not complied with), soonest first. */
    async owed() {
      return db
        .selectFrom('ombudsman_cases')
        .innerJoin('complaints', 'complaints.id', 'ombudsman_cases.complaint_id')
        .select([
          'ombudsman_cases.id',
          'ombudsman_cases.complaint_id as complaintId',
          'ombudsman_cases.ombudsman_reference as ombudsmanReference',
          'ombudsman_cases.next_due_on as nextDueOn',
          'complaints.reference',
        ])
        .where('ombudsman_cases.next_due_on', 'is not', null)
        .orderBy('ombudsman_cases.next_due_on')
        .execute()
    },
  }
}
