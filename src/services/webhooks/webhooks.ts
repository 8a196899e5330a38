import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { auditLogRepository } from '../../db/repositories/auditLog.js'
import { type WebhookEndpointRow, webhooksRepository } from '../../db/repositories/webhooks.js'
import type { DB } from '../../db/schema.js'
import { isUuid } from '../../domain/ids.js'
import { notNow } from '../../domain/rules.js'
import {
  checkRedelivery,
  type DeliveryStatus,
  MAX_DELIVERY_ATTEMPTS,
  ROTATED_SECRET_GRACE_MS,
} from '../../domain/webhooks/delivery.js'
import {
  checkEndpoint,
  checkNotRemoved,
  type EndpointInput,
  secretFrom,
} from '../../domain/webhooks/endpoints.js'
import { TEST_EVENT } from '../../domain/webhooks/events.js'
import { conflict, notFound, refused } from '../../errors.js'

/** How many of an endpoint's deliveries its page shows. */
const RECENT_DELIVERIES = 25

export type WebhookEndpoint = WebhookEndpointRow

/**
 * Administrators' webhooks: register, change and remove endpoints, see what was sent to each,
 * pause, resume, rotate, ping, send a delivery again; and the nightly deletion of old deliveries.
 */
export function webhooksService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db, clock } = deps
  const repo = webhooksRepository(db)
  const newSecret = () => secretFrom(randomBytes(32).toString('base64url'))

  async function endpoint(id: string): Promise<WebhookEndpoint> {
    const found = isUuid(id) ? await repo.findEndpoint(id) : undefined
    if (!found) throw notFound('There is no webhook endpoint with that id')
    return found
  }

  /** An endpoint that is still in use (not removed): the rest of the record may not change. */
  async function inUse(id: string): Promise<WebhookEndpoint> {
    const e = await endpoint(id)
    try {
      checkNotRemoved(e.status)
    } catch (error) {
      refused(error, 'webhook endpoint')
    }
    return e
  }

  /** One change by an administrator and its line in the audit log, written in one transaction. */
  const audited = <T>(
    by: { id: string },
    action: string,
    subjectId: string,
    write: (
      r: ReturnType<typeof webhooksRepository>,
      now: Date,
    ) => Promise<{ result: T; details?: Record<string, unknown> }>,
  ) => {
    const now = clock.now()
    return db.transaction().execute(async (trx) => {
      const { result, details } = await write(webhooksRepository(trx), now)
      await auditLogRepository(trx).record({
        at: now,
        actorId: by.id,
        action,
        subjectId,
        ...(details ? { details } : {}),
      })
      return result
    })
  }

  return {
    /** The endpoints in use; with `removed`, the ones removed (kept with what was sent to them). */
    list: (removed = false) => repo.listEndpoints(removed),
    endpoint,

    /** An endpoint with its latest deliveries, newest first. */
    async view(id: string) {
      const e = await endpoint(id)
      return { endpoint: e, deliveries: await repo.recentDeliveries(e.id, RECENT_DELIVERIES) }
    },

    attemptsOf: (deliveryId: string) => repo.attemptsOf(deliveryId),

    /** Registers an endpoint with a new secret; the refusals name each field at fault. */
    async register(input: EndpointInput, by: { id: string }): Promise<WebhookEndpoint> {
      try {
        const checked = checkEndpoint(input)
        const id = randomUUID()
        await audited(by, 'webhook.registered', id, async (r, now) => {
          await r.insertEndpoint({ id, ...checked, secret: newSecret(), now, by: by.id })
          return { result: undefined, details: { url: checked.url, events: checked.events } }
        })
        return endpoint(id)
      } catch (error) {
        refused(error, 'webhook endpoint')
      }
    },

    /**
     * Changes an endpoint's address, description or events (what is not given stays), checked as
     * on registering. From now on: what is still to be sent goes to the new address, and events
     * are chosen by the new list as they are fanned out.
     */
    async change(id: string, input: Partial<EndpointInput>, by: { id: string }): Promise<WebhookEndpoint> {
      try {
        const before = await inUse(id)
        const checked = checkEndpoint({
          url: input.url ?? before.url,
          description: input.description ?? before.description,
          events: input.events ?? before.events,
        })
        await audited(by, 'webhook.changed', id, async (r, now) => {
          if (!(await r.changeEndpoint(id, checked, now)))
            throw conflict('The endpoint was removed meanwhile')
          return {
            result: undefined,
            details: {
              before: { url: before.url, description: before.description, events: before.events },
              after: checked,
            },
          }
        })
        return endpoint(id)
      } catch (error) {
        refused(error, 'webhook endpoint')
      }
    },

    /**
     * Removes an endpoint: nothing more is sent to it (what was queued or held is cancelled), and it
     * is kept, marked removed, with every delivery and attempt, until the retention period deletes
     * them. Answers how many deliveries were cancelled.
     */
    async remove(id: string, by: { id: string }): Promise<{ endpoint: WebhookEndpoint; cancelled: number }> {
      try {
        await inUse(id)
        const cancelled = await audited(by, 'webhook.removed', id, async (r, now) => {
          const n = await r.removeEndpoint(id, by.id, now)
          if (n === undefined) throw conflict('The endpoint was removed already')
          return { result: n, details: { cancelled: n } }
        })
        return { endpoint: await endpoint(id), cancelled }
      } catch (error) {
        refused(error, 'webhook endpoint')
      }
    },

    /**
     * Sends one of the endpoint's deliveries again, by hand: the same body and event id, signed
     * afresh at each attempt, tried like any delivery (on the next round of jobs). Only one that
     * was delivered or failed, to an endpoint that is sending.
     */
    async redeliver(id: string, deliveryId: string, by: { id: string }): Promise<{ deliveryId: string }> {
      try {
        const e = await endpoint(id)
        const d = isUuid(deliveryId) ? await repo.findDelivery(e.id, deliveryId) : undefined
        if (!d) throw notFound('This endpoint has no delivery with that id')
        checkRedelivery(d.status as DeliveryStatus, e.status)
        await audited(by, 'webhook.redelivered', id, async (r, now) => {
          if (!(await r.redeliver(e.id, d.id, now, MAX_DELIVERY_ATTEMPTS)))
            throw conflict('The delivery is being sent already')
          return { result: undefined, details: { deliveryId: d.id, eventId: d.eventId } }
        })
        return { deliveryId: d.id }
      } catch (error) {
        refused(error, 'webhook delivery')
      }
    },

    /** A new secret; the old one still signs beside it for a day, so the receiver can switch over. */
    async rotateSecret(id: string, by: { id: string }): Promise<WebhookEndpoint> {
      await inUse(id)
      await audited(by, 'webhook.secret_rotated', id, async (r, now) => {
        await r.rotateSecret(id, newSecret(), new Date(now.getTime() + ROTATED_SECRET_GRACE_MS), now)
        return { result: undefined }
      })
      return endpoint(id)
    },

    async pause(id: string, by: { id: string; name: string }): Promise<WebhookEndpoint> {
      await inUse(id)
      await audited(by, 'webhook.paused', id, async (r, now) => {
        await r.pause(id, `Paused by ${by.name}.`, now)
        return { result: undefined }
      })
      return endpoint(id)
    },

    /** Resumes sending; what was held while paused is sent, oldest first. Answers how many. */
    async resume(id: string, by: { id: string }): Promise<{ endpoint: WebhookEndpoint; requeued: number }> {
      await inUse(id)
      const requeued = await audited(by, 'webhook.resumed', id, async (r, now) => {
        const n = await r.resume(id, now, MAX_DELIVERY_ATTEMPTS)
        return { result: n, details: { requeued: n } }
      })
      return { endpoint: await endpoint(id), requeued }
    },

    /** A `webhook.test` event to this endpoint alone, sent like any other (on the next round of jobs). */
    async sendTest(id: string, by: { id: string }): Promise<{ eventId: string }> {
      try {
        const e = await inUse(id)
        if (e.status !== 'active') throw notNow('The endpoint is paused: resume it before sending a test')
        const eventId = randomUUID()
        await audited(by, 'webhook.test_sent', id, async (r, now) => {
          await r.recordEvents(
            [
              {
                id: eventId,
                type: TEST_EVENT,
                key: `test:${eventId}`,
                occurredAt: now,
                data: { endpointId: id },
              },
            ],
            now,
          )
          return { result: undefined, details: { eventId } }
        })
        return { eventId }
      } catch (error) {
        refused(error, 'webhook endpoint')
      }
    },
  }
}

export type WebhooksService = ReturnType<typeof webhooksService>
