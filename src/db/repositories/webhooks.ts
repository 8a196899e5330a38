import { type Kysely, sql } from 'kysely'
import type { EndpointStatus } from '../../domain/webhooks/endpoints.js'
import { type WebhookEvent, webhookBody } from '../../domain/webhooks/events.js'
import { fromJson } from '../json.js'
import type { DB } from '../schema.js'
import { jobsRepository } from './jobs.js'

export type WebhookEndpointRow = {
  id: string
  url: string
  description: string
  events: string[]
  secret: string
  previousSecret: string | null
  previousSecretUntil: Date | null
  status: EndpointStatus
  pausedAt: Date | null
  pausedReason: string | null
  createdAt: Date
  updatedAt: Date
  removedAt: Date | null
}

const endpointColumns = [
  'id',
  'url',
  'description',
  'events',
  'secret',
  'previous_secret as previousSecret',
  'previous_secret_until as previousSecretUntil',
  'status',
  'paused_at as pausedAt',
  'paused_reason as pausedReason',
  'created_at as createdAt',
  'updated_at as updatedAt',
  'removed_at as removedAt',
] as const

/** The job that sends one delivery (one attempt a run; the runner retries it). */
export const DELIVER_WEBHOOK_JOB = 'webhooks.deliver'

/** Webhooks: the endpoints, the outbox of events, the deliveries and every attempt. */
export function webhooksRepository(db: Kysely<DB>) {
  const endpoints = () =>
    db.selectFrom('webhook_endpoints').select(endpointColumns).$castTo<WebhookEndpointRow>()

  /**
   * Events into the outbox, as one statement for the transaction of the step that caused them
   * (`writeTogether` or `.execute(trx)`): kept only while some endpoint is registered, and once
   * each by its key whatever retries or instances.
   */
  function outboxQuery(events: readonly WebhookEvent[], now: Date) {
    const rows = events.map(
      (e) =>
        sql`(${e.id}::uuid, ${e.type}, ${e.key}, ${e.occurredAt}::timestamptz, ${JSON.stringify(webhookBody(e))}::jsonb)`,
    )
    return sql`insert into webhook_events (id, type, unique_key, occurred_at, payload, created_at)
      select v.id, v.type, v.unique_key, v.occurred_at, v.payload, ${now}::timestamptz
      from (values ${sql.join(rows)}) as v (id, type, unique_key, occurred_at, payload)
      where exists (select 1 from webhook_endpoints where status <> 'removed')
      on conflict (unique_key) do nothing`
  }

  return {
    outboxQuery,

    /** The endpoints in use (active or paused), or with `removed` the ones removed. */
    async listEndpoints(
      removed = false,
    ): Promise<(WebhookEndpointRow & { failing: number; held: number })[]> {
      const rows = await db
        .selectFrom('webhook_endpoints as e')
        .select(endpointColumns.map((c) => `e.${c}` as const))
        .select((eb) => [
          eb
            .selectFrom('webhook_deliveries as d')
            .whereRef('d.endpoint_id', '=', 'e.id')
            .where('d.status', '=', 'failed')
            .select(sql<number>`count(*)::int`.as('n'))
            .as('failing'),
          eb
            .selectFrom('webhook_deliveries as d')
            .whereRef('d.endpoint_id', '=', 'e.id')
            .where('d.status', '=', 'held')
            .select(sql<number>`count(*)::int`.as('n'))
            .as('held'),
        ])
        .where('e.status', removed ? '=' : '<>', 'removed')
        .orderBy('e.created_at')
        .orderBy('e.id')
        .execute()
      return rows.map((r) => ({
        ...(r as unknown as WebhookEndpointRow),
        failing: r.failing ?? 0,
        held: r.held ?? 0,
      }))
    },

    findEndpoint: (id: string) => endpoints().where('id', '=', id).executeTakeFirst(),

    async insertEndpoint(e: {
      id: string
      url: string
      description: string
      events: string[]
      secret: string
      now: Date
      by: string | null
    }) {
      await db
        .insertInto('webhook_endpoints')
        .values({
          id: e.id,
          url: e.url,
          description: e.description,
          events: e.events,
          secret: e.secret,
          status: 'active',
          created_at: e.now,
          created_by: e.by,
          updated_at: e.now,
        })
        .execute()
    },

    /** A new address, description and events; false when the endpoint was removed meanwhile. */
    async changeEndpoint(
      id: string,
      e: { url: string; description: string; events: string[] },
      now: Date,
    ): Promise<boolean> {
      const r = await db
        .updateTable('webhook_endpoints')
        .set({ url: e.url, description: e.description, events: e.events, updated_at: now })
        .where('id', '=', id)
        .where('status', '<>', 'removed')
        .executeTakeFirst()
      return Number(r.numUpdatedRows) > 0
    },

    /**
     * Removes an endpoint: kept, with every delivery and attempt, but never sent to again; what
     * was still to be sent (being sent or held) is cancelled, so a queued job finds nothing to do.
     * For the caller's transaction. Answers how many deliveries were cancelled, or undefined when
     * the endpoint was removed already.
     */
    async removeEndpoint(id: string, by: string, now: Date): Promise<number | undefined> {
      const r = await db
        .updateTable('webhook_endpoints')
        .set({ status: 'removed', removed_at: now, removed_by: by, updated_at: now })
        .where('id', '=', id)
        .where('status', '<>', 'removed')
        .executeTakeFirst()
      if (!Number(r.numUpdatedRows)) return undefined
      const cancelled = await db
        .updateTable('webhook_deliveries')
        .set({ status: 'cancelled', next_attempt_at: null })
        .where('endpoint_id', '=', id)
        .where('status', 'in', ['pending', 'held'])
        .executeTakeFirst()
      return Number(cancelled.numUpdatedRows)
    },

    async rotateSecret(id: string, secret: string, graceUntil: Date, now: Date) {
      await db
        .updateTable('webhook_endpoints')
        .set((eb) => ({
          previous_secret: eb.ref('secret'),
          previous_secret_until: graceUntil,
          secret,
          updated_at: now,
        }))
        .where('id', '=', id)
        .where('status', '<>', 'removed')
        .execute()
    },

    /** Pauses an active endpoint; false when it was already paused. */
    async pause(id: string, reason: string, now: Date): Promise<boolean> {
      const r = await db
        .updateTable('webhook_endpoints')
        .set({ status: 'paused', paused_at: now, paused_reason: reason, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'active')
        .executeTakeFirst()
      return Number(r.numUpdatedRows) > 0
    },

    /**
     * Resumes a paused endpoint and sends what was held while it was paused, oldest first; in one
     * transaction, so two people resuming at once queue each delivery once. Answers how many.
     */
    async resume(id: string, now: Date, maxAttempts: number): Promise<number> {
      // In the caller's transaction when there is one (the change and its audit line together).
      const inTransaction = <T>(f: (trx: Kysely<DB>) => Promise<T>) =>
        db.isTransaction ? f(db) : db.transaction().execute(f)
      return inTransaction(async (trx) => {
        const r = await trx
          .updateTable('webhook_endpoints')
          .set({ status: 'active', paused_at: null, paused_reason: null, updated_at: now })
          .where('id', '=', id)
          .where('status', '=', 'paused')
          .executeTakeFirst()
        if (!Number(r.numUpdatedRows)) return 0
        const held = await trx
          .updateTable('webhook_deliveries')
          .set({ status: 'pending', next_attempt_at: now })
          .where('endpoint_id', '=', id)
          .where('status', '=', 'held')
          .returning(['id', 'created_at'])
          .execute()
        const jobs = jobsRepository(trx)
        for (const d of held.sort((a, b) => a.created_at.getTime() - b.created_at.getTime()))
          await jobs.enqueue({
            kind: DELIVER_WEBHOOK_JOB,
            payload: { deliveryId: d.id },
            runAt: now,
            now,
            maxAttempts,
          })
        return held.length
      })
    },

    /** An event kept by itself (the scheduler's, or a test ping), in the outbox as a step's would be. */
    async recordEvents(events: readonly WebhookEvent[], now: Date): Promise<void> {
      if (events.length) await outboxQuery(events, now).execute(db)
    },

    /**
     * Takes up to `limit` events from the outbox and makes one delivery for each endpoint that
     * wants it (held, not sent, while the endpoint is paused), each queued as a job: in one
     * transaction, the outbox's rows locked so that another instance skips them. A test ping
     * names its one endpoint. Answers how many events were taken.
     */
    async fanOut(now: Date, limit: number, newId: () => string, maxAttempts: number): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const taken = await sql<{ id: string; type: string; payload: unknown }>`
          select id, type, payload from webhook_events
          where fanned_out_at is null
          order by created_at, id
          limit ${limit}
          for update skip locked`.execute(trx)
        if (!taken.rows.length) return 0
        const all = await trx
          .selectFrom('webhook_endpoints')
          .select(['id', 'events', 'status'])
          .where('status', '<>', 'removed')
          .execute()
        const jobs = jobsRepository(trx)
        for (const event of taken.rows) {
          const only = fromJson<{ data?: { endpointId?: string } }>(event.payload).data?.endpointId
          const wanting = all.filter((e) => (only ? e.id === only : e.events.includes(event.type)))
          for (const endpoint of wanting) {
            const id = newId()
            const active = endpoint.status === 'active'
            const inserted = await trx
              .insertInto('webhook_deliveries')
              .values({
                id,
                endpoint_id: endpoint.id,
                event_id: event.id,
                status: active ? 'pending' : 'held',
                next_attempt_at: active ? now : null,
                created_at: now,
              })
              .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
              .executeTakeFirst()
            if (active && Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0)
              await jobs.enqueue({
                kind: DELIVER_WEBHOOK_JOB,
                payload: { deliveryId: id },
                runAt: now,
                now,
                maxAttempts,
              })
          }
        }
        await trx
          .updateTable('webhook_events')
          .set({ fanned_out_at: now })
          .where(
            'id',
            'in',
            taken.rows.map((r) => r.id),
          )
          .execute()
        return taken.rows.length
      })
    },

    /** A delivery with what sending it needs: the body as stored, the endpoint's address and secrets. */
    async deliveryToSend(id: string) {
      const r = await db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_events as v', 'v.id', 'd.event_id')
        .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
        .select([
          'd.id',
          'd.status',
          'd.attempts',
          'd.event_id as eventId',
          'v.payload',
          'e.id as endpointId',
          'e.url',
          'e.status as endpointStatus',
          'e.secret',
          'e.previous_secret as previousSecret',
          'e.previous_secret_until as previousSecretUntil',
        ])
        .where('d.id', '=', id)
        .executeTakeFirst()
      return r && { ...r, payload: fromJson<Record<string, unknown>>(r.payload) }
    },

    /**
     * Not sent when its turn came: held, its endpoint paused; or cancelled, its endpoint removed
     * (a delivery made while the endpoint was being removed, which the removal did not see).
     */
    async setAside(id: string, status: 'held' | 'cancelled') {
      await db
        .updateTable('webhook_deliveries')
        .set({ status, next_attempt_at: null })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .execute()
    },

    /**
     * One attempt and what it means for the delivery, in one transaction: delivered; to be tried
     * again at `retryAt`; or failed for good, pausing its endpoint with the reason.
     */
    async recordAttempt(a: {
      deliveryId: string
      endpointId: string
      attempt: number
      at: Date
      statusCode: number | null
      answer: string | null
      durationMs: number
      error: string | null
      outcome: { delivered: true } | { retryAt: Date } | { failed: true; pauseReason: string }
    }) {
      await db.transaction().execute(async (trx) => {
        const succeeded = 'delivered' in a.outcome
        await trx
          .insertInto('webhook_attempts')
          .values({
            delivery_id: a.deliveryId,
            attempt: a.attempt,
            at: a.at,
            status_code: a.statusCode,
            answer: a.answer,
            duration_ms: a.durationMs,
            error: a.error,
            succeeded,
          })
          .execute()
        await trx
          .updateTable('webhook_deliveries')
          .set({
            attempts: a.attempt,
            last_status_code: a.statusCode,
            status: succeeded ? 'delivered' : 'retryAt' in a.outcome ? 'pending' : 'failed',
            next_attempt_at: 'retryAt' in a.outcome ? a.outcome.retryAt : null,
            delivered_at: succeeded ? a.at : null,
          })
          .where('id', '=', a.deliveryId)
          // Cancelled while this attempt was on its way (the endpoint was removed): it stays cancelled.
          .where('status', '=', 'pending')
          .execute()
        if ('failed' in a.outcome)
          await trx
            .updateTable('webhook_endpoints')
            .set({
              status: 'paused',
              paused_at: a.at,
              paused_reason: a.outcome.pauseReason,
              updated_at: a.at,
            })
            .where('id', '=', a.endpointId)
            .where('status', '=', 'active')
            .execute()
      })
    },

    /** An endpoint's latest deliveries, newest first, each with its event and its last attempt. */
    async recentDeliveries(endpointId: string, limit: number) {
      const rows = await db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_events as v', 'v.id', 'd.event_id')
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('webhook_attempts as a')
              .select(['a.answer', 'a.error', 'a.duration_ms', 'a.at'])
              .whereRef('a.delivery_id', '=', 'd.id')
              .orderBy('a.id', 'desc')
              .limit(1)
              .as('last'),
          (join) => join.onTrue(),
        )
        .select([
          'd.id',
          'd.status',
          'd.attempts',
          'd.next_attempt_at as nextAttemptAt',
          'd.last_status_code as statusCode',
          'd.created_at as createdAt',
          'd.delivered_at as deliveredAt',
          'v.id as eventId',
          'v.type',
          'v.occurred_at as occurredAt',
          'last.answer',
          'last.error',
          'last.duration_ms as durationMs',
          'last.at as lastAttemptAt',
        ])
        .where('d.endpoint_id', '=', endpointId)
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(limit)
        .execute()
      return rows
    },

    /** One of an endpoint's deliveries, as far as sending it again needs. */
    findDelivery: (endpointId: string, deliveryId: string) =>
      db
        .selectFrom('webhook_deliveries')
        .select(['id', 'status', 'event_id as eventId'])
        .where('id', '=', deliveryId)
        .where('endpoint_id', '=', endpointId)
        .executeTakeFirst(),

    /**
     * Sends a delivery that was done with (delivered or failed) again: pending once more and
     * queued with its attempts afresh, for the caller's transaction, so two people pressing at
     * once queue it once. The body and event id are the stored ones; each attempt is signed when it is made.
     * False when it was not delivered or failed (any more).
     */
    async redeliver(endpointId: string, deliveryId: string, now: Date, maxAttempts: number) {
      const r = await db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', next_attempt_at: now })
        .where('id', '=', deliveryId)
        .where('endpoint_id', '=', endpointId)
        .where('status', 'in', ['delivered', 'failed'])
        .executeTakeFirst()
      if (!Number(r.numUpdatedRows)) return false
      await jobsRepository(db).enqueue({
        kind: DELIVER_WEBHOOK_JOB,
        payload: { deliveryId },
        runAt: now,
        now,
        maxAttempts,
      })
      return true
    },

    /**
     * Retention: deletes, `batch` at a time (each batch in one transaction), the deliveries
     * delivered before `cutoff` and every delivery of an endpoint removed before it, with their
     * attempts; then the events sent before it that no delivery is left for. What is still to be
     * sent, and what failed for an endpoint still in use, is kept. Answers how many of each.
     */
    async deleteOldDeliveries(cutoff: Date, batch = 500) {
      const deleted = { deliveries: 0, attempts: 0, events: 0 }
      for (;;) {
        const n = await db.transaction().execute(async (trx) => {
          const ids = (
            await trx
              .selectFrom('webhook_deliveries as d')
              .select('d.id')
              .where((eb) =>
                eb.or([
                  eb.and([eb('d.status', '=', 'delivered'), eb('d.delivered_at', '<', cutoff)]),
                  eb(
                    'd.endpoint_id',
                    'in',
                    eb
                      .selectFrom('webhook_endpoints')
                      .select('id')
                      .where('status', '=', 'removed')
                      .where('removed_at', '<', cutoff),
                  ),
                ]),
              )
              .orderBy('d.id')
              .limit(batch)
              .forUpdate()
              .skipLocked()
              .execute()
          ).map((r) => r.id)
          if (!ids.length) return 0
          const attempts = await trx
            .deleteFrom('webhook_attempts')
            .where('delivery_id', 'in', ids)
            .executeTakeFirst()
          await trx.deleteFrom('webhook_deliveries').where('id', 'in', ids).execute()
          deleted.attempts += Number(attempts.numDeletedRows)
          deleted.deliveries += ids.length
          return ids.length
        })
        if (n < batch) break
      }
      for (;;) {
        const r = await db
          .deleteFrom('webhook_events')
          .where(
            'id',
            'in',
            db
              .selectFrom('webhook_events as v')
              .select('v.id')
              .where('v.fanned_out_at', '<', cutoff)
              .where((eb) =>
                eb.not(
                  eb.exists(
                    eb
                      .selectFrom('webhook_deliveries as d')
                      .select('d.id')
                      .whereRef('d.event_id', '=', 'v.id'),
                  ),
                ),
              )
              .limit(batch),
          )
          .executeTakeFirst()
        const n = Number(r.numDeletedRows)
        deleted.events += n
        if (n < batch) break
      }
      return deleted
    },

    async attemptsOf(deliveryId: string) {
      return db
        .selectFrom('webhook_attempts')
        .select([
          'attempt',
          'at',
          'status_code as statusCode',
          'answer',
          'duration_ms as durationMs',
          'error',
          'succeeded',
        ])
        .where('delivery_id', '=', deliveryId)
        .orderBy('id')
        .execute()
    },

    /** Whether any endpoint, active or paused, wants one of these events (the clocks are not read otherwise). */
    async anyWants(types: readonly string[]): Promise<string[]> {
      const rows = await db
        .selectFrom('webhook_endpoints')
        .select('events')
        .where('status', '<>', 'removed')
        .execute()
      return types.filter((t) => rows.some((r) => r.events.includes(t)))
    },
  }
}

export type WebhooksRepository = ReturnType<typeof webhooksRepository>
