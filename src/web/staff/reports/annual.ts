import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { reportedEntity } from '../../../domain/entities/access.js'
import { annualSections } from '../../../domain/reports/annualReport.js'
import type { ReportBlock } from '../../../domain/reports/reportDocument.js'
import { reportingYearOf, yearLabel } from '../../../domain/reports/reportingYear.js'
import { AppError } from '../../../errors.js'
import { reportingYearAsked } from '../../../services/governanceRecords.js'
import { sendDocument } from '../../documents.js'
import { fieldErrorsOf, refusalOf } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { pathParams, queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { withChartsDrawn } from './charts.js'
import { tsmEntityChoice } from './viewModel.js'
import { yearAsked } from './yearAsked.js'

const formats = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
} as const

/** The blocks under each level-2 heading: one run for each part (a) to (f) of the report. */
const partsOf = (blocks: ReportBlock[]) => {
  const parts: ReportBlock[][] = []
  for (const b of blocks)
    if (b.kind === 'heading' && b.level === 2) parts.push([])
    else parts[parts.length - 1]?.push(b)
  return parts
}

/**
 * Code 8.1, 8.2: the annual complaints performance and service improvement report: each part
 * drafted from the year's records with the landlord's commentary, the governing body's response
 * and approval, and published versions as PDF, Word and a web page.
 */
const yearParams = pathParams('year')

