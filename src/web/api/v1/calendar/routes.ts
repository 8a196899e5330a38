import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { calendarInputError } from '../../../../services/calendar.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { calendarDate as aCalendarDate } from '../schemas.js'

const calendarDate = aCalendarDate.describe('A calendar day, YYYY-MM-DD, Europe/London')

const skippedDay = z.object({
  date: z.string(),
  reason: z.enum(['weekend', 'bank_holiday', 'closure']),
  title: z.string().optional(),
})

export const calendarRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const tags = ['Working days']

  app.get(
    '/working-days/add',
    {
      schema: {
        tags,
        summary: 'The day on which N working days have passed after a date',
        description:
          '`from` is day 0, whether or not it is a working day; only working days after it count. ' +
          'A working day is Monday to Friday, not a bank holiday in England and Wales, and not a closure day.',
        querystring: z.object({ from: calendarDate, days: z.coerce.number().int().min(0).max(2000) }),
        response: {
          200: z.object({
            date: z.string(),
            explanation: z.string().describe('How the date was worked out, in words'),
            skipped: z.array(skippedDay),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request)
      const calendar = await services.calendar.landlord()
      try {
        const e = calendar.explainAddition(request.query.from, request.query.days)
        return {
          date: e.date,
          explanation: e.text,
          skipped: e.skipped.map((s) => ({
            date: s.date,
            reason: s.reason,
            ...('title' in s ? { title: s.title } : {}),
          })),
        }
      } catch (error) {
        calendarInputError(error)
      }
    },
  )

  app.get(
    '/working-days/between',
    {
      schema: {
        tags,
        summary: 'How many working days come after `from`, up to and including `to`',
        querystring: z.object({ from: calendarDate, to: calendarDate }),
        response: { 200: z.object({ workingDays: z.number().int() }) },
      },
    },
    async (request) => {
      requireStaff(request)
      const calendar = await services.calendar.landlord()
      try {
        return { workingDays: calendar.workingDaysBetween(request.query.from, request.query.to) }
      } catch (error) {
        calendarInputError(error)
      }
    },
  )

  app.get(
    '/working-days/:date',
    {
      schema: {
        tags,
        summary: 'Whether a date is a working day, why not, and the next working day',
        params: z.object({ date: calendarDate }),
        response: {
          200: z.object({
            date: z.string(),
            workingDay: z.boolean(),
            reason: skippedDay.shape.reason.optional(),
            title: z.string().optional(),
            nextWorkingDay: z.string(),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request)
      const calendar = await services.calendar.landlord()
      try {
        const why = calendar.nonWorkingDay(request.params.date)
        return {
          date: request.params.date,
          workingDay: !why,
          ...(why ? { reason: why.reason, ...('title' in why ? { title: why.title } : {}) } : {}),
          nextWorkingDay: calendar.nextWorkingDay(request.params.date),
        }
      } catch (error) {
        calendarInputError(error)
      }
    },
  )

  const calendarTags = ['Calendar']
  const holiday = z.object({
    date: z.string(),
    title: z.string(),
    provisional: z.boolean(),
    substitute: z.boolean(),
  })

  app.get(
    '/calendar/bank-holidays',
    {
      schema: {
        tags: calendarTags,
        summary: 'Every England and Wales bank holiday the service counts, official and provisional',
        response: {
          200: z.object({
            items: z.array(holiday),
            source: z.string(),
            updatedAt: z.iso.datetime({ offset: true }).nullable(),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request)
      const list = await services.calendar.bankHolidays()
      return { items: list.items, source: list.source, updatedAt: list.updatedAt?.toISOString() ?? null }
    },
  )

  app.post(
    '/calendar/bank-holidays',
    {
      schema: {
        tags: calendarTags,
        summary: 'Load a gov.uk bank-holidays.json (administrator)',
        description:
          'Replaces the official dates of the years the document covers; other years are kept. ' +
          'Open cases’ deadlines move with it. A malformed document is refused and changes nothing.',
        body: z.looseObject({}).describe('gov.uk bank-holidays.json, with its "england-and-wales" section'),
        response: {
          200: z.object({
            years: z.array(z.number().int()),
            added: z.array(holiday),
            removed: z.array(holiday),
            previouslyProvisionalYears: z.array(z.number().int()),
          }),
        },
      },
      bodyLimit: 2 * 1024 * 1024,
    },
    async (request) => {
      const admin = requireStaff(request, 'manageCalendar')
      return services.calendar.importBankHolidays(
        request.body,
        admin.id,
        'gov.uk bank-holidays.json, loaded through the API',
      )
    },
  )

  const closure = z.object({ date: z.string(), title: z.string() })

  app.get(
    '/calendar/closure-days',
    {
      schema: {
        tags: calendarTags,
        summary: 'Days the landlord has declared closed (not working days)',
        response: { 200: z.object({ items: z.array(closure) }) },
      },
    },
    async (request) => {
      requireStaff(request)
      return { items: (await services.calendar.closureDays()).map(({ date, title }) => ({ date, title })) }
    },
  )

  const codeClocks = z.object({
    closureDaysExtendCodeClocks: z
      .boolean()
      .describe(
        "Whether the landlord's closure days extend the Code's clocks (its policy must say so). Off unless set; they never move an Awaab's Law clock.",
      ),
  })
  app.get(
    '/calendar/code-clocks',
    {
      schema: {
        tags: calendarTags,
        summary: "Whether closure days extend the Code's clocks",
        response: { 200: codeClocks },
      },
    },
    async (request) => {
      requireStaff(request)
      return { closureDaysExtendCodeClocks: await services.calendar.closuresExtendCodeClocks() }
    },
  )
  app.put(
    '/calendar/code-clocks',
    {
      schema: {
        tags: calendarTags,
        summary:
          "Set whether closure days extend the Code's clocks (administrator): every open complaint's deadlines are worked out again",
        body: codeClocks,
        response: { 200: codeClocks },
      },
    },
    async (request) => {
      const admin = requireStaff(request, 'manageCalendar')
      await services.calendar.setClosuresExtendCodeClocks(request.body.closureDaysExtendCodeClocks, admin.id)
      return { closureDaysExtendCodeClocks: await services.calendar.closuresExtendCodeClocks() }
    },
  )

  app.post(
    '/calendar/closure-days',
    {
      schema: {
        tags: calendarTags,
        summary: 'Declare a closure day after today (administrator); the title says why',
        body: z.object({ date: calendarDate, title: z.string().min(1).max(200) }),
        response: { 201: closure },
      },
    },
    async (request, reply) => {
      const admin = requireStaff(request, 'manageCalendar')
      return reply.code(201).send(await services.calendar.addClosureDay(request.body, admin.id))
    },
  )

  app.delete(
    '/calendar/closure-days/:date',
    {
      schema: {
        tags: calendarTags,
        summary: 'Remove a future closure day (administrator), saying why',
        description:
          'Only a date after today: a closure day that has passed, or today, is part of deadlines already met or missed and cannot be removed.',
        params: z.object({ date: calendarDate }),
        querystring: z.object({ reason: z.string().max(500).optional() }),
        body: z.object({ reason: z.string().max(500).optional() }).nullish(),
      },
    },
    async (request, reply) => {
      const admin = requireStaff(request, 'manageCalendar')
      await services.calendar.removeClosureDay(
        request.params.date,
        admin.id,
        request.body?.reason ?? request.query.reason ?? '',
      )
      return reply.code(204).send()
    },
  )
}
