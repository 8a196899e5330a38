import { type Kysely, sql } from 'kysely'
import type { OmbudsmanEvent, OmbudsmanEventData } from '../../domain/ombudsman/ombudsmanCase.js'
import type { DB } from '../schema.js'
import { updatedOrConflict } from '../versioned.js'

import { eventStream } from './eventStreams.js'

export type OmbudsmanCaseRow = {
  id: string
  complaintId: string
  ombudsmanReference: string
  kind: string
  receivedOn: string
  nextDueOn: string | null
  determinedOn: string | null
  version: number
  updatedAt: Date
}

/** Which of the Ombudsman's cases a list shows: something owed; not yet closed; closed (determined, nothing owed). */
export type OmbudsmanCaseFilter = 'owed' | 'open' | 'closed'

/** A case is closed once its determination is recorded and nothing is owed on it. */
const CLOSED = sql<boolean>`(ombudsman_cases.determined_on is not null and ombudsman_cases.next_due_on is null)`

/** The Ombudsman's cases: each an append-only run of events, with a row for lists. */
export function ombudsmanRepository(db: Kysely<DB>) {
  const row = (r: OmbudsmanCaseRow) => ({
    id: r.id,
    complaint_id: r.complaintId,
    ombudsman_reference: r.ombudsmanReference,
    kind: r.kind,
    received_on: r.receivedOn,
    next_due_on: r.nextDueOn,
    determined_on: r.determinedOn,
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
  /** The cases as the lists show them, each with its complaint's reference. */
  const listed = () =>
    db
      .selectFrom('ombudsman_cases')
      .innerJoin('complaints', 'complaints.id', 'ombudsman_cases.complaint_id')
      .select([
        'ombudsman_cases.id',
        'ombudsman_cases.complaint_id as complaintId',
        'ombudsman_cases.ombudsman_reference as ombudsmanReference',
        'ombudsman_cases.kind',
        'ombudsman_cases.received_on as receivedOn',
        'ombudsman_cases.next_due_on as nextDueOn',
        'ombudsman_cases.determined_on as determinedOn',
        'complaints.reference',
      ])
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

    /**
     * A page of the Ombudsman's cases: those with something owed, soonest due first; those not
     * yet closed, or those closed, newest first.
     */
    async list(filter: OmbudsmanCaseFilter, page: { limit: number; offset: number }, entityId?: string) {
      let q = listed()
      if (entityId) q = q.where('complaints.entity_id', '=', entityId)
      if (filter === 'owed')
        q = q
          .where('ombudsman_cases.next_due_on', 'is not', null)
          .orderBy('ombudsman_cases.next_due_on')
          .orderBy('ombudsman_cases.id')
      else {
        q = q.where(filter === 'closed' ? CLOSED : sql<boolean>`not ${CLOSED}`)
        q = q.orderBy('ombudsman_cases.received_on', 'desc').orderBy('ombudsman_cases.id')
      }
      return q.limit(page.limit).offset(page.offset).execute()
    },

    /** The cases with something owed by `day` (or already late), soonest first: for the daily prompts. */
    async owedBy(day: string) {
      return listed()
        .where('ombudsman_cases.next_due_on', '<=', day)
        .orderBy('ombudsman_cases.next_due_on')
        .execute()
    },

    /** How many cases have something owed that was due before `day` (of one entity's complaints, if given). */
    async countOverdue(day: string, entityId?: string): Promise<number> {
      const row = await db
        .selectFrom('ombudsman_cases')
        .select(sql<string>`count(*)`.as('n'))
        .where('next_due_on', '<', day)
        .$if(entityId !== undefined, (q) =>
          q.where('complaint_id', 'in', (eb) =>
            eb
              .selectFrom('complaints')
              .select('id')
              .where('entity_id', '=', entityId ?? ''),
          ),
        )
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },

    /** How many cases each filter shows (of one entity's complaints, if given). */
    async counts(entityId?: string): Promise<Record<OmbudsmanCaseFilter, number>> {
      const row = await db
        .selectFrom('ombudsman_cases')
        .innerJoin('complaints', 'complaints.id', 'ombudsman_cases.complaint_id')
        .$if(entityId !== undefined, (q) => q.where('complaints.entity_id', '=', entityId ?? ''))
        .select([
          sql<string>`count(*) filter (where ombudsman_cases.next_due_on is not null)`.as('owed'),
          sql<string>`count(*) filter (where ${CLOSED})`.as('closed'),
          sql<string>`count(*)`.as('all'),
        ])
        .executeTakeFirstOrThrow()
      return {
        owed: Number(row.owed),
        closed: Number(row.closed),
        open: Number(row.all) - Number(row.closed),
      }
    },
  }
}
