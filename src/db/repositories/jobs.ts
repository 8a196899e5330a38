import { type Kysely, sql } from 'kysely'
import { fromJson } from '../json.js'
import type { DB } from '../schema.js'

export type ClaimedJob = { id: number; kind: string; payload: unknown; attempts: number; maxAttempts: number }

/** The jobs table: queued work, claimed by one instance at a time. */
export function jobsRepository(db: Kysely<DB>) {
  return {
    async enqueue(job: {
      kind: string
      payload?: unknown
      runAt: Date
      now: Date
      maxAttempts?: number
      uniqueKey?: string
    }): Promise<boolean> {
      const r = await db
        .insertInto('jobs')
        .values({
          kind: job.kind,
          payload: JSON.stringify(job.payload ?? {}),
          unique_key: job.uniqueKey ?? null,
          run_at: job.runAt,
          max_attempts: job.maxAttempts ?? 6,
          created_at: job.now,
        })
        .onConflict((oc) => oc.column('unique_key').doNothing())
        .executeTakeFirst()
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
    },

    /**
     * Claims up to `limit` due jobs for this instance, in one statement: rows another instance
     * has claimed are skipped (FOR UPDATE SKIP LOCKED), and a claim lasts `leaseMs`, after which
     * a job whose instance died is taken up again.
     */
    async claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
      const lease = new Date(now.getTime() + leaseMs)
      const rows = await sql<{
        id: string
        kind: string
        payload: unknown
        attempts: number
        max_attempts: number
      }>`
        update jobs set locked_until = ${lease}, attempts = attempts + 1
        where id in (
          select id from jobs
          where done_at is null and gave_up_at is null and run_at <= ${now}
            and (locked_until is null or locked_until < ${now})
          order by run_at, id
          limit ${limit}
          for update skip locked
        )
        returning id, kind, payload, attempts, max_attempts`.execute(db)
      return rows.rows.map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        payload: fromJson(r.payload),
        attempts: r.attempts,
        maxAttempts: r.max_attempts,
      }))
    },

    /** Hands back claimed jobs that were never started: free to claim at once, the attempt not counted. */
    async release(ids: number[]): Promise<void> {
      if (!ids.length) return
      await db
        .updateTable('jobs')
        .set((eb) => ({ locked_until: null, attempts: eb('attempts', '-', 1) }))
        .where('id', 'in', ids)
        .execute()
    },

    async done(id: number, at: Date): Promise<void> {
      await db
        .updateTable('jobs')
        .set({ done_at: at, locked_until: null, last_error: null })
        .where('id', '=', id)
        .execute()
    },

    async retryAt(id: number, runAt: Date, error: string): Promise<void> {
      await db
        .updateTable('jobs')
        .set({ run_at: runAt, locked_until: null, last_error: error.slice(0, 2000) })
        .where('id', '=', id)
        .execute()
    },

    async giveUp(id: number, at: Date, error: string): Promise<void> {
      await db
        .updateTable('jobs')
        .set({ gave_up_at: at, locked_until: null, last_error: error.slice(0, 2000) })
        .where('id', '=', id)
        .execute()
    },

    async pending(kind?: string) {
      let q = db.selectFrom('jobs').selectAll().where('done_at', 'is', null).where('gave_up_at', 'is', null)
      if (kind) q = q.where('kind', '=', kind)
      return q.orderBy('run_at').execute()
    },
  }
}
