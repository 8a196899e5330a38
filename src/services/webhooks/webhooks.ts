import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { auditLogRepository } from '../../db/repositories/auditLog.js'
import { type WebhookEndpointRow, webhooksRepository } from '../../db/repositories/webhooks.js'
import type { DB } from '../../db/schema.js'
import { isUuid } from '../../domain/ids.js'
import { notNow } from '../../domain/rules.js'
import { MAX_DELIVERY_ATTEMPTS, ROTATED_SECRET_GRACE_MS } from '../../domain/webhooks/delivery.js'
import { checkEndpoint, type EndpointInput, secretFrom } from '../../domain/webhooks/endpoints.js'
import { TEST_EVENT } from '../../domain/webhooks/events.js'
import { notFound, refused } from '../../errors.js'

/** How many of an endpoint's deliveries its page shows. */
const RECENT_DELIVERIES = 25

export type WebhookEndpoint = WebhookEndpointRow

/** Administrators' webhooks: register endpoints, see what was sent to each, pause, resume, rotate, ping. */
export function webhooksService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db, clock } = deps
  const repo = webhooksRepository(db)
  const audit = auditLogRepository(db)
  const newSecret = () => secretFrom(randomBytes(32).toString('base64url'))

  async function endpoint(id: string): Promise<WebhookEndpoint> {
    const found = isUuid(id) ? await repo.findEndpoint(id) : undefined
    if (!found) throw notFound('There is no webhook endpoint with that id')
    return found
  }

  return {
    list: () => repo.listEndpoints(),
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
        const now = clock.now()
        await db.transaction().execute(async (trx) => {
          await webhooksRepository(trx).insertEndpoint({
            id,
            ...checked,
            secret: newSecret(),
            now,
            by: by.id,
          })
          await auditLogRepository(trx).record({
            at: now,
            actorId: by.id,
            action: 'webhook.registered',
            subjectId: id,
            details: { url: checked.url, events: checked.events },
          })
        })
        return endpoint(id)
      } catch (error) {
        refused(error, 'webhook endpoint')
      }
    },

    /** A new secret; the old one still signs beside it for a day, so the receiver can switch over. */
    async rotateSecret(id: string, by: { id: string }): Promise<WebhookEndpoint> {
      await endpoint(id)
      const now = clock.now()
      await repo.rotateSecret(id, newSecret(), new Date(now.getTime() + ROTATED_SECRET_GRACE_MS), now)
      await audit.record({ at: now, actorId: by.id, action: 'webhook.secret_rotated', subjectId: id })
      return endpoint(id)
    },

    async pause(id: string, by: { id: string; name: string }): Promise<WebhookEndpoint> {
      await endpoint(id)
      const now = clock.now()
      await repo.pause(id, `Paused by ${by.name}.`, now)
      await audit.record({ at: now, actorId: by.id, action: 'webhook.paused', subjectId: id })
      return endpoint(id)
    },

    /** Resumes sending; what was held while paused is sent, oldest first. Answers how many. */
    async resume(id: string, by: { id: string }): Promise<{ endpoint: WebhookEndpoint; requeued: number }> {
      await endpoint(id)
      const now = clock.now()
      const requeued = await repo.resume(id, now, MAX_DELIVERY_ATTEMPTS)
      await audit.record({
        at: now,
        actorId: by.id,
        action: 'webhook.resumed',
        subjectId: id,
        details: { requeued },
      })
      return { endpoint: await endpoint(id), requeued }
    },

    /** A `webhook.test` event to this endpoint alone, sent like any other (on the next round of jobs). */
    async sendTest(id: string, by: { id: string }): Promise<{ eventId: string }> {
      try {
        const e = await endpoint(id)
        if (e.status !== 'active') throw notNow('The endpoint is paused: resume it before sending a test')
        const now = clock.now()
        const eventId = randomUUID()
        await repo.recordEvents(
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
        await audit.record({
          at: now,
          actorId: by.id,
          action: 'webhook.test_sent',
          subjectId: id,
          details: { eventId },
        })
        return { eventId }
      } catch (error) {
        refused(error, 'webhook endpoint')
      }
    },
  }
}

export type WebhooksService = ReturnType<typeof webhooksService>
