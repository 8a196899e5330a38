import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { lastReportingYear } from '../../../domain/reports/reportingYear.js'
import { sendDocument } from '../../documents.js'
import { fieldErrorsOf, refusalOf } from '../../formErrors.js'
import type { FieldErrors, FormBody } from '../../forms.js'
import { doneQuery, pathParams } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { formField, submissionInput, submissionPage } from './viewModel.js'

const yearParams = pathParams('year')
const downloads = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

/**
 * The Housing Ombudsman's annual submission in the staff web app: a year's yes or no for every
 * provision from the approved self-assessment, the deadline and why, the form to record what was
 * submitted, and the submission as CSV or a workbook for the Ombudsman's form.
 */
export const annualSubmissionRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (
  app,
  { services, clock },
) => {
  const submissions = services.annualSubmission

  const page = async (
    reply: FastifyReply,
    year: string,
    options: { notice?: string; failed?: { body: FormBody; errors: FieldErrors }; status?: number } = {},
  ) =>
    reply.code(options.status ?? 200).view('staff/annual-submission/submission.njk', {
      ...submissionPage(await submissions.forYear(year), options.failed),
      notice: options.notice,
    })

  app.get(
    '/annual-submission',
    { schema: { hide: true }, preHandler: signedIn('readReports') },
    (_r, reply) => reply.redirect(`/annual-submission/${lastReportingYear(londonDateOf(clock.now()))}`, 303),
  )

  app.get(
    '/annual-submission/:year',
    {
      schema: { hide: true, params: yearParams, querystring: doneQuery },
      preHandler: signedIn('readReports'),
    },
    (request, reply) =>
      page(reply, request.params.year, {
        ...(request.query.done === 'recorded' ? { notice: 'The submission has been recorded.' } : {}),
      }),
  )

  app.post(
    '/annual-submission/:year',
    { schema: { hide: true, params: yearParams }, preHandler: signedIn('manageReports') },
    async (request, reply) => {
      const { year } = request.params
      const body = (request.body ?? {}) as FormBody
      const dateErrors: FieldErrors = {}
      const input = submissionInput(body, dateErrors)
      const version = Number(typeof body.version === 'string' ? body.version : Number.NaN)
      const refused = await refusalOf(
        () =>
          submissions.record(
            year,
            input,
            currentStaff(request),
            Number.isInteger(version) && version >= 0 ? version : undefined,
          ),
        [409, 422],
      )
      if (refused)
        return page(reply, year, {
          status: refused.status,
          failed: {
            body,
            errors:
              refused.status === 409
                ? { form: refused.message }
                : { ...fieldErrorsOf(refused, { fieldFor: formField }), ...dateErrors },
          },
        })
      return reply.redirect(`/annual-submission/${year}?done=recorded`, 303)
    },
  )

  app.get(
    '/annual-submission/:year/download',
    {
      schema: { hide: true, params: yearParams, querystring: z.object({ format: z.enum(['csv', 'xlsx']) }) },
      preHandler: signedIn('readReports'),
    },
    async (request, reply) => {
      const { format } = request.query
      const { year, content } = await submissions.export(request.params.year, format)
      return sendDocument(reply, {
        filename: `ombudsman-submission-${year}-${String(year + 1).slice(2)}.${format}`,
        contentType: downloads[format],
        content,
      })
    },
  )
}
