import { notNow } from '../rules.js'
import type { EndpointStatus } from './endpoints.js'

/**
 * How hard an endpoint is tried: each delivery up to `MAX_DELIVERY_ATTEMPTS` times, waiting a
 * minute after the first failure and four times as long after each next one, at most 6 hours:
 * 1 min, 4 min, 16 min, 64 min, 4 h 16 min, then 6 h twice (about 18 hours in all). A delivery
 * whose every attempt failed pauses its endpoint: nothing more is sent until an administrator
 * resumes it.
 */
export const MAX_DELIVERY_ATTEMPTS = 8
export const DELIVERY_TIMEOUT_MS = 10_000
/** How much of the receiver's answer is kept with each attempt. */
export const ANSWER_SNIPPET_BYTES = 1024
/** A rotated secret still signs (beside the new one) this long, so receivers can switch over. */
export const ROTATED_SECRET_GRACE_MS = 24 * 3_600_000

/** Waiting after the nth failed attempt. */
export const retryDelayMs = (attempt: number) => Math.min(60_000 * 4 ** (attempt - 1), 6 * 3_600_000)

/** A 2xx answer is delivered; anything else (a redirect too: they are not followed) is a failure. */
export const deliveredBy = (status: number) => status >= 200 && status < 300

export const pausedBecause = (attempts: number, last: string) =>
  `Paused automatically: a delivery failed ${attempts} times in a row (last: ${last}).`

export const deliveryStatuses = ['pending', 'delivered', 'failed', 'held', 'cancelled'] as const
export type DeliveryStatus = (typeof deliveryStatuses)[number]
export const deliveryStatusLabels: Record<DeliveryStatus, string> = {
  pending: 'Being sent',
  delivered: 'Delivered',
  failed: 'Failed',
  held: 'Held while paused',
  cancelled: 'Not sent: endpoint removed',
}

/**
 * Sending a delivery again by hand (after the receiver fixed a bug, say): only one that is done
 * with, delivered or failed. One being sent is already on its way; one held is sent on resuming;
 * nothing goes to an endpoint that is paused or removed.
 */
export function redeliveryRefusal(delivery: DeliveryStatus, endpoint: EndpointStatus): string | undefined {
  if (endpoint === 'removed') return 'The endpoint was removed: nothing more is sent to it'
  if (endpoint === 'paused') return 'The endpoint is paused: resume it before sending again'
  if (delivery === 'pending') return 'This delivery is being sent already: wait for its next try'
  if (delivery === 'held') return 'This delivery is held while the endpoint is paused'
  if (delivery === 'cancelled') return 'This delivery was cancelled when its endpoint was removed'
  return undefined
}

export function checkRedelivery(delivery: DeliveryStatus, endpoint: EndpointStatus): void {
  const why = redeliveryRefusal(delivery, endpoint)
  if (why) throw notNow(why)
}

/**
 * Retention: deliveries are deleted, with their attempts, once they are this many days past
 * (WEBHOOK_RETENTION_DAYS). Never fewer than 14: an event's key, which stops the clocks' schedule
 * (looking back 7 days) sending it twice, goes with it.
 */
export const MIN_WEBHOOK_RETENTION_DAYS = 14
export const DEFAULT_WEBHOOK_RETENTION_DAYS = 90
