import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { HazardClock } from '../../../../domain/hazards/clocks.js'
import { describeHazardEvent } from '../../../../domain/hazards/hazard.js'
import { hazardClockKeys, hazardClockStatuses, hazardKinds } from '../../../../domain/hazards/vocabulary.js'
import type { HazardStep, HazardView } from '../../../../services/hazards/hazards.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { instant, text } from '../schemas.js'

const tags = ['Hazards (Awaab’s Law)']
const hazardParams = z.object({ hazardId: text(100).describe('The hazard id') })

const clockSchema = z.object({
  key: z.enum(hazardClockKeys),
  label: z.string(),
  rule: z.string(),
  dueAt: z
    .string()
    .describe('When the clock runs out: for a working-day duty, the midnight that ends its last day'),
  dueOn: z.string().optional().describe('The last day, for a working-day or weeks duty'),
  status: z.enum(hazardClockStatuses),
  metAt: z.string().optional(),
  stoppedBecause: z.string().optional(),
  left: z.string().optional(),
  explanation: z.string(),
})

const hazardSchema = z.object({
  id: z.string(),
  complaintId: z.string(),
  kind: z.enum(hazardKinds),
  awareAt: z.string(),
  description: z.string(),
  version: z.number().int(),
  investigation: z
    .object({
      endedAt: z.string(),
      hazardFound: z.boolean(),
      findings: z.string(),
      furtherWorksNeeded: z.boolean(),
    })
    .optional(),
  clocks: z.array(clockSchema),
  history: z.array(
    z.object({ at: z.string(), by: z.string().nullable(), type: z.string(), text: z.string() }),
  ),
})

const presentClock = (c: HazardClock) => ({
  key: c.key,
  label: c.label,
  rule: c.rule,
  dueAt: c.dueAt.toISOString(),
  ...('on' in c.due ? { dueOn: c.due.on } : {}),
  status: c.status,
  ...(c.metAt ? { metAt: c.metAt.toISOString() } : {}),
  ...(c.stoppedBecause ? { stoppedBecause: c.stoppedBecause } : {}),
  ...(c.left ? { left: c.left } : {}),
  explanation: c.explanation,
})

function present({ hazard: h, clocks }: HazardView) {
  return {
    id: h.id,
    complaintId: h.complaintId,
    kind: h.kind,
    awareAt: h.awareAt.toISOString(),
    description: h.description,
    version: h.version,
    ...(h.investigation
      ? { investigation: { ...h.investigation, endedAt: h.investigation.endedAt.toISOString() } }
      : {}),
    clocks: clocks.map(presentClock),
    history: h.events.map((e) => ({
      at: e.at.toISOString(),
      by: e.by,
      type: e.type,
      text: describeHazardEvent(e),
    })),
  }
}

const when = instant.transform((v) => new Date(v))
const version = z
  .number()
  .int()
  .positive()
  .optional()
  .describe('The version read; a stale one is refused with 409')

/** Each step after a hazard is identified: its path, what it records, and its body. */
const steps: { path: string; step: HazardStep; summary: string; body: z.ZodObject }[] = [
  {
    path: 'investigation',
    step: 'investigation',
    summary:
      'Record the investigation’s end and findings: the written summary, safety work and further works count from it',
    body: z.object({
      endedAt: when,
      hazardFound: z.boolean(),
      findings: text(5000),
      furtherWorksNeeded: z.boolean().optional(),
      version,
    }),
  },
  {
    path: 'summary',
    step: 'summary',
    summary: 'Record the written summary of the findings given to the resident',
    body: z.object({ sentAt: when, how: text(200), version }),
  },
  {
    path: 'safety-work',
    step: 'safety',
    summary: 'Record the relevant safety work begun (for an emergency, the home made safe)',
    body: z.object({ at: when, what: text(5000), version }),
  },
  {
    path: 'further-works-deferred',
    step: 'furtherDeferred',
    summary:
      'Further works cannot reasonably begin within 5 working days: they must physically start within 12 weeks',
    body: z.object({ reason: text(5000), version }),
  },
  {
    path: 'further-works',
    step: 'furtherStarted',
    summary: 'Record the further preventative works begun',
    body: z.object({ at: when, what: text(5000), version }),
  },
  {
    path: 'decant',
    step: 'decant',
    summary: 'Record the household moved to alternative accommodation (stops an emergency’s 24-hour clocks)',
    body: z.object({ at: when, where: text(500), version }),
  },
  {
    path: 'kind',
    step: 'reclassify',
    summary: 'Class the hazard differently, before its investigation ends',
    body: z.object({ kind: z.enum(hazardKinds), reason: text(5000), version }),
  },
]

/** Awaab's Law hazards on complaints: record one, read its clocks, record each step. */
export const hazardRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const hazards = services.hazards
  const recorder = (request: Parameters<typeof requireStaff>[0]) => {
    const s = requireStaff(request, 'handleComplaints')
    return { id: s.id, role: s.role }
  }

  app.post(
    '/complaints/:id/hazards',
    {
      schema: {
        tags,
        summary: 'Record an emergency or significant damp and mould hazard reported in the complaint',
        params: z.object({ id: text(100).describe('The complaint id') }),
        body: z.object({ kind: z.enum(hazardKinds), awareAt: when, description: text(5000) }),
        response: { 201: hazardSchema },
      },
    },
    async (request, reply) => {
      const v = await hazards.identify(request.params.id, recorder(request), request.body)
      return reply.code(201).send(present(v))
    },
  )

  app.get(
    '/complaints/:id/hazards',
    {
      schema: {
        tags,
        summary: 'The hazards recorded on a complaint, with their clocks',
        params: z.object({ id: text(100).describe('The complaint id') }),
        response: { 200: z.object({ items: z.array(hazardSchema) }) },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      await services.complaints.view(request.params.id, 'admin')
      return { items: (await hazards.forComplaint(request.params.id)).map(present) }
    },
  )

  app.get(
    '/hazards',
    {
      schema: {
        tags,
        summary: 'Hazards with a clock running, the soonest to run out first',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                complaintId: z.string(),
                reference: z.string(),
                kind: z.enum(hazardKinds),
                nextClock: z.enum(hazardClockKeys),
                nextDueAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      const rows = await hazards.queue()
      return {
        items: rows.map((r) => ({
          id: r.id,
          complaintId: r.complaintId,
          reference: r.reference,
          kind: r.kind as (typeof hazardKinds)[number],
          nextClock: r.nextClock as (typeof hazardClockKeys)[number],
          nextDueAt: r.nextDueAt.toISOString(),
        })),
      }
    },
  )

  app.get(
    '/hazards/:hazardId',
    {
      schema: {
        tags,
        summary: 'A hazard, with each duty’s clock explained',
        params: hazardParams,
        response: { 200: hazardSchema },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      return present(await hazards.view(request.params.hazardId))
    },
  )

  for (const s of steps)
    app.post(
      `/hazards/:hazardId/${s.path}`,
      {
        schema: {
          tags,
          summary: s.summary,
          params: hazardParams,
          body: s.body,
          response: { 200: hazardSchema },
        },
      },
      async (request) => {
        const { version: read, ...input } = request.body as { version?: number }
        const v = await hazards.record(
          request.params.hazardId,
          recorder(request),
          s.step,
          input as never,
          read,
        )
        return present(v)
      },
    )
}
