import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Clock } from '../../clock.js'
import { dailyScheduler } from '../../db/jobs/daily.js'
import type { JobHandler, Scheduler } from '../../db/jobs/runner.js'
import { webhookClockEventsRepository } from '../../db/repositories/webhookClockEvents.js'
import { DELIVER_WEBHOOK_JOB, webhooksRepository } from '../../db/repositories/webhooks.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import {
  ANSWER_SNIPPET_BYTES,
  DELIVERY_TIMEOUT_MS,
  deliveredBy,
  MAX_DELIVERY_ATTEMPTS,
  pausedBecause,
  retryDelayMs,
} from '../../domain/webhooks/delivery.js'
import {
  deadlineMissedEvent,
  hazardDutyMissedEvent,
  ombudsmanOrderDueEvent,
} from '../../domain/webhooks/events.js'
import { signatureHeader } from '../../domain/webhooks/signing.js'
import { hmacSha256Hex } from './signing.js'

export { DELIVER_WEBHOOK_JOB }

/** The first ~1 KB of an answer, as text; the rest is not read. */
async function answerSnippet(response: Response): Promise<string> {
  const reader = response.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < ANSWER_SNIPPET_BYTES) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.length
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, ANSWER_SNIPPET_BYTES))
}

const describeError = (error: unknown) => {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `No answer within ${DELIVERY_TIMEOUT_MS / 1000} seconds`
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 500)
}

/**
 * Sends one delivery, one attempt a run: POSTs the event's body, signed, to the endpoint and
 * records the attempt with its answer. A failure is thrown, so the job runner tries again after
 * `retryDelayMs`; the last failure marks the delivery failed and pauses the endpoint. A delivery
 * whose endpoint was paused meanwhile is held, not sent.
 */
export function deliverWebhookJob(deps: { db: Kysely<DB>; clock: Clock }): JobHandler {
  const repo = webhooksRepository(deps.db)
  return async (payload, ctx) => {
    const { deliveryId } = payload as { deliveryId: string }
    const d = await repo.deliveryToSend(deliveryId)
    if (d?.status !== 'pending') return
    // Paused, what comes due is held; removed, cancelled (the removal cancels what it sees queued).
    if (d.endpointStatus === 'removed') return repo.setAside(d.id, 'cancelled')
    if (d.endpointStatus !== 'active') return repo.setAside(d.id, 'held')
    const now = ctx.now
    const body = JSON.stringify(d.payload)
    const timestamp = Math.floor(now.getTime() / 1000)
    const secrets = [
      d.secret,
      ...(d.previousSecret && d.previousSecretUntil && d.previousSecretUntil > now ? [d.previousSecret] : []),
    ]
    const attempt = d.attempts + 1
    const started = performance.now()
    let statusCode: number | null = null
    let answer: string | null = null
    let error: string | null = null
    try {
      const response = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'complaints-service-webhooks/1',
          'webhook-id': d.eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(hmacSha256Hex, secrets, timestamp, body),
        },
        body,
      })
      statusCode = response.status
      answer = await answerSnippet(response)
    } catch (raised) {
      error = describeError(raised)
    }
    const durationMs = Math.round(performance.now() - started)
    const delivered = statusCode !== null && deliveredBy(statusCode)
    const why = error ?? `HTTP ${statusCode}`
    const last = ctx.attempt >= ctx.maxAttempts
    await repo.recordAttempt({
      deliveryId: d.id,
      endpointId: d.endpointId,
      attempt,
      at: now,
      statusCode,
      answer,
      durationMs,
      error,
      outcome: delivered
        ? { delivered: true }
        : last
          ? { failed: true, pauseReason: pausedBecause(ctx.attempt, why) }
          : { retryAt: new Date(now.getTime() + retryDelayMs(ctx.attempt)) },
    })
    if (!delivered) throw new Error(`Webhook delivery ${d.id} failed: ${why}`)
  }
}

/** How far back the clocks are read: a deadline missed longer ago was missed before anyone could be told. */
const LOOK_BACK_DAYS = 7
/** The clocks are read at most this often on each instance. */
const CLOCKS_EVERY_MS = 5 * 60_000

/**
 * The webhook schedules, run on every tick of every instance: the outbox is fanned out into
 * deliveries (each event taken by one instance), and every few minutes the clocks are read for
 * deadlines missed, Awaab's Law duties missed and Ombudsman orders due, each kept once by its key
 * whichever instance sees it first. The clocks are not read unless an endpoint wants them.
 */
export function webhookSchedulers(deps: { db: Kysely<DB> }): Scheduler[] {
  const repo = webhooksRepository(deps.db)
  const clocks = webhookClockEventsRepository(deps.db)
  let clocksReadAt = Number.NEGATIVE_INFINITY
  const readClocks: Scheduler = async (now) => {
    if (now.getTime() - clocksReadAt < CLOCKS_EVERY_MS && now.getTime() >= clocksReadAt) return
    clocksReadAt = now.getTime()
    const wanted = await repo.anyWants([
      'complaint.deadline_missed',
      'hazard.duty_missed',
      'ombudsman.order_due',
    ])
    if (!wanted.length) return
    const today = londonDateOf(now)
    const since = new Date(now.getTime() - LOOK_BACK_DAYS * 86_400_000)
    const sinceDay = londonDateOf(since)
    const events = [
      ...(wanted.includes('complaint.deadline_missed')
        ? (await clocks.missedDeadlines(today, sinceDay)).map((m) => deadlineMissedEvent(m, now, randomUUID))
        : []),
      ...(wanted.includes('hazard.duty_missed')
        ? (await clocks.missedHazardDuties(now, since)).map((m) => hazardDutyMissedEvent(m, randomUUID))
        : []),
      ...(wanted.includes('ombudsman.order_due')
        ? (await clocks.ombudsmanOrdersDue(today, sinceDay)).map((o) =>
            ombudsmanOrderDueEvent(o, now, randomUUID),
          )
        : []),
    ]
    for (let i = 0; i < events.length; i += 500) await repo.recordEvents(events.slice(i, i + 500), now)
  }
  const fanOut: Scheduler = async (now) => {
    while ((await repo.fanOut(now, 100, randomUUID, MAX_DELIVERY_ATTEMPTS)) === 100) {}
  }
  return [readClocks, fanOut]
}

export const WEBHOOK_HOUSEKEEPING_JOB = 'webhooks.housekeeping'

/** Once a day at the housekeeping time, for the whole cluster (as the other housekeeping). */
export const webhookHousekeepingScheduler = (deps: {
  db: Kysely<DB>
  time: { hour: number; minute: number }
}): Scheduler => dailyScheduler({ ...deps, kind: WEBHOOK_HOUSEKEEPING_JOB })

/**
 * Retention: deliveries delivered more than `retentionDays` ago, and everything sent to an
 * endpoint removed that long ago, are deleted with their attempts and events; what is still to be
 * sent, or failed for an endpoint in use, is kept (docs/webhooks.md).
 */
export function webhookHousekeepingJob(deps: {
  db: Kysely<DB>
  clock: Clock
  retentionDays: number
  logger?: Pick<Logger, 'info'>
}): JobHandler {
  return async () => {
    const now = deps.clock.now()
    const deleted = await webhooksRepository(deps.db).deleteOldDeliveries(
      new Date(now.getTime() - deps.retentionDays * 86_400_000),
    )
    deps.logger?.info({ ...deleted, retentionDays: deps.retentionDays }, 'old webhook deliveries deleted')
  }
}

/** The webhook jobs' own waits between attempts, for the job runner. */
export const webhookRetryDelays = { [DELIVER_WEBHOOK_JOB]: retryDelayMs }
