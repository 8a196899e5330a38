import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { listedEntity } from '../../../../domain/entities/access.js'
import type { HazardClock } from '../../../../domain/hazards/clocks.js'
import { describeHazardEvent } from '../../../../domain/hazards/hazard.js'
import {
  hazardAssessments,
  hazardClockKeys,
  hazardClockStatuses,
  hazardKinds,
} from '../../../../domain/hazards/vocabulary.js'
import type { HazardStep, HazardView } from '../../../../services/hazards/hazards.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { instant, text } from '../schemas.js'

const tags = ['Hazards (Awaab’s Law)']
const hazardParams = z.object({ hazardId: text(100).describe('The hazard id') })

const clockSchema = z.object({
  key: z.enum(hazardClockKeys),
  label: z.string(),
  kind: z.enum(hazardKinds).describe('The kind of hazard the duty was owed as'),
  period: z
    .number()
    .int()
    .describe('Which assessment the duty belongs to: 0 the first, one more after each change of assessment'),
  earlierAssessment: z
    .string()
    .optional()
    .describe('For a duty owed under an earlier assessment, what ended it: the duty stays on the record'),
  rule: z.string(),
  dueAt: z
    .string()
    .describe('When the clock runs out: for a working-day duty, the midnight that ends its last day'),
  dueOn: z.string().optional().describe('The last day, for a working-day or weeks duty'),
  status: z.enum(hazardClockStatuses),
  metAt: z.string().optional(),
  stoppedBecause: z.string().optional(),
  missedBecause: z
    .string()
    .optional()
    .describe('Why a duty whose time ran out unmet no longer runs (status missed)'),
  left: z.string().optional(),
  explanation: z.string(),
})

const decisionSchema = z.object({
  kind: z.enum(hazardAssessments),
  decidedBy: z
    .string()
    .optional()
    .describe('Absent only on hazards recorded before decisions were asked for'),
  decidedAt: z.string().optional(),
  basis: z.string().optional(),
  reasons: z.string().optional(),
  because: z.enum(['first', 'reclassified', 'material_change']),
  change: z.object({ reportedAt: z.string(), what: z.string() }).optional(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
})

const hazardSchema = z.object({
  id: z.string(),
  complaintId: z.string(),
  kind: z.enum(hazardAssessments).describe('The assessment in force: a kind of hazard, or not a hazard'),
  decisions: z
    .array(decisionSchema)
    .describe('Every decision on whether the report is a potential emergency or significant hazard'),
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
  kind: c.kind,
  period: c.period,
  ...(c.earlierAssessment ? { earlierAssessment: c.earlierAssessment } : {}),
  rule: c.rule,
  dueAt: c.dueAt.toISOString(),
  ...('on' in c.due ? { dueOn: c.due.on } : {}),
  status: c.status,
  ...(c.metAt ? { metAt: c.metAt.toISOString() } : {}),
  ...(c.stoppedBecause ? { stoppedBecause: c.stoppedBecause } : {}),
  ...(c.missedBecause ? { missedBecause: c.missedBecause } : {}),
  ...(c.left ? { left: c.left } : {}),
  explanation: c.explanation,
})

function present({ hazard: h, clocks }: HazardView) {
  return {
    id: h.id,
    complaintId: h.complaintId,
    kind: h.kind,
    decisions: h.decisions.map((d) => ({
      kind: d.kind,
      ...(d.decidedBy ? { decidedBy: d.decidedBy } : {}),
      ...(d.decidedAt ? { decidedAt: d.decidedAt.toISOString() } : {}),
      ...(d.basis ? { basis: d.basis } : {}),
      ...(d.reasons ? { reasons: d.reasons } : {}),
      because: d.because,
      ...(d.change ? { change: { reportedAt: d.change.reportedAt.toISOString(), what: d.change.what } } : {}),
      recordedAt: d.recordedAt.toISOString(),
      recordedBy: d.recordedBy,
    })),
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

/** The landlord's decision on a report: who decided, when, on what, and why (required for not a hazard). */
const decision = {
  kind: z.enum(hazardAssessments),
  decidedBy: text(200).describe('Who decided (name and role)'),
  decidedAt: when,
  basis: text(5000).describe('What the decision was based on'),
}

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
    summary:
      'Record the relevant safety work begun (for a damp and mould hazard, what the 5 working days ask)',
    body: z.object({ at: when, what: text(5000), version }),
  },
  {
    path: 'made-safe',
    step: 'madeSafe',
    summary:
      'Record the relevant safety work completed: for an emergency hazard, the home made safe (what the 24 hours ask)',
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
    summary:
      'Assess the report differently, before its investigation ends: duties already fallen due stay on the record',
    body: z.object({ ...decision, reason: text(5000), version }),
  },
  {
    path: 'material-change',
    step: 'materialChange',
    summary:
      'A material change reported after the report was found not to be a hazard: assess it again (clocks run from the report of the change)',
    body: z.object({
      reportedAt: when,
      change: text(5000),
      ...decision,
      reasons: text(5000).optional().describe('Required when the decision is not a hazard'),
      version,
    }),
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
        summary:
          'Record a possible hazard reported in the complaint, with the decision whether it is a potential emergency or significant damp and mould hazard',
        params: z.object({ id: text(100).describe('The complaint id') }),
        body: z.object({
          awareAt: when,
          description: text(5000),
          ...decision,
          reasons: text(5000).optional().describe('Required when the decision is not a hazard'),
        }),
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
      const staff = requireStaff(request, 'viewCases')
      const rows = await hazards.queue({ entityId: listedEntity(staff) })
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
