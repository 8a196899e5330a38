import type { Kysely } from 'kysely'
import type {
  PanelComment,
  PanelCommentEvent,
  PanelCommentEventData,
} from '../../domain/scrutiny/panelComment.js'
import type { DB } from '../schema.js'
import { updatedOrConflict } from '../versioned.js'
import { eventStream, streamEventOf } from './eventStreams.js'

/** The row lists read, from the comment as its events make it. */
const rowOf = (c: PanelComment, now: Date) => ({
  id: c.id,
  subject_kind: c.subject.kind,
  subject_key: c.subject.key,
  reporting_year: c.reportingYear,
  kind: c.kind,
  status: c.status,
  made_at: c.madeAt,
  made_by: c.madeBy as string,
  answered_at: c.answer?.at ?? null,
  version: c.version,
  updated_at: now,
})

/** Code 9.3: the residents' panel's comments and challenges, each an append-only run of events. */
export function panelCommentsRepository(db: Kysely<DB>) {
  const stream = () => eventStream<PanelCommentEventData>(db, 'panel_comment_events')

  /** Comments with their events, read in one query, folded by the caller. */
  async function withEvents(ids: string[]): Promise<Map<string, PanelCommentEvent[]>> {
    const byId = new Map<string, PanelCommentEvent[]>(ids.map((id) => [id, []]))
    if (!ids.length) return byId
    const rows = await db
      .selectFrom('panel_comment_events')
      .select(['comment_id', 'seq', 'type', 'at', 'actor_id', 'data'])
      .where('comment_id', 'in', ids)
      .orderBy('comment_id')
      .orderBy('seq')
      .execute()
    for (const r of rows) byId.get(r.comment_id)?.push(streamEventOf<PanelCommentEventData>(r))
    return byId
  }

  return {
    async insert(c: PanelComment, now: Date) {
      await db.insertInto('panel_comments').values(rowOf(c, now)).execute()
    },

    /** Updates the row only if nobody else changed the comment since `expectedVersion`. */
    async update(c: PanelComment, expectedVersion: number, now: Date) {
      await updatedOrConflict(
        db
          .updateTable('panel_comments')
          .set(rowOf(c, now))
          .where('id', '=', c.id)
          .where('version', '=', expectedVersion)
          .executeTakeFirst(),
      )
    },

    appendEvents: (
      id: string,
      afterSeq: number,
      events: { data: PanelCommentEventData; at: Date; by: string | null }[],
    ) => stream().append(id, afterSeq, events),

    events: (id: string): Promise<PanelCommentEvent[]> => stream().read(id),

    /**
     * The comments asked for, newest first, with their events: those still open (oldest first, as
     * they wait), those of a reporting year, or the latest.
     */
    async list(f: { open?: boolean; year?: number; limit: number }) {
      let q = db.selectFrom('panel_comments').select('id')
      if (f.open) q = q.where('status', '=', 'open').orderBy('made_at')
      else q = q.orderBy('made_at', 'desc')
      if (f.year !== undefined) q = q.where('reporting_year', '=', f.year)
      const ids = (await q.orderBy('id').limit(f.limit).execute()).map((r) => r.id)
      const events = await withEvents(ids)
      return ids.map((id) => ({ id, events: events.get(id) ?? [] }))
    },

    async openCount(): Promise<number> {
      const row = await db
        .selectFrom('panel_comments')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'open')
        .executeTakeFirst()
      return Number(row?.n ?? 0)
    },
  }
}