export const annualReportRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (
  app,
  { services, clock },
) => {
  /** The year asked for, or the latest with complaints in it (a newcomer sees figures). */
  const reportYear = (asked: unknown) => yearAsked(asked, services.tsm.latestYearWithData)

  const render = async (
    reply: FastifyReply,
    year: number,
    /** The notice after a change (`?done=`); none when a change is refused. */
    notice: string | undefined,
    failed?: { errors?: FieldErrors; problem?: string; body?: FormBody; section?: string },
    entityAsked?: string,
    /** Issue 34: a person limited to one entity, offered no other landlord's draft. */
    limited = false,
  ) => {
    const { entityId, entities } = await entityOf(entityAsked)
    const v = await services.annualReport.view(year, entityId)
    const parts = partsOf(v.document.blocks)
    const today = londonDateOf(clock.now())
    const current = reportingYearOf(today)
    const choice = tsmEntityChoice(entities, entityId, limited)
    return reply.code(failed ? (failed.problem ? 409 : 422) : 200).view('staff/reports/annual.njk', {
      ...choice,
      /** Issue 34: one landlord's draft; commentary, approval and publication are the group's. */
      oneLandlord: entities.length > 1 && entityId !== undefined,
      draftQuery: `year=${year}${choice.entityParam}`,
      year,
      yearLabel: yearLabel(year),
      v,
      approvedOn: v.report.approval ? londonDateOf(v.report.approval.at) : undefined,
      versions: v.versions.map((x) => ({
        ...x,
        on: londonDateOf(x.publishedAt),
        withResponse: v.report.published.some((p) => p.version === Number(x.version) && p.response),
      })),
      sections: annualSections.map((s, i) => ({
        ...s,
        blocks: s.key === 'response' ? v.responseDocument.blocks : withChartsDrawn(parts[i] ?? []),
        commentary:
          failed?.section === s.key && failed.body
            ? field(failed.body, 'commentary')
            : (v.report.commentary[s.key] ?? ''),
      })),
      response:
        failed?.section === 'response' && failed.body
          ? field(failed.body, 'response')
          : (v.report.response ?? ''),
      publication:
        (failed?.section === 'publications' || failed?.section === 'ombudsman_annual') && failed.body
          ? failed.body
          : {},
      errors: failed?.errors,
      errorSection: failed?.section,
      problem: failed?.problem,
      notice,
      yearItems: Array.from({ length: 6 }, (_, i) => current - i).map((y) => ({
        value: String(y),
        text: yearLabel(y),
        selected: y === year,
      })),
    })
  }

  /**
   * Issue 34: the landlord entity a draft is for (`?entity=`), or the group's with none, as on
   * the TSM page; with only one entity there is no choice.
   */
  const entityOf = async (asked: string | undefined) => {
    const entities = await services.entities.list()
    return { entityId: asked || undefined, entities }
  }

  /** Runs a change; a rule broken re-shows the page with the message, an action not allowed now says why. */
  const change = async (
    request: FastifyRequest,
    reply: FastifyReply,
    yearAsked: string,
    section: string,
    run: (year: number, body: FormBody) => Promise<unknown>,
    done: string,
  ) => {
    const year = reportingYearAsked(yearAsked)
    const body = (request.body ?? {}) as FormBody
    const refused = await refusalOf(() => run(year, body), [409, 422])
    if (refused?.status === 409)
      return render(reply, year, undefined, { problem: refused.message, body, section })
    if (refused)
      return render(reply, year, undefined, {
        errors: fieldErrorsOf(refused, { fieldFor: { commentary: `commentary-${section}` } }),
        body,
        section,
      })
    return reply.redirect(`/reports/annual?year=${year}&done=${done}#${section}`, 303)
  }

  app.get(
    '/reports/annual',
    {
      schema: { hide: true, querystring: queryText('year', 'done', 'entity') },
      preHandler: signedIn('readReports'),
    },
    async (request, reply) =>
      render(
        reply,
        await reportYear(request.query.year),
        request.query.done,
        undefined,
        reportedEntity(request.staff, request.query.entity),
        request.staff?.entityId != null,
      ),
  )

  // Issue 34: the draft as it reads now, the group's or one landlord's, to print or share.
  for (const format of ['pdf', 'docx'] as const)
    app.get(
      `/reports/annual/draft.${format}`,
      {
        schema: { hide: true, querystring: queryText('year', 'entity') },
        preHandler: signedIn('readReports'),
      },
      async (request, reply) => {
        const year = reportingYearAsked(request.query.year)
        const f = await services.annualReport.draftFile(
          year,
          format,
          reportedEntity(request.staff, request.query.entity),
        )
        return sendDocument(reply, {
          filename: `annual-complaints-report-${year}-draft.${format}`,
          contentType: formats[format],
          content: typeof f.content === 'string' ? Buffer.from(f.content) : f.content,
        })
      },
    )

  app.post(
    '/reports/annual/:year/commentary',
    { schema: { hide: true, params: yearParams }, preHandler: signedIn('manageReports') },
    (request, reply) => {
      const section = field((request.body ?? {}) as FormBody, 'section')
      return change(
        request,
        reply,
        request.params.year,
        section,
        (year, body) =>
          services.annualReport.setCommentary(
            year,
            section,
            field(body, 'commentary'),
            currentStaff(request),
          ),
        'commentary',
      )
    },
  )

  app.post(
    '/reports/annual/:year/publications',
    { schema: { hide: true, params: yearParams }, preHandler: signedIn('manageReports') },
    (request, reply) => {
      // Code 8.1(e) or (f): the form of the part it was added on shows any problem.
      const part = field((request.body ?? {}) as FormBody, 'part')
      return change(
        request,
        reply,
        request.params.year,
        part === 'e' ? 'ombudsman_annual' : 'publications',
        (year, body) =>
          services.annualReport.addPublication(
            year,
            { title: field(body, 'title'), url: field(body, 'url'), note: field(body, 'note'), part },
            currentStaff(request),
          ),
        'publication',
      )
    },
  )

  app.post(
    '/reports/annual/:year/publications/:id/remove',
    { schema: { hide: true, params: pathParams('year', 'id') }, preHandler: signedIn('manageReports') },
    (request, reply) =>
      change(
        request,
        reply,
        request.params.year,
        'publications',
        (year) => services.annualReport.removePublication(year, request.params.id, currentStaff(request)),
        'removed',
      ),
  )

  app.post(
    '/reports/annual/:year/response',
    { schema: { hide: true, params: yearParams }, preHandler: signedIn('respondToReports') },
    (request, reply) =>
      change(
        request,
        reply,
        request.params.year,
        'response',
        (year, body) =>
          services.annualReport.setResponse(year, field(body, 'response'), currentStaff(request)),
        'response',
      ),
  )

  app.post(
    '/reports/annual/:year/approve',
    { schema: { hide: true, params: yearParams }, preHandler: signedIn('approveReports') },
    (request, reply) =>
      change(
        request,
        reply,
        request.params.year,
        'approval',
        (year) => services.annualReport.approve(year, currentStaff(request)),
        'approved',
      ),
  )

  app.post(
    '/reports/annual/:year/publish',
    { schema: { hide: true, params: yearParams }, preHandler: signedIn('manageReports') },
    (request, reply) =>
      change(
        request,
        reply,
        request.params.year,
        'approval',
        (year, body) => services.annualReport.publish(year, currentStaff(request), field(body, 'reason')),
        'published',
      ),
  )

  app.get(
    '/reports/annual/:year/versions/:file',
    { schema: { hide: true, params: pathParams('year', 'file') }, preHandler: signedIn('readReports') },
    async (request, reply) => {
      const { file } = request.params
      const m = /^(\d{1,4})(-response)?\.(pdf|docx|html)$/.exec(file)
      if (!m) throw new AppError(404, 'not_found', 'There is no such published version of the annual report')
      const year = reportingYearAsked(request.params.year)
      const format = m[3] as keyof typeof formats
      // Code 8.2: the governing body's response is its own document, published beside the report.
      const f = m[2]
        ? await services.annualReport.responseFile(year, Number(m[1]), format)
        : await services.annualReport.file(year, Number(m[1]), format)
      return sendDocument(reply, {
        filename: `annual-complaints-report-${year}-version-${m[1]}${m[2] ?? ''}.${format}`,
        contentType: formats[format],
        content: typeof f.content === 'string' ? Buffer.from(f.content) : f.content,
      })
    },
  )
}
