import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { isCalendarDate } from '../../../../domain/calendar/calendarDate.js'
import { codeMaxima, type PolicyVersion, targetStarts } from '../../../../domain/policy/timescales.js'
import { type ApiOptions, requireStaff } from '../access.js'

const days = z.number().int().describe('working days')
const internalTarget = z.object({
  name: z.string().min(1).max(200),
  workingDays: z.number().int(),
  countedFrom: z.enum(targetStarts),
})
const policySchema = z.object({
  acknowledgeDays: days,
  stage1ResponseDays: days,
  stage1MaxExtensionDays: days,
  stage2AcknowledgeDays: days,
  stage2ResponseDays: days,
  stage2MaxExtensionDays: days,
  residentUpdateDays: days.describe(
    'Code 5.9: how often residents are updated, unless another interval is agreed',
  ),
  internalTargets: z.array(internalTarget),
  version: z.number().int(),
  effectiveFrom: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  codeMaxima: z.object({
    acknowledgeDays: days,
    stage1ResponseDays: days,
    stage1MaxExtensionDays: days,
    stage2AcknowledgeDays: days,
    stage2ResponseDays: days,
    stage2MaxExtensionDays: days,
    residentUpdateDays: days,
  }),
})

export function presentPolicy(p: PolicyVersion): z.infer<typeof policySchema> {
  return {
    acknowledgeDays: p.acknowledgeDays,
    stage1ResponseDays: p.stage1ResponseDays,
    stage1MaxExtensionDays: p.stage1MaxExtensionDays,
    stage2AcknowledgeDays: p.stage2AcknowledgeDays,
    stage2ResponseDays: p.stage2ResponseDays,
    stage2MaxExtensionDays: p.stage2MaxExtensionDays,
    residentUpdateDays: p.residentUpdateDays,
    internalTargets: p.internalTargets,
    version: p.version,
    effectiveFrom: p.effectiveFrom,
    createdAt: p.createdAt.toISOString(),
    codeMaxima,
  }
}

export const policyRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const tags = ['Policy']

  app.get(
    '/policy',
    {
      schema: {
        tags,
        summary: 'The landlord’s timescales in force today, in working days',
        response: { 200: policySchema },
      },
    },
    async (request) => {
      requireStaff(request)
      return presentPolicy(await services.policy.current())
    },
  )

  app.put(
    '/policy',
    {
      schema: {
        tags,
        summary: 'Change the timescales (administrator or complaints officer)',
        description:
          'Any of the fields; the rest carry over. A value above the Code’s maximum is refused with 422 naming ' +
          'the provision: a landlord may be faster than the Code, never slower. The change is a new version from ' +
          '`effectiveFrom` (default today); stages already begun keep the version they started under.',
        body: z.object({
          acknowledgeDays: z.number().optional(),
          stage1ResponseDays: z.number().optional(),
          stage1MaxExtensionDays: z.number().optional(),
          stage2AcknowledgeDays: z.number().optional(),
          stage2ResponseDays: z.number().optional(),
          stage2MaxExtensionDays: z.number().optional(),
          residentUpdateDays: z.number().optional(),
          internalTargets: z.array(internalTarget).optional(),
          effectiveFrom: z
            .string()
            .refine(isCalendarDate, { message: 'must be a real date written YYYY-MM-DD' })
            .optional(),
          note: z.string().max(500).optional(),
        }),
        response: { 200: policySchema },
      },
    },
    async (request) => {
      const staff = requireStaff(request, 'managePolicy')
      return presentPolicy(await services.policy.change(request.body, staff.id))
    },
  )

  app.get(
    '/policy/versions',
    {
      schema: {
        tags,
        summary: 'Every version of the policy, oldest first, with the date each took effect',
        response: { 200: z.object({ items: z.array(policySchema) }) },
      },
    },
    async (request) => {
      requireStaff(request)
      return { items: (await services.policy.versions()).map(presentPolicy) }
    },
  )
}
