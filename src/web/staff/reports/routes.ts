import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import { londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { type ComplaintState, stateLabels, tenureLabels } from '../../../domain/complaints/vocabulary.js'
import { reportedEntity } from '../../../domain/entities/access.js'
import { type Period, periodOf, previousPeriod } from '../../../domain/reports/boardPack.js'
import { describeFilter, filterOf, filterQuery } from '../../../domain/reports/factCounts.js'
import { lastReportingYear, yearLabel } from '../../../domain/reports/reportingYear.js'
import { itemsBehind, tsmRows, whyNoFigure } from '../../../domain/reports/tsmReturn.js'
import { reportingYearAsked } from '../../../services/governanceRecords.js'
import { tsmCsv, tsmXlsx } from '../../../services/reports/tsmExport.js'
import { sendDocument } from '../../documents.js'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { pageAsked, paginationFor } from '../../pagination.js'
import { queryText, textValuesQuery } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { withChartsDrawn } from './charts.js'
import { entityParam, periodChoices, tsmEntityChoice, tsmPage } from './viewModel.js'
import { yearAsked } from './yearAsked.js'

/** The TSM year asked for (`?year=`), and the notice after a save. */
const tsmQuery = queryText('year', 'done', 'entity')
const tsmSchema = { hide: true, querystring: tsmQuery }
/** The board pack's period: a month, quarter or year (`?period=`), or two dates. */
const periodQuery = queryText('period', 'from', 'to')

/**
 * The governance reports in the staff web app: their index, the board pack and the Tenant
 * Satisfaction Measures (the annual report is in annual.ts).
 */
export const reportRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  /** The year asked for, or the latest with complaints in it (a newcomer sees figures). */
  const yearOf = (year: string | undefined) => yearAsked(year, services.tsm.latestYearWithData)

  const render = async (
    request: FastifyRequest,
    query: z.output<typeof tsmQuery>,
    reply: FastifyReply,
    year: number,
    body?: FormBody,
    errors?: FieldErrors,
  ) => {
    const { entityId, entities } = await entityOf(request, query.entity)
    const t = await services.tsm.tsm(year, undefined, entityId)
    const current = lastReportingYear(londonDateOf(clock.now()))
    return reply.code(errors ? 422 : 200).view('staff/reports/tsm.njk', {
      ...tsmPage(t, year, current, { body, errors, done: query.done }),
      ...tsmEntityChoice(entities, entityId, request.staff?.entityId != null),
    })
  }

  /**
   * Issue 34: the landlord entity a TSM page is for (`?entity=`), or the group's with none; with
   * only one entity there is no choice, and its figures are the group's. A person limited to one
   * entity is given its figures, whatever was asked (`reportedEntity`).
   */
  const entityOf = async (request: FastifyRequest, asked: string | undefined) => {
    const entities = await services.entities.list()
    const only = entities.length === 1 ? entities[0]?.id : undefined
    return { entityId: reportedEntity(request.staff, asked) || only || undefined, entities }
  }

  app.get('/reports', { schema: { hide: true }, preHandler: signedIn('readReports') }, (_request, reply) =>
    reply.view('staff/reports/index.njk', {}),
  )

  // The board and MRC pack (Code 9.6, 9.7): a month, a quarter, a financial year or two dates.
  const askedPeriod = (q: z.output<typeof periodQuery>) => {
    const choices = periodChoices(londonDateOf(clock.now()))
    return { asked: periodOf(q), q, choices, fallback: periodOf({ period: choices[0]?.value }) as Period }
  }

  app.get(
    '/reports/board',
    { schema: { hide: true, querystring: periodQuery }, preHandler: signedIn('readReports') },
    async (request, reply) => {
      const { asked, q, choices, fallback } = askedPeriod(request.query)
      const period = asked ?? fallback
      const doc = await services.boardPack.document(period)
      const ok = Boolean(asked || (!q.period && !q.from && !q.to))
      return reply.code(ok ? 200 : 422).view('staff/reports/board.njk', {
        doc: {
          ...doc,
          blocks: withChartsDrawn(doc.blocks),
        },
        period,
        before: previousPeriod(period),
        problem: ok
          ? undefined
          : 'Choose a period from the list, or give two dates as YYYY-MM-DD, the first not after the second',
        query: new URLSearchParams(
          asked && q.period ? { period: q.period } : { from: period.from, to: period.to },
        ).toString(),
        periodItems: choices.map((c) => ({ ...c, selected: c.value === q.period })),
        from: q.from ?? '',
        to: q.to ?? '',
      })
    },
  )

  app.get(
    '/reports/board/complaints',
    { schema: { hide: true, querystring: textValuesQuery }, preHandler: signedIn('readReports') },
    async (request, reply) => {
      const q = request.query
      const period = periodOf({ from: q.from, to: q.to })
      const filter = filterOf(q)
      if (!period || !filter) return reply.redirect('/reports/board', 303)
      const page = pageAsked(q.page)
      const found = await services.boardPack.complaintsBehind(period, filter, page)
      const link = (n: number) =>
        `/reports/board/complaints?from=${period.from}&to=${period.to}&${filterQuery(filter)}&page=${n}`
      return reply.view('staff/reports/board-complaints.njk', {
        from: period.from,
        to: period.to,
        what: describeFilter(filter),
        total: found.total,
        rows: found.rows.map((r) => ({
          ...r,
          stateLabel: stateLabels[r.state as ComplaintState] ?? r.state,
        })),
        pagination: paginationFor(found.total, found.pageSize, page, link),
      })
    },
  )

  /** The pack as a file: a PDF for board papers, a Word document, or a workbook (each table a sheet). */
  const packFiles = {
    pdf: { contentType: 'application/pdf', make: services.boardPack.pdf },
    docx: {
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      make: services.boardPack.word,
    },
    xlsx: {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      make: services.boardPack.workbook,
    },
  } as const
  for (const [format, file] of Object.entries(packFiles))
    app.get(
      `/reports/board.${format}`,
      { schema: { hide: true, querystring: periodQuery }, preHandler: signedIn('readReports') },
      async (request, reply) => {
        const { asked, fallback } = askedPeriod(request.query)
        const period = asked ?? fallback
        return sendDocument(reply, {
          filename: `board-pack-${period.from}-to-${period.to}.${format}`,
          contentType: file.contentType,
          content: await file.make(period, currentStaff(request).id),
        })
      },
    )

  app.get(
    '/reports/tsm',
    { schema: tsmSchema, preHandler: signedIn('readReports') },
    async (request, reply) => render(request, request.query, reply, await yearOf(request.query.year)),
  )

  app.post(
    '/reports/tsm/homes',
    { schema: tsmSchema, preHandler: signedIn('manageReports') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const year = reportingYearAsked(field(body, 'year'))
      const query = { ...request.query, entity: field(body, 'entity') || undefined }
      const { entityId } = await entityOf(request, query.entity)
      if (!entityId)
        return render(request, query, reply, year, body, {
          entity: 'Choose the landlord whose homes these are',
        })
      const whole = (name: string) =>
        /^\d{1,8}$/.test(field(body, name).replace(/,/g, ''))
          ? Number(field(body, name).replace(/,/g, ''))
          : Number.NaN
      const errors: FieldErrors = {}
      for (const k of ['lcra', 'lcho'])
        if (Number.isNaN(whole(k)))
          errors[k] = `Enter the number of ${k.toUpperCase()} homes as a whole number, for example 12500`
      if (Object.keys(errors).length) return render(request, query, reply, year, body, errors)
      const refused = await refusals(() =>
        services.tsm.recordHomes(
          year,
          { lcra: whole('lcra'), lcho: whole('lcho') },
          currentStaff(request),
          entityId,
        ),
      )
      if (refused) return render(request, query, reply, year, body, refused)
      return reply.redirect(`/reports/tsm?year=${year}${entityParam(entityId)}&done=homes`, 303)
    },
  )

  app.get(
    '/reports/tsm/complaints',
    {
      schema: { hide: true, querystring: queryText('year', 'tenure', 'measure', 'page', 'entity') },
      preHandler: signedIn('readReports'),
    },
    async (request, reply) => {
      const q = request.query
      const tenure = (['lcra', 'lcho'] as const).find((x) => x === q.tenure)
      const row = tsmRows.find((r) => r.key === q.measure && itemsBehind[r.key])
      const year = await yearOf(q.year)
      if (!tenure || !row) return reply.redirect(`/reports/tsm?year=${year}${entityParam(q.entity)}`, 303)
      const { entityId } = await entityOf(request, q.entity)
      const behind = itemsBehind[row.key] as NonNullable<(typeof itemsBehind)[typeof row.key]>
      const page = pageAsked(q.page)
      const [t, found] = await Promise.all([
        services.tsm.tsm(year, undefined, entityId),
        services.tsm.items(year, { ...behind, tenure, page }, entityId),
      ])
      const link = (n: number) =>
        `/reports/tsm/complaints?year=${year}&tenure=${tenure}&measure=${row.key}&page=${n}${entityParam(q.entity)}`
      return reply.view('staff/reports/tsm-complaints.njk', {
        t,
        row,
        tenureLabel: tenureLabels[tenure],
        value: t[tenure][row.key],
        noFigure: whyNoFigure(row.key),
        items: found.items,
        total: found.total,
        pagination: paginationFor(found.total, found.pageSize, page, link),
      })
    },
  )

  for (const format of ['csv', 'xlsx'] as const)
    app.get(
      `/reports/tsm.${format}`,
      { schema: tsmSchema, preHandler: signedIn('readReports') },
      async (request, reply) => {
        const { entityId, entities } = await entityOf(request, request.query.entity)
        const t = await services.tsm.tsm(await yearOf(request.query.year), undefined, entityId)
        // Issue 34: one registered provider's return names it; the group's is the group's.
        const entity = entities.length > 1 ? entities.find((e) => e.id === entityId) : undefined
        const landlord = entity ? { name: entity.displayName, rpNumber: entity.rpNumber } : undefined
        const name = `tsm-ch01-ch02-${yearLabel(t.year).replace('/', '-')}${entity?.rpNumber ? `-${entity.rpNumber}` : ''}.${format}`
        return format === 'csv'
          ? sendDocument(reply, {
              filename: name,
              contentType: 'text/csv; charset=utf-8',
              content: Buffer.from(tsmCsv(t, landlord)),
            })
          : sendDocument(reply, {
              filename: name,
              contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              content: tsmXlsx(t, services.tsm.itemBatches(t.year, entityId), landlord),
            })
      },
    )
}
