import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { listedEntity } from '../../../../domain/entities/access.js'
import { DAY_COUNTING, rateBases } from '../../../../domain/remedies/calculator.js'
import { definedSums, lossesByDay } from '../../../../domain/remedies/ruleSets.js'
import { remedyAnswers, remedyStatuses } from '../../../../domain/remedies/vocabulary.js'
import {
  registerCursorKeys,
  registerCursorLength,
  registerCursorOf,
} from '../../../../services/remedies/register.js'
import { keysFromCursor, pageCursor } from '../../../pagination.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { presentComplaint } from '../complaints/presenter.js'
import { actor, lateRecording, optionalInstant, params, respond200, version } from '../complaints/shared.js'
import { calendarDate, text } from '../schemas.js'

const tags = ['Remedies']
const remedyParams = params.extend({
  remedyId: text(20).describe('The remedy: its stage and place in that response, e.g. "1-2"'),
})
const money = z.number().min(0).max(1_000_000)

const bandSchema = z.object({
  min: money,
  max: money.nullable(),
  label: z.string(),
  description: z.string(),
})
const guidanceSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  effectiveFrom: z.string(),
  note: z.string().nullable(),
  inForce: z.boolean(),
  bands: z.array(bandSchema),
})

const ratesSchema = z.object(
  Object.fromEntries(definedSums.map((k) => [k, money.optional()])) as Record<
    (typeof definedSums)[number],
    z.ZodOptional<typeof money>
  >,
)
const ruleSetSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string().describe('Where the figures come from, and the date they are in force from'),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  note: z.string(),
  rates: ratesSchema.describe('Pounds a day (losses) or an appointment; none set in the 2024 guidance'),
  bands: z.array(bandSchema).describe('For time and trouble, distress and inconvenience'),
})
const landlordRatesSchema = z.object({
  id: z.string(),
  source: z.string(),
  effectiveFrom: z.string(),
  note: z.string().nullable(),
  rates: ratesSchema,
  inForce: z.boolean(),
})

