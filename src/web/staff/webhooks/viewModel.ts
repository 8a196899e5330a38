import { formatLondonDayAndTime } from '../../../domain/calendar/calendarDate.js'
import { plural } from '../../../domain/text/plural.js'
import {
  type DeliveryStatus,
  deliveryStatusLabels,
  MAX_DELIVERY_ATTEMPTS,
  redeliveryRefusal,
} from '../../../domain/webhooks/delivery.js'
import type { EndpointStatus } from '../../../domain/webhooks/endpoints.js'
import {
  isWebhookEventType,
  TEST_EVENT,
  webhookEventLabels,
  webhookEventTypes,
} from '../../../domain/webhooks/events.js'
import type { WebhooksService } from '../../../services/webhooks/webhooks.js'

/** How much of a receiver's answer the page shows in a row (all 1 KB kept is in the API). */
const ANSWER_SHOWN = 200

const tagClass: Record<DeliveryStatus, string> = {
  pending: 'govuk-tag--blue',
  delivered: 'govuk-tag--green',
  failed: 'govuk-tag--red',
  held: 'govuk-tag--yellow',
  cancelled: 'govuk-tag--grey',
}

const endpointTags: Record<EndpointStatus, { text: string; classes: string }> = {
  active: { text: 'Sending', classes: 'govuk-tag--green' },
  paused: { text: 'Paused', classes: 'govuk-tag--red' },
  removed: { text: 'Removed', classes: 'govuk-tag--grey' },
}

export const eventLabel = (type: string) =>
  isWebhookEventType(type) ? webhookEventLabels[type] : type === TEST_EVENT ? 'Test ping' : type

/**
 * The list of endpoints: one row each, with what needs an administrator's eye; below, the ones
 * removed, kept with what was sent to them.
 */
export function endpointsPage(
  endpoints: Awaited<ReturnType<WebhooksService['list']>>,
  removed: Awaited<ReturnType<WebhooksService['list']>> = [],
) {
  return {
    removedRows: removed.map((e) => ({
      id: e.id,
      description: e.description,
      url: e.url,
      removedAt: e.removedAt ? formatLondonDayAndTime(e.removedAt) : '',
    })),
    rows: endpoints.map((e) => ({
      id: e.id,
      description: e.description,
      url: e.url,
      events: e.events.map(eventLabel),
      active: e.status === 'active',
      tag: endpointTags[e.status],
      problems: [
        ...(e.failing ? [`${plural(e.failing, 'delivery', 'deliveries')} failed`] : []),
        ...(e.held ? [`${plural(e.held, 'event')} held`] : []),
      ].join('; '),
    })),
  }
}

/** One endpoint: its settings, why it is paused, and its latest deliveries with their answers. */
export function endpointPage(v: Awaited<ReturnType<WebhooksService['view']>>, now: Date) {
  const e = v.endpoint
  return {
    id: e.id,
    description: e.description,
    url: e.url,
    events: e.events.map(eventLabel),
    active: e.status === 'active',
    removed: e.status === 'removed',
    tag: endpointTags[e.status],
    removedAt: e.removedAt ? formatLondonDayAndTime(e.removedAt) : undefined,
    pausedAt: e.pausedAt ? formatLondonDayAndTime(e.pausedAt) : undefined,
    pausedReason: e.pausedReason ?? undefined,
    secret: e.secret,
    previousSecretUntil:
      e.previousSecretUntil && e.previousSecretUntil > now
        ? formatLondonDayAndTime(e.previousSecretUntil)
        : undefined,
    createdAt: formatLondonDayAndTime(e.createdAt),
    maxAttempts: MAX_DELIVERY_ATTEMPTS,
    deliveries: v.deliveries.map((d) => {
      // Paused: what is still due to be sent is held when its turn comes.
      const status = (e.status === 'paused' && d.status === 'pending' ? 'held' : d.status) as DeliveryStatus
      const answer = d.error ?? d.answer ?? ''
      return {
        id: d.id,
        event: eventLabel(d.type),
        eventId: d.eventId,
        occurredAt: formatLondonDayAndTime(d.occurredAt),
        status: {
          text: deliveryStatusLabels[status] ?? d.status,
          classes: tagClass[status] ?? 'govuk-tag--grey',
        },
        attempts: d.attempts,
        statusCode: d.statusCode === null ? '' : String(d.statusCode),
        answer: answer.length > ANSWER_SHOWN ? `${answer.slice(0, ANSWER_SHOWN)}…` : answer,
        nextAttempt: status === 'pending' && d.nextAttemptAt ? formatLondonDayAndTime(d.nextAttemptAt) : '',
        mayRedeliver: redeliveryRefusal(status, e.status) === undefined,
      }
    }),
  }
}

/** The endpoint form's values: what was typed, or the endpoint as it stands (to change it). */
export const endpointFormValues = (e?: { url: string; description: string; events: readonly string[] }) => ({
  url: e?.url ?? '',
  description: e?.description ?? '',
  events: [...(e?.events ?? [])],
})

/** The events an endpoint may want, as the form's checkboxes. */
export const eventItems = (chosen: readonly string[]) =>
  webhookEventTypes.map((t) => ({
    value: t,
    text: webhookEventLabels[t],
    hint: { text: t, classes: 'app-secret' },
    checked: chosen.includes(t),
  }))
