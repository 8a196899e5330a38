import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { deliveryStatuses } from '../../../../domain/webhooks/delivery.js'
import { endpointStatuses } from '../../../../domain/webhooks/endpoints.js'
import { webhookEventTypes } from '../../../../domain/webhooks/events.js'
import type { WebhookEndpoint } from '../../../../services/webhooks/webhooks.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { text } from '../schemas.js'

const tags = ['Webhooks']
const params = z.object({ id: text(100).describe('The endpoint’s id') })
const deliveryParams = params.extend({ deliveryId: text(100).describe('The delivery’s id') })

const endpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(webhookEventTypes)),
  status: z
    .enum(endpointStatuses)
    .describe('`removed`: kept with what was sent to it, never sent to again, and no longer changeable'),
  pausedAt: z.iso.datetime({ offset: true }).optional(),
  pausedReason: z.string().optional().describe('Why it was paused: by whom, or the failures that paused it'),
  createdAt: z.iso.datetime({ offset: true }),
  removedAt: z.iso.datetime({ offset: true }).optional(),
})
const withSecret = endpointSchema.extend({
  secret: z.string().describe('The signing secret (HMAC-SHA256 key): keep it as you would a password'),
})
const deliverySchema = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  type: z.string(),
  occurredAt: z.iso.datetime({ offset: true }),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  statusCode: z.number().int().optional().describe('The last attempt’s HTTP status'),
  answer: z.string().optional().describe('The first 1 KB of the last attempt’s answer'),
  error: z.string().optional(),
  nextAttemptAt: z.iso.datetime({ offset: true }).optional(),
  deliveredAt: z.iso.datetime({ offset: true }).optional(),
})
const body = z.object({
  url: text(2000).describe('https://… (plain http only to localhost or 127.0.0.1, for testing)'),
  description: text(200),
  events: z.array(z.enum(webhookEventTypes)).min(1),
})
const changes = body.partial()

const present = (e: WebhookEndpoint): z.infer<typeof endpointSchema> => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: e.events as z.infer<typeof endpointSchema>['events'],
  status: e.status,
  ...(e.pausedAt ? { pausedAt: e.pausedAt.toISOString() } : {}),
  ...(e.pausedReason ? { pausedReason: e.pausedReason } : {}),
  createdAt: e.createdAt.toISOString(),
  ...(e.removedAt ? { removedAt: e.removedAt.toISOString() } : {}),
})
const presentWithSecret = (e: WebhookEndpoint) => ({ ...present(e), secret: e.secret })

/** Webhook endpoints, for an administrator (`manageWebhooks`): the same as Settings › Webhooks. */
export const webhookApiRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const webhooks = services.webhooks

  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'The registered webhook endpoints (administrator)',
        description:
          'The endpoints in use, active or paused; with `removed=true`, the ones removed instead (kept with what was sent to them until the retention period deletes it).',
        querystring: z.object({ removed: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(endpointSchema) }) },
      },
    },
    async (request) => {
      requireStaff(request, 'manageWebhooks')
      return { items: (await webhooks.list(request.query.removed === 'true')).map(present) }
    },
  )

  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Register an endpoint (administrator)',
        description:
          'Answers 201 with the endpoint and its new signing secret. Each event is POSTed to `url`, signed; the payloads are in this document’s `webhooks` section.',
        body,
        response: { 201: withSecret },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request, 'manageWebhooks')
      return reply.code(201).send(presentWithSecret(await webhooks.register(request.body, staff)))
    },
  )

  app.get(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'An endpoint, its secret and its latest deliveries (administrator)',
        params,
        response: { 200: withSecret.extend({ deliveries: z.array(deliverySchema) }) },
      },
    },
    async (request) => {
      requireStaff(request, 'manageWebhooks')
      const { endpoint, deliveries } = await webhooks.view(request.params.id)
      return {
        ...presentWithSecret(endpoint),
        deliveries: deliveries.map((d) => ({
          id: d.id,
          eventId: d.eventId,
          type: d.type,
          occurredAt: d.occurredAt.toISOString(),
          status: d.status as z.infer<typeof deliverySchema>['status'],
          attempts: d.attempts,
          ...(d.statusCode !== null ? { statusCode: d.statusCode } : {}),
          ...(d.answer ? { answer: d.answer } : {}),
          ...(d.error ? { error: d.error } : {}),
          ...(d.nextAttemptAt ? { nextAttemptAt: d.nextAttemptAt.toISOString() } : {}),
          ...(d.deliveredAt ? { deliveredAt: d.deliveredAt.toISOString() } : {}),
        })),
      }
    },
  )

  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change an endpoint’s address, description or events (administrator)',
        description:
          'Only the fields given change; they are checked as on registering (422 naming each field at fault). What is still to be sent goes to the new address; the new events are used for every event not yet fanned out. A removed endpoint cannot be changed (409).',
        params,
        body: changes,
        response: { 200: withSecret },
      },
    },
    async (request) => {
      const staff = requireStaff(request, 'manageWebhooks')
      return presentWithSecret(await webhooks.change(request.params.id, request.body, staff))
    },
  )

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Remove an endpoint (administrator): nothing more is sent to it',
        description:
          'What was queued or held for it is cancelled. The endpoint is kept, with `status: removed`, its deliveries and their attempts, until the retention period (WEBHOOK_RETENTION_DAYS) deletes them. Removing one already removed is 409.',
        params,
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request, 'manageWebhooks')
      await webhooks.remove(request.params.id, staff)
      return reply.code(204).send()
    },
  )

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        tags,
        summary: 'Send a delivered or failed delivery again (administrator)',
        description:
          'The same body and `Webhook-Id`, signed afresh with a new `Webhook-Timestamp`, on the next round of jobs; a new attempt is recorded, and a failure is retried as any delivery is. 409 when the delivery is still being sent or held, or the endpoint is paused or removed.',
        params: deliveryParams,
        response: { 202: z.object({ deliveryId: z.uuid() }) },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request, 'manageWebhooks')
      return reply
        .code(202)
        .send(await webhooks.redeliver(request.params.id, request.params.deliveryId, staff))
    },
  )

  const action = (
    path: string,
    summary: string,
    run: (id: string, staff: ReturnType<typeof requireStaff>) => Promise<WebhookEndpoint>,
  ) =>
    app.post(
      `/webhooks/:id/${path}`,
      { schema: { tags, summary, params, response: { 200: withSecret } } },
      async (request) =>
        presentWithSecret(await run(request.params.id, requireStaff(request, 'manageWebhooks'))),
    )
  action('pause', 'Pause an endpoint: nothing is sent to it; new events are held', (id, s) =>
    webhooks.pause(id, s),
  )
  action(
    'resume',
    'Resume an endpoint: what was held while paused is sent, oldest first',
    async (id, s) => (await webhooks.resume(id, s)).endpoint,
  )
  action('rotate-secret', 'A new signing secret; the old one still signs beside it for 24 hours', (id, s) =>
    webhooks.rotateSecret(id, s),
  )

  app.post(
    '/webhooks/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a `webhook.test` event to this endpoint alone',
        params,
        response: { 202: z.object({ eventId: z.uuid() }) },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request, 'manageWebhooks')
      return reply.code(202).send(await webhooks.sendTest(request.params.id, staff))
    },
  )
}
