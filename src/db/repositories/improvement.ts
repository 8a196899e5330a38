import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import type {
  ImprovementAction,
  ImprovementEvent,
  ImprovementEventData,
} from '../../domain/improvement/improvementAction.js'
import type { DB } from '../schema.js'
import { updatedOrConflict } from '../versioned.js'

import { eventStream } from './eventStreams.js'

/** The row lists read, from the action as its events make it. */
const rowOf = (a: ImprovementAction, now: Date) => ({
  id: a.id,
  title: a.title,
  source: a.origin.kind,
  ombudsman_case_id: a.origin.ombudsmanCaseId ?? null,
  direction_id: a.origin.directionId ?? null,
  owner_id: a.ownerId,
  status: a.status,
  due_on: a.dueOn,
  completed_on: a.completed?.on ?? null,
  published_at: a.published?.at ?? null,
  you_said: a.published?.youSaid ?? null,
  we_did: a.published?.weDid ?? null,
  raised_at: a.raisedAt,
  version: a.version,
  updated_at: now,
})

export type ImprovementRow = {
  id: string
  title: string
  source: string
  ownerId: string
  status: string
  dueOn: CalendarDate
  completedOn: CalendarDate | null
  publishedAt: Date | null
}

const listColumns = [
  'id',
  'title',
  'source',
  'owner_id as ownerId',
  'status',
  'due_on as dueOn',
  'completed_on as completedOn',
  'published_at as publishedAt',
] as const

/**
 * Roles limited to an entity: an action is of the entities of the complaints it is linked to (one
 * raised from an Ombudsman order, or from an intervention about a complaint, is linked to that
 * complaint as it is raised); one of none is the whole group's. Asked of each action by its
 * links' primary key (action_id, complaint_id), then each complaint's.
 */
const ofEntity = (eb: ExpressionBuilder<DB, 'improvement_actions'>, entityId: string) =>
  eb.exists(
    eb
      .selectFrom('improvement_action_complaints as l')
      .innerJoin('complaints as c', 'c.id', 'l.complaint_id')
      .select(sql`1`.as('one'))
      .whereRef('l.action_id', '=', 'improvement_actions.id')
      .where('c.entity_id', '=', entityId),
  )

/** Improvement actions (Code 9.1–9.4): each an append-only run of events, with a row and its complaints for lists. */
export function improvementRepository(db: Kysely<DB>) {
  return {
    async insert(a: ImprovementAction, now: Date) {
      await db.insertInto('improvement_actions').values(rowOf(a, now)).execute()
    },

    /** Updates the row (and adds any new complaint links) only if nobody else changed it since `expectedVersion`. */
    async update(a: ImprovementAction, expectedVersion: number, now: Date) {
      await updatedOrConflict(
        db
          .updateTable('improvement_actions')
          .set(rowOf(a, now))
          .where('id', '=', a.id)
          .where('version', '=', expectedVersion)
          .executeTakeFirst(),
      )
    },

    async linkComplaints(actionId: string, complaintIds: string[]) {
      if (!complaintIds.length) return
      await db
        .insertInto('improvement_action_complaints')
        .values(complaintIds.map((complaintId) => ({ action_id: actionId, complaint_id: complaintId })))
        .onConflict((oc) => oc.doNothing())
        .execute()
    },

    appendEvents: (
      actionId: string,
      afterSeq: number,
      events: { data: ImprovementEventData; at: Date; by: string | null }[],
    ) =>
      eventStream<ImprovementEventData>(db, 'improvement_action_events').append(actionId, afterSeq, events),

    events: (actionId: string): Promise<ImprovementEvent[]> =>
      eventStream<ImprovementEventData>(db, 'improvement_action_events').read(actionId),

    /**
     * Open ones soonest due first, or every one (the most recently raised first); one entity's
     * only, for a person limited to it.
     */
    async list(f: {
      open: boolean
      limit: number
      offset?: number
      entityId?: string
    }): Promise<ImprovementRow[]> {
      let q = db.selectFrom('improvement_actions').select(listColumns)
      const entityId = f.entityId
      if (entityId) q = q.where((eb) => ofEntity(eb, entityId))
      q = f.open
        ? q.where('status', 'in', ['open', 'in_progress']).orderBy('due_on').orderBy('raised_at')
        : q.orderBy('raised_at', 'desc')
      // The id last, so no two rows tie and a download read in batches keeps the page's order.
      return (await q
        .orderBy('id')
        .limit(f.limit)
        .offset(f.offset ?? 0)
        .execute()) as ImprovementRow[]
    },

    /** Open ones due on or before the day: for the daily prompts and the dashboard (one entity's, if asked). */
    async dueBy(day: CalendarDate, entityId?: string): Promise<ImprovementRow[]> {
      let q = db
        .selectFrom('improvement_actions')
        .select(listColumns)
        .where('status', 'in', ['open', 'in_progress'])
        .where('due_on', '<=', day)
      if (entityId) q = q.where((eb) => ofEntity(eb, entityId))
      return (await q.orderBy('due_on').execute()) as ImprovementRow[]
    },

    async forComplaint(complaintId: string): Promise<ImprovementRow[]> {
      return (await db
        .selectFrom('improvement_actions as a')
        .innerJoin('improvement_action_complaints as l', 'l.action_id', 'a.id')
        .select(listColumns.map((c) => `a.${c}` as const))
        .where('l.complaint_id', '=', complaintId)
        .orderBy('a.raised_at')
        .execute()) as ImprovementRow[]
    },

    async forOmbudsmanCase(caseId: string) {
      return db
        .selectFrom('improvement_actions')
        .select(['id', 'title', 'status', 'direction_id as directionId', 'due_on as dueOn'])
        .where('ombudsman_case_id', '=', caseId)
        .orderBy('raised_at')
        .execute()
    },

    /** "You said, we did": what the landlord chose to publish, newest first. */
    async published(limit: number) {
      return db
        .selectFrom('improvement_actions')
        .select([
          'id',
          'you_said as youSaid',
          'we_did as weDid',
          'status',
          'due_on as dueOn',
          'completed_on as completedOn',
          'published_at as publishedAt',
        ])
        .where('published_at', 'is not', null)
        .where('status', '<>', 'cancelled')
        .orderBy('published_at', 'desc')
        .limit(limit)
        .execute()
    },
  }
}
