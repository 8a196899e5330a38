import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { tenureLabels } from '../../../domain/complaints/vocabulary.js'
import type { TsmMeasures } from '../../../domain/reports/tsm.js'
import { itemsBehind, tsmRows, tsmRules } from '../../../domain/reports/tsmReturn.js'
import { tsmCsv, tsmXlsx } from '../../../services/reports/tsmExport.js'
import { sendDocument } from '../../documents.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { saved } from '../recordForms.js'

/** The reporting year just ended (1 April to 31 March), which is the one a return is made for. */
const lastYear = (today: string) => Number(today.slice(0, 4)) - (today.slice(5) >= '04-01' ? 1 : 2)

/** The governance reports in the staff web app: so far the Tenant Satisfaction Measures. */
export const reportRoutes: FastifyPluginAsync<StaffWebOptions> = async (app, { services, clock }) => {
  const yearOf = (request: FastifyRequest) => {
    const asked = Number((request.query as { year?: string }).year)
    return Number.isInteger(asked) && asked >= 2000 && asked <= 2100
      ? asked
      : lastYear(londonDateOf(clock.now()))
  }

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    body?: FormBody,
    errors?: FieldErrors,
  ) => {
    const year = body ? Number(field(body, 'year')) || yearOf(request) : yearOf(request)
    const t = await services.tsm.tsm(year)
    const current = lastYear(londonDateOf(clock.now()))
    return reply.code(errors ? 422 : 200).view('staff/reports/tsm.njk', {
      t,
      yearLabel: `${year}/${String(year + 1).slice(2)}`,
      rows: tsmRows.map((r) => ({ ...r, drill: Boolean(itemsBehind[r.key]) })),
      rules: tsmRules,
      yearItems: Array.from({ length: 8 }, (_, i) => current + 1 - i).map((y) => ({
        value: String(y),
        text: `${y}/${String(y + 1).slice(2)} (1 April ${y} to 31 March ${y + 1})`,
        selected: y === year,
      })),
      homes: {
        lcra: body ? field(body, 'lcra') : t.lcra.homes === null ? '' : String(t.lcra.homes),
        lcho: body ? field(body, 'lcho') : t.lcho.homes === null ? '' : String(t.lcho.homes),
      },
      errors,
      notice: (request.query as { done?: string }).done
        ? 'Homes owned recorded; the measures below use them.'
        : undefined,
    })
  }

  app.get('/reports', { schema: { hide: true }, preHandler: signedIn('readReports') }, (_request, reply) =>
    reply.view('staff/reports/index.njk', {}),
  )

  app.get('/reports/tsm', { schema: { hide: true }, preHandler: signedIn('readReports') }, (request, reply) =>
    render(request, reply),
  )

  app.post(
    '/reports/tsm/homes',
    { schema: { hide: true }, preHandler: signedIn('manageReports') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const year = Number(field(body, 'year'))
      const whole = (name: string) =>
        /^\d{1,8}$/.test(field(body, name).replace(/,/g, ''))
          ? Number(field(body, name).replace(/,/g, ''))
          : Number.NaN
      const errors: FieldErrors = {}
      for (const k of ['lcra', 'lcho'])
        if (Number.isNaN(whole(k)))
          errors[k] = `Enter the number of ${k.toUpperCase()} homes as a whole number, for example 12500`
      if (Object.keys(errors).length) return render(request, reply, body, errors)
      const failed = await saved(
        () =>
          services.tsm.recordHomes(year, { lcra: whole('lcra'), lcho: whole('lcho') }, currentStaff(request)),
        (e) => render(request, reply, body, e),
      )
      if (failed) return failed
      return reply.redirect(`/reports/tsm?year=${year}&done=homes`, 303)
    },
  )

  app.get(
    '/reports/tsm/complaints',
    { schema: { hide: true }, preHandler: signedIn('readReports') },
    async (request, reply) => {
      const q = request.query as { tenure?: string; measure?: string }
      const tenure = (['lcra', 'lcho'] as const).find((x) => x === q.tenure)
      const row = tsmRows.find((r) => r.key === q.measure && itemsBehind[r.key])
      const year = yearOf(request)
      if (!tenure || !row) return reply.redirect(`/reports/tsm?year=${year}`, 303)
      const t = await services.tsm.tsm(year)
      const pick = itemsBehind[row.key as keyof TsmMeasures] as (i: (typeof t.items)[number]) => boolean
      return reply.view('staff/reports/tsm-complaints.njk', {
        t,
        row,
        tenureLabel: tenureLabels[tenure],
        value: t[tenure][row.key],
        items: t.items.filter((i) => i.tenure === tenure && pick(i)),
      })
    },
  )

  for (const format of ['csv', 'xlsx'] as const)
    app.get(
      `/reports/tsm.${format}`,
      { schema: { hide: true }, preHandler: signedIn('readReports') },
      async (request, reply) => {
        const t = await services.tsm.tsm(yearOf(request))
        const name = `tsm-ch01-ch02-${t.year}-${String(t.year + 1).slice(2)}.${format}`
        return format === 'csv'
          ? sendDocument(reply, {
              filename: name,
              contentType: 'text/csv; charset=utf-8',
              content: Buffer.from(tsmCsv(t)),
            })
          : sendDocument(reply, {
              filename: name,
              contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              content: await tsmXlsx(t),
            })
      },
    )
}