/** Code 7.1–7.4: each remedy followed through, the register across complaints, and the guidance bands. */
export const remedyRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const complaints = services.complaints

  app.post(
    '/complaints/:id/remedies/:remedyId/answer',
    {
      schema: {
        tags,
        summary: 'Record the resident’s answer to a remedy offered: accepted or declined (Code 7.3)',
        params: remedyParams,
        body: z.object({
          answer: z.enum(remedyAnswers),
          answeredAt: optionalInstant.describe('When the resident answered; now if not given'),
          recordedLateReason: lateRecording.recordedLateReason,
          note: text(5000).optional(),
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(
        await complaints.answerRemedy(request.params.id, actor(request), {
          ...request.body,
          remedyId: request.params.remedyId,
        }),
      ),
  )

  app.post(
    '/complaints/:id/remedies/:remedyId/completion',
    {
      schema: {
        tags,
        summary:
          'Record a remedy as done, or paid, with any part set against arrears by agreement (Code 7.3)',
        params: remedyParams,
        body: z.object({
          completedAt: optionalInstant.describe('When it was done or paid; now if not given'),
          recordedLateReason: lateRecording.recordedLateReason,
          note: text(5000).optional().describe('What was done: required except for a payment'),
          offsetAgainstArrears: money.optional(),
          residentAgreedOffset: z.boolean().optional(),
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(
        await complaints.completeRemedy(request.params.id, actor(request), {
          ...request.body,
          remedyId: request.params.remedyId,
        }),
      ),
  )

  app.get(
    '/remedies',
    {
      schema: {
        tags,
        summary:
          'The remedy register, a page at a time: remedies still to do, soonest due first (or every one, latest due first, with show=all); the totals count the whole register',
        querystring: z.object({
          show: z.enum(['owed', 'all']).optional(),
          after: z.string().max(400).optional().describe('The `next` of the page before'),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                source: z.enum(['response', 'ombudsman']),
                complaintId: z.string(),
                reference: z.string(),
                remedyId: z.string().optional(),
                ombudsmanCaseId: z.string().optional(),
                what: z.string(),
                amount: z.number().optional(),
                offeredOn: z.string().optional(),
                dueOn: z.string(),
                status: z.enum(remedyStatuses),
                doneOn: z.string().optional(),
                offsetAgainstArrears: z.number().optional(),
                overdue: z.boolean(),
              }),
            ),
            next: z
              .string()
              .nullable()
              .describe('Where the next page starts, to give as `after`; null on the last page'),
            totals: z.object({
              owedCount: z.number().int(),
              overdueCount: z.number().int(),
              owedMoney: z.number(),
              paidMoney: z.number(),
              offsetMoney: z.number(),
            }),
          }),
        },
      },
    },
    async (request) => {
      const staff = requireStaff(request, 'viewCases')
      const r = await services.remedies.register({
        owed: request.query.show !== 'all',
        entityId: listedEntity(staff),
        after: registerCursorOf(keysFromCursor(request.query.after, registerCursorLength)),
      })
      return {
        items: r.entries,
        next: r.next ? pageCursor(registerCursorKeys(r.next)) : null,
        totals: r.totals,
      }
    },
  )

  app.get(
    '/compensation-guidance',
    {
      schema: {
        tags,
        summary: 'The compensation guidance bands, every dated set, newest first (Code 7.4)',
        response: { 200: z.object({ items: z.array(guidanceSchema) }) },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      const { sets, inForce } = await services.remedies.guidance()
      return { items: sets.map((s) => ({ ...s, inForce: s.id === inForce?.id })) }
    },
  )

  app.post(
    '/compensation-guidance',
    {
      schema: {
        tags,
        summary: 'Add a dated set of compensation bands (Code 7.4); sets are never edited',
        body: z.object({
          title: text(200),
          source: text(1000),
          effectiveFrom: calendarDate,
          note: text(2000).optional(),
          bands: z
            .array(z.object({ min: money, max: money.optional(), label: text(200), description: text(2000) }))
            .min(1)
            .max(20),
        }),
        response: { 201: guidanceSchema },
      },
    },
    async (request, reply) => {
      const s = requireStaff(request, 'managePolicy')
      const set = await services.remedies.addGuidance(request.body, { id: s.id, role: s.role })
      const { inForce } = await services.remedies.guidance()
      return reply.code(201).send({ ...set, inForce: set.id === inForce?.id })
    },
  )

  app.get(
    '/remedy-guidance',
    {
      schema: {
        tags,
        summary:
          'The remedy guidance in force on a day (Code 7.4): the Ombudsman’s rule set, its defined sums and bands, and the landlord’s own rates',
        querystring: z.object({ on: calendarDate.optional().describe('The day; today if not given') }),
        response: {
          200: z.object({
            on: z.string(),
            dayCounting: z.string(),
            ombudsman: ruleSetSchema.nullable(),
            landlordRates: landlordRatesSchema.nullable(),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      const g = await services.remedies.remedyGuidance(request.query.on)
      return {
        on: g.on,
        dayCounting: DAY_COUNTING,
        ombudsman: g.ruleSet ?? null,
        landlordRates: g.landlordRates ? { ...g.landlordRates, inForce: true } : null,
      }
    },
  )

  app.post(
    '/remedy-guidance/calculation',
    {
      schema: {
        tags,
        summary:
          'Work out the guidance figure for what happened (Code 7.4), each line explained, and the gap between an offer and it',
        body: z.object({
          on: calendarDate.describe('The date of the response (today, if not yet responded)'),
          losses: z
            .array(z.object({ kind: z.enum(lossesByDay), from: calendarDate, to: calendarDate }))
            .max(20)
            .default([])
            .describe(DAY_COUNTING),
          missedAppointments: z.number().int().min(0).max(100).optional(),
          band: text(200)
            .optional()
            .describe('The label of the band for time and trouble, distress and inconvenience'),
          discretionaryAmount: money
            .optional()
            .describe('The figure within the band; its lowest if not given'),
          offer: money.optional(),
          basis: z.enum(rateBases).default('higher').describe('Which rate, where the landlord has its own'),
        }),
        response: {
          200: z.object({
            on: z.string(),
            basis: z.enum(rateBases),
            ruleSet: z.object({ id: z.string(), title: z.string(), source: z.string() }).nullable(),
            landlordRates: z
              .object({ id: z.string(), source: z.string(), effectiveFrom: z.string() })
              .nullable(),
            lines: z.array(
              z.object({
                what: z.string(),
                words: z.string(),
                amount: z.number().nullable(),
                units: z.number().optional(),
                rate: z.number().optional(),
                source: z.string().optional(),
              }),
            ),
            total: z.number(),
            offer: z.number().optional(),
            gap: z.object({ amount: z.number(), words: z.string() }).optional(),
            dayCounting: z.string(),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      const b = request.body
      const c = await services.remedies.calculate({
        on: b.on,
        losses: b.losses,
        ...(b.missedAppointments !== undefined ? { missedAppointments: b.missedAppointments } : {}),
        ...(b.band !== undefined ? { band: b.band } : {}),
        ...(b.discretionaryAmount !== undefined ? { discretionary: b.discretionaryAmount } : {}),
        ...(b.offer !== undefined ? { offer: b.offer } : {}),
        basis: b.basis,
      })
      return {
        ...c,
        ruleSet: c.ruleSet ? { id: c.ruleSet.id, title: c.ruleSet.title, source: c.ruleSet.source } : null,
        landlordRates: c.landlordRates
          ? {
              id: c.landlordRates.id,
              source: c.landlordRates.source,
              effectiveFrom: c.landlordRates.effectiveFrom,
            }
          : null,
        dayCounting: DAY_COUNTING,
      }
    },
  )

  app.get(
    '/compensation-rates',
    {
      schema: {
        tags,
        summary: 'The landlord’s own compensation rates (Code 7.4), every dated version, newest first',
        response: { 200: z.object({ items: z.array(landlordRatesSchema) }) },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      const { versions, landlordRates } = await services.remedies.remedyGuidance()
      return { items: versions.map((v) => ({ ...v, inForce: v.id === landlordRates?.id })) }
    },
  )

  app.post(
    '/compensation-rates',
    {
      schema: {
        tags,
        summary:
          'Add a dated version of the landlord’s own compensation rates (Code 7.4), by an administrator or a senior lead; versions are never edited',
        body: z.object({
          source: text(1000),
          effectiveFrom: calendarDate,
          note: text(2000).optional(),
          rates: ratesSchema,
        }),
        response: { 201: landlordRatesSchema },
      },
    },
    async (request, reply) => {
      const s = requireStaff(request, 'manageCompensationRates')
      const added = await services.remedies.addLandlordRates(request.body, { id: s.id, role: s.role })
      const { landlordRates } = await services.remedies.remedyGuidance()
      return reply.code(201).send({ ...added, inForce: added.id === landlordRates?.id })
    },
  )
}
