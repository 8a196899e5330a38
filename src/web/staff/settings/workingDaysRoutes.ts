import multipart from '@fastify/multipart'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import { londonDateOf, yearOf } from '../../../domain/calendar/calendarDate.js'
import { notFound } from '../../../errors.js'
import { calendarInputError } from '../../../services/calendar.js'
import { refusalOf, refusals } from '../../formErrors.js'
import {
  dateFromFields,
  dateInputItems,
  dateParts,
  type FieldErrors,
  type FormBody,
  field,
} from '../../forms.js'
import { pathParams, queryText } from '../../params.js'
import { checkUploadSize, uploadLimit } from '../../uploads.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'

const BASE = '/settings/working-days'
const MAX_HOLIDAY_FILE_BYTES = 2 * 1024 * 1024
/** The year shown, "work out a date" (a GET form), and the notice after a change. */
const pageQuery = queryText(
  'year',
  'from-day',
  'from-month',
  'from-year',
  'days',
  'imported',
  'closureAdded',
  'closureRemoved',
  'codeClocks',
)
const schema = { hide: true, querystring: pageQuery }
const dateParams = pathParams('date')

export const workingDaysRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  // Multipart forms (the bank holiday upload) arrive with their fields on the body, so the
  // CSRF check reads them like any other form.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: uploadLimit(MAX_HOLIDAY_FILE_BYTES), files: 1, fields: 10, fieldSize: 100_000 },
  })

  async function render(
    query: z.output<typeof pageQuery>,
    reply: FastifyReply,
    extra: { errors?: FieldErrors; values?: Record<string, unknown>; status?: number } = {},
  ) {
    const thisYear = yearOf(londonDateOf(clock.now()))
    const year = /^\d{4}$/.test(query.year ?? '') ? Number(query.year) : thisYear
    const [holidays, closures, imports, calendar, closuresExtendCodeClocks] = await Promise.all([
      services.calendar.bankHolidays(),
      services.calendar.closureDays(),
      services.calendar.imports(),
      services.calendar.landlord(),
      services.calendar.closuresExtendCodeClocks(),
    ])
    const years = [...new Set(holidays.items.map((h) => yearOf(h.date)))].filter(
      (y) => y >= thisYear - 3 && y <= thisYear + 5,
    )

    // "Work out a date" is a GET form, so its answer can be bookmarked and shared.
    let workedOut: { text: string; date: string } | undefined
    const errors: FieldErrors = { ...(extra.errors ?? {}) }
    if (query['from-day'] !== undefined || query.days !== undefined) {
      const from = dateFromFields(query, 'from', 'the start date')
      const days = Number(query.days)
      if (from.error) errors.from = from.error
      if (!/^\d{1,3}$/.test(query.days ?? '')) errors.days = 'Enter the number of working days, from 0 to 999'
      if (from.date && !errors.days) {
        try {
          const e = calendar.explainAddition(from.date, days)
          workedOut = { text: e.text, date: e.date }
        } catch (error) {
          try {
            calendarInputError(error)
          } catch (appError) {
            errors.from = (appError as Error).message
          }
        }
      }
    }
    return reply
      .code(extra.status ?? (Object.keys(errors).length ? 422 : 200))
      .view('staff/settings/working-days.njk', {
        errors: Object.keys(errors).length ? errors : undefined,
        year,
        years,
        holidays: holidays.items.filter((h) => yearOf(h.date) === year),
        source: holidays.source,
        updatedAt: holidays.updatedAt,
        closures,
        closuresExtendCodeClocks,
        today: londonDateOf(clock.now()),
        imports: imports.slice(0, 10),
        workedOut,
        fromItems: dateInputItems('from', dateParts(query, 'from'), Boolean(errors.from)),
        days: query.days ?? '',
        closureItems: dateInputItems(
          'closure',
          dateParts(extra.values as FormBody, 'closure'),
          Boolean(errors.closure),
        ),
        closureTitle: (extra.values as FormBody | undefined)?.title ?? '',
        notice: query.imported
          ? `Bank holidays loaded for ${query.imported}. Deadlines that depend on them have moved.`
          : query.closureAdded
            ? closuresExtendCodeClocks
              ? `${query.closureAdded} is now a closure day. The Code’s deadlines that run over it have moved; Awaab’s Law clocks have not.`
              : `${query.closureAdded} is now a closure day. No deadline has moved: closure days do not extend the Code’s clocks in your policy, and never Awaab’s Law’s.`
            : query.codeClocks
              ? query.codeClocks === 'on'
                ? 'Closure days now extend the Code’s clocks. Open complaints’ deadlines have been worked out again.'
                : 'Closure days no longer extend the Code’s clocks. Open complaints’ deadlines have been worked out again.'
              : query.closureRemoved
                ? `${query.closureRemoved} is no longer a closure day.`
                : undefined,
      })
  }

  app.get(BASE, { schema, preHandler: signedIn() }, (request, reply) => render(request.query, reply))

  app.post(
    `${BASE}/bank-holidays`,
    { schema, preHandler: signedIn('manageCalendar') },
    async (request, reply) => {
      const staff = currentStaff(request)
      const file = (request.body as FormBody | undefined)?.file
      const text = Buffer.isBuffer(file)
        ? checkUploadSize(file, MAX_HOLIDAY_FILE_BYTES).toString('utf8').trim()
        : ''
      if (!text) return render(request.query, reply, { errors: { file: 'Select a bank-holidays.json file' } })
      let document: unknown
      try {
        document = JSON.parse(text)
      } catch {
        return render(request.query, reply, {
          errors: { file: 'The selected file is not JSON; download bank-holidays.json from gov.uk' },
        })
      }
      let years: number[] = []
      const refused = await refusalOf(async () => {
        years = (
          await services.calendar.importBankHolidays(
            document,
            staff.id,
            'gov.uk bank-holidays.json, uploaded in the web app',
          )
        ).years
      })
      if (refused) return render(request.query, reply, { errors: { file: refused.message } })
      return reply.redirect(`${BASE}?imported=${encodeURIComponent(years.join(', '))}`, 303)
    },
  )

  app.post(
    `${BASE}/closure-days`,
    { schema, preHandler: signedIn('manageCalendar') },
    async (request, reply) => {
      const staff = currentStaff(request)
      const body = request.body as FormBody
      const errors: FieldErrors = {}
      const date = dateFromFields(body, 'closure', 'the closure date')
      if (date.error) errors.closure = date.error
      if (!field(body, 'title'))
        errors.title = 'Enter why the office is closed, for example ‘Christmas shutdown’'
      if (date.date && !errors.title) {
        const day = date.date
        const refused = await refusalOf(
          () => services.calendar.addClosureDay({ date: day, title: field(body, 'title') }, staff.id),
          (status) => status < 500,
        )
        if (!refused) return reply.redirect(`${BASE}?closureAdded=${day}`, 303)
        errors.closure = refused.message
      }
      return render(request.query, reply, { errors, values: body })
    },
  )

  // Whether closure days extend the Code's clocks: the landlord's policy must say so (Code 5).
  app.post(
    `${BASE}/code-clocks`,
    { schema, preHandler: signedIn('manageCalendar') },
    async (request, reply) => {
      const body = request.body as FormBody
      const choice = field(body, 'closuresExtendCodeClocks')
      if (choice !== 'yes' && choice !== 'no')
        return render(request.query, reply, {
          errors: {
            closuresExtendCodeClocks: 'Choose whether closure days extend the Code’s clocks',
          },
        })
      await services.calendar.setClosuresExtendCodeClocks(choice === 'yes', currentStaff(request).id)
      return reply.redirect(`${BASE}?codeClocks=${choice === 'yes' ? 'on' : 'off'}`, 303)
    },
  )

  // Removing a closure day asks why: every calendar change is kept with who made it and why.
  const closureDay = async (date: string) => {
    const day = (await services.calendar.closureDays()).find((c) => c.date === date)
    if (!day) throw notFound('There is no such closure day')
    return day
  }
  app.get(
    `${BASE}/closure-days/:date/remove`,
    { schema: { hide: true, params: dateParams }, preHandler: signedIn('manageCalendar') },
    async (request, reply) => {
      const { date } = request.params
      return reply.view('staff/settings/closure-remove.njk', { day: await closureDay(date), reason: '' })
    },
  )
  app.post(
    `${BASE}/closure-days/:date/remove`,
    { schema: { hide: true, params: dateParams }, preHandler: signedIn('manageCalendar') },
    async (request, reply) => {
      const { date } = request.params
      const day = await closureDay(date)
      const reason = field(request.body as FormBody, 'reason')
      const errors = await refusals(
        () => services.calendar.removeClosureDay(date, currentStaff(request).id, reason),
        {
          fieldFor: { date: 'reason' },
          unnamed: 'reason',
        },
      )
      if (errors) return reply.code(422).view('staff/settings/closure-remove.njk', { day, reason, errors })
      return reply.redirect(`${BASE}?closureRemoved=${encodeURIComponent(date)}`, 303)
    },
  )
}
