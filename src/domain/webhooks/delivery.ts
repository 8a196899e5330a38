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

export const deliveryStatuses = ['pending', 'delivered', 'failed', 'held'] as const
export type DeliveryStatus = (typeof deliveryStatuses)[number]
export const deliveryStatusLabels: Record<DeliveryStatus, string> = {
  pending: 'Being sent',
  delivered: 'Delivered',
  failed: 'Failed',
  held: 'Held while paused',
}
