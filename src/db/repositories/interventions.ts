import { type Kysely, sql } from 'kysely'
import type {
  Intervention,
  InterventionEvent,
  InterventionEventData,
} from '../../domain/ombudsman/intervention.js'
import type { DB } from '../schema.js'
import { updatedOrConflict } from '../versioned.js'

import { eventStream } from './eventStreams.js'

/**
 * Which interventions a list shows: by kind, and open (not yet complied with) or complied with;
 * and, for a person limited to an entity, only those about its complaints (`entityId`).
 */
export type InterventionFilter = { kind?: string; state?: 'open' | 'complied'; entityId?: string }

/** The Ombudsman's interventions: each an append-only run of events, with a row for lists. */
export function interventionsRepository(db: Kysely<DB>) {
  const row = (i: Intervention, now: Date) => ({
    id: i.id,
    kind: i.kind,
    failure_type: i.failureType ?? null,
    ombudsman_reference: i.ombudsmanReference,
    received_on: i.receivedOn,
    complaint_id: i.complaintId ?? null,
    provision: i.provision ?? null,
    owner_id: i.ownerId,
    due_on: i.dueOn,
    complied_on: i.complied?.on ?? null,
    complied_late: i.complied ? i.complied.late : null,
    version: i.version,
    updated_at: now,
  })
  const stream = () => eventStream<InterventionEventData>(db, 'ombudsman_intervention_events')
  /** The interventions as the lists show them, each with its complaint's reference when it has one. */
  const listed = () =>
    db
      .selectFrom('ombudsman_interventions as i')
      .leftJoin('complaints', 'complaints.id', 'i.complaint_id')
      .select([
        'i.id',
        'i.kind',
        'i.failure_type as failureType',
        'i.ombudsman_reference as ombudsmanReference',
        'i.received_on as receivedOn',
        'i.complaint_id as complaintId',
        'i.provision',
        'i.owner_id as ownerId',
        'i.due_on as dueOn',
        'i.complied_on as compliedOn',
        'i.complied_late as compliedLate',
        'complaints.reference',
      ])
  return {
    async insert(i: Intervention, now: Date) {
      await db.insertInto('ombudsman_interventions').values(row(i, now)).execute()
    },

    /** Updates the row only if nobody else changed the intervention since `expectedVersion`. */
    async update(i: Intervention, expectedVersion: number, now: Date) {
      await updatedOrConflict(
        db
          .updateTable('ombudsman_interventions')
          .set(row(i, now))
          .where('id', '=', i.id)
          .where('version', '=', expectedVersion)
          .executeTakeFirst(),
      )
    },

    appendEvents: (
      id: string,
      afterSeq: number,
      events: { data: InterventionEventData; at: Date; by: string | null }[],
    ) => stream().append(id, afterSeq, events),

    events: (id: string): Promise<InterventionEvent[]> => stream().read(id),

    /**
     * Every intervention's id: tens or hundreds a year, read whole for the reports. For one
     * landlord of a group (its self-assessment), those about its complaints and those about none
     * (landlord-wide: the policy every landlord of the group shares).
     */
    async ids(entityId?: string) {
      return (
        await db
          .selectFrom('ombudsman_interventions as i')
          .leftJoin('complaints as c', 'c.id', 'i.complaint_id')
          .select('i.id')
          .$if(entityId !== undefined, (q) =>
            q.where((w) => w.or([w('i.complaint_id', 'is', null), w('c.entity_id', '=', entityId ?? '')])),
          )
          .execute()
      ).map((r) => r.id)
    },

    /** A page of interventions, newest first, with how many the filter shows in all. */
    async list(filter: InterventionFilter, page: { limit: number; offset: number }) {
      let q = listed()
      let n = db.selectFrom('ombudsman_interventions as i').select(sql<string>`count(*)`.as('n'))
      if (filter.kind) {
        q = q.where('i.kind', '=', filter.kind)
        n = n.where('i.kind', '=', filter.kind)
      }
      if (filter.state) {
        const op = filter.state === 'open' ? 'is' : 'is not'
        q = q.where('i.complied_on', op, null)
        n = n.where('i.complied_on', op, null)
      }
      const entityId = filter.entityId
      if (entityId) {
        q = q.where('complaints.entity_id', '=', entityId)
        n = n
          .innerJoin('complaints', 'complaints.id', 'i.complaint_id')
          .where('complaints.entity_id', '=', entityId)
      }
      const [rows, count] = await Promise.all([
        q.orderBy('i.received_on', 'desc').orderBy('i.id').limit(page.limit).offset(page.offset).execute(),
        n.executeTakeFirstOrThrow(),
      ])
      return { rows, total: Number(count.n) }
    },

    /** Open interventions due by `day` (or already late), soonest first: for the daily prompts. */
    async dueBy(day: string) {
      return listed()
        .where('i.complied_on', 'is', null)
        .where('i.due_on', '<=', day)
        .orderBy('i.due_on')
        .execute()
    },

    /** How many open interventions were due before `day` (about one entity's complaints, if asked). */
    async countOverdue(day: string, entityId?: string): Promise<number> {
      let q = db
        .selectFrom('ombudsman_interventions as i')
        .select(sql<string>`count(*)`.as('n'))
        .where('i.complied_on', 'is', null)
        .where('i.due_on', '<', day)
      if (entityId)
        q = q
          .innerJoin('complaints', 'complaints.id', 'i.complaint_id')
          .where('complaints.entity_id', '=', entityId)
      const r = await q.executeTakeFirstOrThrow()
      return Number(r.n)
    },

    async insertDocument(d: {
      id: string
      interventionId: string
      filename: string
      contentType: string
      sha256: string
      content: Uint8Array
      at: Date
      by: string
    }) {
      await db
        .insertInto('ombudsman_intervention_documents')
        .values({
          id: d.id,
          intervention_id: d.interventionId,
          filename: d.filename,
          content_type: d.contentType,
          size: d.content.length,
          sha256: d.sha256,
          content: d.content,
          uploaded_at: d.at,
          uploaded_by: d.by,
        })
        .execute()
    },

    async document(interventionId: string, documentId: string) {
      return db
        .selectFrom('ombudsman_intervention_documents')
        .select(['filename', 'content_type as contentType', 'content'])
        .where('intervention_id', '=', interventionId)
        .where('id', '=', documentId)
        .executeTakeFirst()
    },
  }
}

export type InterventionRow = Awaited<ReturnType<ReturnType<typeof interventionsRepository>['dueBy']>>[number]
