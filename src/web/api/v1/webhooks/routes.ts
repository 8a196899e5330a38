import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { deliveryStatuses } from '../../../../domain/webhooks/delivery.js'
import { webhookEventTypes } from '../../../../domain/webhooks/events.js'
import type { WebhookEndpoint } from '../../../../services/webhooks/webhooks.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { text } from '../schemas.js'

const tags = ['Webhooks']
const params = z.object({ id: text(100).describe('The endpoint’s id') })

const endpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(webhookEventTypes)),
  status: z.enum(['active', 'paused']),
  pausedAt: z.iso.datetime({ offset: true }).optional(),
  pausedReason: z.string().optional().describe('Why it was paused: by whom, or the failures that paused it'),
  createdAt: z.iso.datetime({ offset: true }),
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

const present = (e: WebhookEndpoint): z.infer<typeof endpointSchema> => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: e.events as z.infer<typeof endpointSchema>['events'],
  status: e.status,
  ...(e.pausedAt ? { pausedAt: e.pausedAt.toISOString() } : {}),
  ...(e.pausedReason ? { pausedReason: e.pausedReason } : {}),
  createdAt: e.createdAt.toISOString(),
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
        response: { 200: z.object({ items: z.array(endpointSchema) }) },
      },
    },
    async (request) => {
      requireStaff(request, 'manageWebhooks')
      return { items: (await webhooks.list()).map(present) }
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
