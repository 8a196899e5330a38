import { type Kysely, sql } from 'kysely'
import { fromJson } from '../json.js'
import type { DB } from '../schema.js'
import { appendOrConflict } from '../versioned.js'

/** The event streams that are an id, a number, a type, a time, who, and the rest as JSON. */
const streams = {
  ombudsman_case_events: 'case_id',
  ombudsman_intervention_events: 'intervention_id',
  improvement_action_events: 'action_id',
  annual_report_events: 'year',
  self_assessment_events: 'assessment_id',
  hazard_events: 'hazard_id',
  person_events: 'person_id',
  service_request_events: 'request_id',
  panel_comment_events: 'comment_id',
} as const
export type StreamTable = keyof typeof streams

export type StreamEvent<E extends { type: string }> = E & { seq: number; at: Date; by: string | null }

/**
 * One append-only stream of events: appended at the numbers after the version read (another
 * writer's clash is a version conflict), and read back oldest first.
 */
export function eventStream<E extends { type: string }>(db: Kysely<DB>, table: StreamTable) {
  const key = streams[table]
  /** The insert of events numbered after `afterSeq`, for `writeTogether` (none for no events). */
  function appendQuery(
    streamId: string,
    afterSeq: number,
    events: { data: E; at: Date; by: string | null }[],
  ) {
    const rows = events.map((e, i) => {
      const { type, ...data } = e.data
      return sql`(${streamId}, ${afterSeq + i + 1}, ${type}, ${e.at}, ${e.by}, ${JSON.stringify(data)}::jsonb)`
    })
    return rows.length
      ? [
          sql`insert into ${sql.table(table)} (${sql.ref(key)}, seq, type, at, actor_id, data) values ${sql.join(rows)}`,
        ]
      : []
  }
  return {
    appendQuery,
    async append(streamId: string, afterSeq: number, events: { data: E; at: Date; by: string | null }[]) {
      const [insert] = appendQuery(streamId, afterSeq, events)
      if (insert) await appendOrConflict(() => insert.execute(db))
    },

    async read(streamId: string): Promise<StreamEvent<E>[]> {
      const rows = await sql<{ seq: number; type: string; at: Date; actor_id: string | null; data: unknown }>`
        select seq, type, at, actor_id, data from ${sql.table(table)}
        where ${sql.ref(key)} = ${streamId} order by seq
      `.execute(db)
      return rows.rows.map((r) => streamEventOf<E>(r))
    },
  }
}

/** A stored event as the stream gives it, from its row or from the same row as JSON (`at` a string). */
export function streamEventOf<E extends { type: string }>(r: {
  seq: number
  type: string
  at: Date | string
  actor_id: string | null
  data: unknown
}): StreamEvent<E> {
  return {
    ...fromJson<Record<string, unknown>>(r.data),
    type: r.type,
    seq: r.seq,
    at: r.at instanceof Date ? r.at : new Date(r.at),
    by: r.actor_id,
  } as StreamEvent<E>
}
