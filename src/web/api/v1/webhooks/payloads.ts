import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger'
import { z } from 'zod'
import { deadlineKeys } from '../../../../domain/complaints/deadlines.js'
import { channels, complaintStates, decisions } from '../../../../domain/complaints/vocabulary.js'
import {
  TEST_EVENT,
  type WebhookEventType,
  webhookEventDescriptions,
  webhookEventTypes,
} from '../../../../domain/webhooks/events.js'

/**
 * What each event's body holds, for the OpenAPI document's `webhooks` section. The complaint is
 * the API's complaint resource cut down to what an integration needs: the same field names, no
 * personal data.
 */
const complaint = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    stage: z.union([z.literal(1), z.literal(2)]),
    state: z.enum(complaintStates),
    channel: z.enum(channels),
    receivedAt: z.iso.datetime({ offset: true }),
    receivedOn: z.string().describe('The London calendar date it was received'),
    due: z
      .partialRecord(z.enum(deadlineKeys), z.string())
      .describe('The deadlines as calendar days, as `due` in GET /api/v1/complaints/{id}'),
  })
  .describe('The complaint as GET /api/v1/complaints/{id} names it; fetch that for the rest')
const complaintRef = z.object({ id: z.uuid(), reference: z.string() })

const dataOf: Record<WebhookEventType, z.ZodType> = {
  'complaint.logged': z.object({ complaint }),
  'complaint.acknowledged': z.object({ complaint, stage: z.union([z.literal(1), z.literal(2)]) }),
  'complaint.responded': z.object({
    complaint,
    stage: z.union([z.literal(1), z.literal(2)]),
    decision: z.enum(decisions),
  }),
  'complaint.escalated': z.object({ complaint }),
  'complaint.closed': z.object({ complaint }),
  'complaint.deadline_missed': z.object({
    complaint: complaint.omit({ due: true }),
    deadline: z.object({
      key: z.enum(deadlineKeys),
      due: z.string().describe('The calendar day it was due'),
    }),
  }),
  'hazard.duty_missed': z.object({
    hazard: z.object({ id: z.uuid(), kind: z.string() }),
    complaint: complaintRef,
    duty: z.string().describe('Which of Awaab’s Law’s duties, e.g. investigate, written_summary, make_safe'),
    dueAt: z.iso.datetime({ offset: true }),
  }),
  'ombudsman.order_due': z.object({
    ombudsmanCase: z.object({ id: z.uuid(), ombudsmanReference: z.string() }),
    complaint: complaintRef,
    dueOn: z.string().describe('The calendar day the next order is due'),
  }),
}

export const webhookBodySchema = (type: string, data: z.ZodType) =>
  z.object({
    id: z
      .uuid()
      .describe(
        'The event’s id: the same in every attempt and the Webhook-Id header; use it to ignore repeats',
      ),
    type: z.literal(type),
    occurred_at: z.iso.datetime({ offset: true }),
    data,
  })

const headers = [
  ['Webhook-Id', 'The event’s id (as `id` in the body): the same on every attempt'],
  ['Webhook-Timestamp', 'When this attempt was signed, in whole seconds since 1970 (UTC)'],
  [
    'Webhook-Signature',
    '`v1=` and the lowercase hex HMAC-SHA256 of `<Webhook-Timestamp>.<raw body>`, keyed with the endpoint’s secret (the whole `whsec_…` string). For a day after the secret is rotated there are two, space-separated: accept either.',
  ],
] as const

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>
  return rest
}

type OpenApiWebhooks = NonNullable<
  NonNullable<FastifyDynamicSwaggerOptions['openapi']> extends infer D
    ? D extends { webhooks?: infer W }
      ? W
      : never
    : never
>

/** The OpenAPI 3.1 `webhooks` object: one entry per event, each a POST the landlord's system receives. */
export function webhooksOpenApi(): OpenApiWebhooks {
  const entries: [string, string, z.ZodType][] = [
    ...webhookEventTypes.map(
      (t) => [t, webhookEventDescriptions[t], dataOf[t]] as [string, string, z.ZodType],
    ),
    [
      TEST_EVENT,
      'A test ping sent from the endpoint’s page (“Send a test”).',
      z.object({ endpointId: z.uuid() }),
    ],
  ]
  return Object.fromEntries(
    entries.map(([type, description, data]) => [
      type,
      {
        post: {
          summary: type,
          description: `${description} Signed as in docs/webhooks.md: check the signature and refuse a timestamp more than 5 minutes from your clock.`,
          tags: ['Webhooks'],
          parameters: headers.map(([name, d]) => ({
            name,
            in: 'header',
            required: true,
            description: d,
            schema: { type: 'string' },
          })),
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(webhookBodySchema(type, data)) } },
          },
          responses: {
            '200': {
              description:
                'Any 2xx answer means delivered; anything else, or no answer in 10 seconds, is retried',
            },
          },
        },
      },
    ]),
  ) as OpenApiWebhooks
}
