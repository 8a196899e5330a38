import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { periodOf, previousPeriod } from '../../../domain/reports/boardPack.js'
import { parseReportingYear, reportingYearOf } from '../../../domain/reports/reportingYear.js'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { doneQuery, queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { withChartsDrawn } from '../reports/charts.js'
import { periodChoices } from '../reports/viewModel.js'
import {
  commentForm,
  commentHref,
  panelHome,
  panelImprovementRows,
  panelSelfAssessment,
  panelThemeCharts,
} from './viewModel.js'

/** What a comment is about (`?about=board_pack&key=2025-Q3`). */
const subjectQuery = queryText('about', 'key')

const notices: Record<string, string> = {
  comment: 'Your comment is on the record. The complaints team will answer it here.',
  challenge: 'Your challenge is on the record. It stays open until the complaints team answers it.',
}

/**
 * Code 9.3: the residents' complaints or scrutiny panel's own pages. It reads anonymised
 * performance (no page here names a resident, opens a complaint or offers a document) and
 * records comments and challenges, which the complaints team answers on the record.
 */
export const panelRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  const panel = services.panel
  const preHandler = signedIn('scrutinise')
  const today = () => londonDateOf(clock.now())

  app.get(
    '/panel',
    { schema: { hide: true, querystring: doneQuery }, preHandler },
    async (request, reply) => {
      const now = today()
      const comments = await panel.recent()
      // The open challenges are listed in full even when older than the latest shown.
      const open = (await panel.awaitingAnswer()).filter((c) => !comments.some((x) => x.id === c.id))
      return reply.view(
        'staff/panel/home.njk',
        panelHome({
          today: now,
          currentYear: reportingYearOf(now),
          latestQuarter: periodChoices(now)[0],
          comments: [...open, ...comments],
          notice: notices[request.query.done ?? ''],
        }),
      )
    },
  )

  app.get(
    '/panel/performance',
    { schema: { hide: true, querystring: queryText('period') }, preHandler },
    async (request, reply) => {
      // A month, a quarter or a financial year, as the board pack offers them.
      const choices = periodChoices(today())
      const askedValue = request.query.period ?? ''
      const asked = askedValue ? periodOf({ period: askedValue }) : undefined
      const value = asked ? askedValue : (choices[0]?.value ?? '')
      const period = asked ?? periodOf({ period: value })
      if (!period) return reply.redirect('/panel', 303)
      const doc = await panel.performance(period, currentStaff(request))
      return reply.code(askedValue && !asked ? 422 : 200).view('staff/panel/performance.njk', {
        doc: { ...doc, blocks: withChartsDrawn(doc.blocks) },
        period,
        before: previousPeriod(period),
        problem: askedValue && !asked ? 'Choose a month, quarter or year from the list' : undefined,
        // A period asked for that the list does not offer (this month, so far) is offered too.
        periodItems: [
          ...(choices.some((c) => c.value === value) ? [] : [{ value, text: period.label }]),
          ...choices,
        ].map((c) => ({ ...c, selected: c.value === value })),
        commentHref: commentHref('board_pack', value),
      })
    },
  )

  app.get(
    '/panel/themes',
    { schema: { hide: true, querystring: queryText('months') }, preHandler },
    async (request, reply) => {
      const asked = Number(request.query.months)
      const months = [3, 6, 12, 24].includes(asked) ? asked : 12
      const t = await panel.themes(months, currentStaff(request))
      return reply.view('staff/panel/themes.njk', {
        period: t.period,
        computedAt: t.computedAt,
        charts: panelThemeCharts(t.charts),
        monthItems: [3, 6, 12, 24].map((m) => ({
          value: String(m),
          text: `The last ${m} months`,
          selected: m === months,
        })),
      })
    },
  )

  app.get('/panel/improvements', { schema: { hide: true }, preHandler }, async (request, reply) =>
    reply.view('staff/panel/improvements.njk', {
      items: panelImprovementRows(await panel.improvements(currentStaff(request))),
    }),
  )

  app.get(
    '/panel/self-assessment',
    { schema: { hide: true, querystring: queryText('year') }, preHandler },
    async (request, reply) => {
      const current = reportingYearOf(today())
      const asked = request.query.year ? parseReportingYear(request.query.year) : undefined
      const year = asked?.ok ? asked.year : current - 1
      const a = await panel.selfAssessment(year, currentStaff(request))
      return reply.code(asked && !asked.ok ? 422 : 200).view('staff/panel/self-assessment.njk', {
        ...panelSelfAssessment(a, current),
        problem: asked && !asked.ok ? asked.error : undefined,
      })
    },
  )

  app.get('/panel/policy', { schema: { hide: true }, preHandler }, async (request, reply) =>
    reply.view('staff/panel/policy.njk', {
      p: await panel.policy(currentStaff(request)),
      commentHref: commentHref('policy'),
    }),
  )

  const renderComment = async (
    request: FastifyRequest,
    reply: FastifyReply,
    about: string,
    key: string,
    body?: FormBody,
    errors?: FieldErrors,
  ) => {
    const label = await panel.subject(about, key, currentStaff(request))
    return reply
      .code(errors ? 422 : label ? 200 : 404)
      .view('staff/panel/comment.njk', commentForm({ about, key, label, body, errors }))
  }
  app.get(
    '/panel/comments/new',
    { schema: { hide: true, querystring: subjectQuery }, preHandler },
    (request, reply) => renderComment(request, reply, request.query.about ?? '', request.query.key ?? ''),
  )
  app.post('/panel/comments/new', { schema: { hide: true }, preHandler }, async (request, reply) => {
    const body = (request.body ?? {}) as FormBody
    const input = {
      about: field(body, 'about'),
      key: field(body, 'key'),
      kind: field(body, 'kind'),
      text: field(body, 'text'),
    }
    const errors = await refusals(() => panel.comment(input, currentStaff(request)))
    if (errors) return renderComment(request, reply, input.about, input.key, body, errors)
    return reply.redirect(`/panel?done=${input.kind}`, 303)
  })
}
