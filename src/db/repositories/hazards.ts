import { type Kysely, sql } from 'kysely'
import type { HazardEvent, HazardEventData } from '../../domain/hazards/hazard.js'
import type { DB } from '../schema.js'
import { updatedOrConflict } from '../versioned.js'

import { eventStream } from './eventStreams.js'

export type HazardRow = {
  id: string
  complaintId: string
  kind: string
  awareAt: Date
  nextClock: string | null
  nextDueAt: Date | null
  version: number
  updatedAt: Date
}

export type HazardClockRow = {
  /** The kind the duty was owed as, and the assessment it belongs to (0 first). */
  kind: string
  period: number
  clock: string
  dueAt: Date
  metAt: Date | null
  within: boolean | null
  stopped: boolean
}

/** Awaab's Law hazards: each an append-only run of events, a row for queues, and its clocks for reports. */
export function hazardsRepository(db: Kysely<DB>) {
  const row = (r: HazardRow) => ({
    id: r.id,
    complaint_id: r.complaintId,
    kind: r.kind,
    aware_at: r.awareAt,
    next_clock: r.nextClock,
    next_due_at: r.nextDueAt,
    version: r.version,
    updated_at: r.updatedAt,
  })
  const stream = eventStream<HazardEventData>(db, 'hazard_events')
  return {
    async insertHazard(r: HazardRow) {
      await db.insertInto('hazards').values(row(r)).execute()
    },

    /** Updates the row only if nobody else changed the hazard since `expectedVersion`. */
    async updateHazard(r: HazardRow, expectedVersion: number) {
      await updatedOrConflict(
        db
          .updateTable('hazards')
          .set(row(r))
          .where('id', '=', r.id)
          .where('version', '=', expectedVersion)
          .executeTakeFirst(),
      )
    },

    /** After a calendar change: the same row, its clocks worked out again. */
    async refreshHazard(r: HazardRow) {
      await db.updateTable('hazards').set(row(r)).where('id', '=', r.id).execute()
    },

    async replaceClocks(hazard: { id: string; complaintId: string }, clocks: HazardClockRow[]) {
      await db.deleteFrom('hazard_clocks').where('hazard_id', '=', hazard.id).execute()
      if (!clocks.length) return
      await db
        .insertInto('hazard_clocks')
        .values(
          clocks.map((c) => ({
            hazard_id: hazard.id,
            complaint_id: hazard.complaintId,
            kind: c.kind,
            period: c.period,
            clock: c.clock,
            due_at: c.dueAt,
            met_at: c.metAt,
            within: c.within,
            stopped: c.stopped,
          })),
        )
        .execute()
    },

    appendEvents: (
      hazardId: string,
      afterSeq: number,
      events: { data: HazardEventData; at: Date; by: string | null }[],
    ) => stream.append(hazardId, afterSeq, events),

    events: (hazardId: string): Promise<HazardEvent[]> => stream.read(hazardId),

    async idsForComplaint(complaintId: string) {
      const rows = await db
        .selectFrom('hazards')
        .select('id')
        .where('complaint_id', '=', complaintId)
        .orderBy('aware_at')
        .execute()
      return rows.map((r) => r.id)
    },

    /** Every hazard, oldest first: for a data upgrade. */
    async allIds() {
      const rows = await db.selectFrom('hazards').select('id').orderBy('aware_at').orderBy('id').execute()
      return rows.map((r) => r.id)
    },

    /** Hazards with a clock still running, whatever the complaint's state. */
    async runningIds() {
      const rows = await db.selectFrom('hazards').select('id').where('next_due_at', 'is not', null).execute()
      return rows.map((r) => r.id)
    },

    /** The hazard queue: every hazard with a clock running, the soonest to run out first. */
    async running(
      f: { handlerId?: string; entityId?: string; dueBy?: Date; limit?: number; offset?: number } = {},
    ) {
      let q = db
        .selectFrom('hazards as h')
        .innerJoin('complaints as c', 'c.id', 'h.complaint_id')
        .select([
          'h.id',
          'h.complaint_id as complaintId',
          'h.kind',
          'h.aware_at as awareAt',
          'h.next_clock as nextClock',
          'h.next_due_at as nextDueAt',
          'c.reference',
          'c.resident_name as residentName',
          'c.current_handler_id as currentHandlerId',
        ])
        .where('h.next_due_at', 'is not', null)
        .$narrowType<{ nextClock: string; nextDueAt: Date }>()
      if (f.handlerId) q = q.where('c.current_handler_id', '=', f.handlerId)
      if (f.entityId) q = q.where('c.entity_id', '=', f.entityId)
      if (f.dueBy) q = q.where('h.next_due_at', '<=', f.dueBy)
      return q
        .orderBy('h.next_due_at')
        .orderBy('c.reference')
        .orderBy('h.id')
        .$if(f.limit !== undefined, (qb) => qb.limit(f.limit ?? 0).offset(f.offset ?? 0))
        .execute()
    },

    /**
     * Each duty's clocks that ran out in a period, for reports: met in time, met late, stopped, and
     * those not met by the period's end (or by now, if sooner).
     */
    async clockFigures(from: Date, until: Date, now: Date) {
      const cutoff = until < now ? until : now
      return db
        .selectFrom('hazard_clocks')
        .select([
          'kind',
          'clock',
          sql<number>`count(*)`.as('due'),
          sql<number>`count(*) filter (where within)`.as('metInTime'),
          sql<number>`count(*) filter (where within = false)`.as('metLate'),
          sql<number>`count(*) filter (where stopped and met_at is null)`.as('stopped'),
          sql<number>`count(*) filter (where met_at is null and not stopped and due_at < ${cutoff})`.as(
            'notMet',
          ),
          sql<number>`count(*) filter (where met_at is null and not stopped and due_at >= ${cutoff})`.as(
            'running',
          ),
        ])
        .where('due_at', '>=', from)
        .where('due_at', '<', until)
        .groupBy(['kind', 'clock'])
        .execute()
    },

    /** The hazards recorded in a period, by kind. */
    async identified(from: Date, until: Date) {
      return db
        .selectFrom('hazards')
        .select(['kind', sql<number>`count(*)`.as('n')])
        .where('aware_at', '>=', from)
        .where('aware_at', '<', until)
        .groupBy('kind')
        .execute()
    },
  }
}
