import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { type CalendarDate, isCalendarDate, londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { listedEntity } from '../../../domain/entities/access.js'
import type { Calculation } from '../../../domain/remedies/calculator.js'
import type { GuidanceInput } from '../../../domain/remedies/guidance.js'
import { definedSums } from '../../../domain/remedies/ruleSets.js'
import {
  registerCursorKeys,
  registerCursorLength,
  registerCursorOf,
} from '../../../services/remedies/register.js'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { keysFromCursor, pageCursor } from '../../pagination.js'
import { queryText, textValuesQuery } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { downloadLinks, listDownloads } from '../listDownloads.js'
import { remediesDownload } from './download.js'
import {
  calculatorFieldFor,
  calculatorInput,
  calculatorPage,
  checkedOn,
  offerOf,
  poundsTyped,
  ratesPage,
} from './viewModel.js'

/** Band rows on the new-guidance form. */
const BAND_ROWS = 6

const pounds = (text: string) => {
  const t = text.replace(/^£/, '').replace(/,/g, '')
  return t === '' ? undefined : /^\d{1,7}(\.\d{1,2})?$/.test(t) ? Number(t) : Number.NaN
}

/** Code 7.1–7.4: the remedy register across every complaint, and the compensation guidance. */
export const remediesRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  await app.register(listDownloads(clock, remediesDownload(services)))
  app.get(
    '/remedies',
    { schema: { hide: true, querystring: queryText('show', 'after') }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const query = request.query
      const all = query.show === 'all'
      const register = await services.remedies.register({
        owed: !all,
        after: registerCursorOf(keysFromCursor(query.after, registerCursorLength)),
        entityId: listedEntity(request.staff),
      })
      const pageHref = (after?: string) => {
        const q = new URLSearchParams({ ...(all ? { show: 'all' } : {}), ...(after ? { after } : {}) })
        return `/remedies${q.size ? `?${q}` : ''}`
      }
      return reply.view('staff/remedies/register.njk', {
        register,
        all,
        downloads: downloadLinks('/remedies', all ? { show: 'all' } : {}),
        pagination:
          register.next || !register.first
            ? {
                ...(register.first ? {} : { previous: { href: pageHref(), text: 'First page' } }),
                ...(register.next
                  ? {
                      next: { href: pageHref(pageCursor(registerCursorKeys(register.next))) },
                    }
                  : {}),
              }
            : undefined,
      })
    },
  )

  async function renderGuidance(reply: FastifyReply, body?: FormBody, errors?: FieldErrors) {
    const { sets, inForce } = await services.remedies.guidance()
    return reply.view('staff/remedies/guidance.njk', {
      sets,
      inForceId: inForce?.id,
      values: {
        title: body ? field(body, 'title') : '',
        source: body ? field(body, 'source') : '',
        effectiveFrom: body ? field(body, 'effectiveFrom') : '',
        note: body ? field(body, 'note') : '',
      },
      bandRows: Array.from({ length: BAND_ROWS }, (_, i) => ({
        i,
        min: body ? field(body, `band-${i}-min`) : '',
        max: body ? field(body, `band-${i}-max`) : '',
        label: body ? field(body, `band-${i}-label`) : '',
        description: body ? field(body, `band-${i}-description`) : '',
      })),
      errors,
    })
  }

  app.get(
    '/settings/compensation',
    { schema: { hide: true }, preHandler: signedIn('viewCases') },
    async (_request, reply) => renderGuidance(reply),
  )

  app.post(
    '/settings/compensation',
    { schema: { hide: true }, preHandler: signedIn('managePolicy') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const errors: FieldErrors = {}
      const bands: GuidanceInput['bands'] = []
      for (let i = 0; i < BAND_ROWS; i++) {
        const min = pounds(field(body, `band-${i}-min`))
        const max = pounds(field(body, `band-${i}-max`))
        if (Number.isNaN(min))
          errors[`band-${i}-min`] = `Band ${i + 1}: enter the lowest amount in pounds, for example 100`
        if (Number.isNaN(max))
          errors[`band-${i}-max`] = `Band ${i + 1}: enter the highest amount in pounds, or leave it blank`
        bands.push({
          min,
          max,
          label: field(body, `band-${i}-label`),
          description: field(body, `band-${i}-description`),
        })
      }
      if (Object.keys(errors).length) return renderGuidance(reply, body, errors)
      // Blank rows in between are skipped, so the numbering the rules use is the rows given.
      const given = bands
        .map((b, i) => ({ b, i }))
        .filter(({ b }) => b.label || b.description || b.min !== undefined || b.max !== undefined)
      const refused = await refusals(
        () =>
          services.remedies.addGuidance(
            {
              title: field(body, 'title'),
              source: field(body, 'source'),
              effectiveFrom: field(body, 'effectiveFrom'),
              note: field(body, 'note'),
              bands: given.map(({ b }) => b),
            },
            currentStaff(request),
          ),
        {
          // A band's field, on the row of the form it was typed in.
          fieldFor: (name) => {
            const m = /^bands\.(\d+)\.(\w+)$/.exec(name)
            return m
              ? `band-${given[Number(m[1])]?.i ?? 0}-${m[2]}`
              : name === 'bands'
                ? 'band-0-label'
                : name
          },
          unnamed: 'title',
        },
      )
      if (refused) return renderGuidance(reply, body, refused)
      return reply.redirect('/settings/compensation?added=1', 303)
    },
  )

  /**
   * Code 7.4: the remedy calculator, a GET form that shows the page again with the result. For a
   * complaint (`?complaint=`), the guidance is the one in force on its response's date (today, if
   * not yet responded) and the offer is its response's; otherwise on the date given.
   */
  app.get(
    '/remedies/calculator',
    { schema: { hide: true, querystring: textValuesQuery }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const query = request.query as FormBody
      const complaintId = field(query, 'complaint')
      const complaint = complaintId
        ? (await services.complaints.view(complaintId, currentStaff(request).role)).complaint
        : undefined
      const today = londonDateOf(clock.now())
      const errors: FieldErrors = {}
      let asked: CalendarDate | undefined
      if (!complaint && (field(query, 'on-day') || field(query, 'on-month') || field(query, 'on-year'))) {
        const date = `${field(query, 'on-year')}-${field(query, 'on-month').padStart(2, '0')}-${field(query, 'on-day').padStart(2, '0')}`
        if (/^\d{4}-\d{2}-\d{2}$/.test(date) && isCalendarDate(date)) asked = date
        else errors.on = 'The date of the response must be a real date, with a day, month and year'
      }
      const on = checkedOn(complaint, today, asked)
      const read = calculatorInput(query, on.on)
      Object.assign(errors, read.errors)
      let calculation: Calculation | undefined
      if (field(query, 'calculate') && !Object.keys(errors).length) {
        const refused = await refusals(
          async () => {
            calculation = await services.remedies.calculate(read.input)
          },
          { fieldFor: calculatorFieldFor, unnamed: 'on' },
        )
        if (refused) Object.assign(errors, refused)
      }
      const g = await services.remedies.remedyGuidance(on.on)
      const offer = offerOf(complaint)
      return reply.view(
        'staff/remedies/calculator.njk',
        calculatorPage({
          on,
          ...(complaint ? { complaint: { id: complaint.id, reference: complaint.reference } } : {}),
          ruleSet: g.ruleSet,
          landlordRates: g.landlordRates,
          query,
          ...(offer !== undefined ? { offer } : {}),
          ...(calculation ? { calculation } : {}),
          ...(Object.keys(errors).length ? { errors } : {}),
        }),
      )
    },
  )

  async function renderRates(reply: FastifyReply, body?: FormBody, errors?: FieldErrors) {
    const g = await services.remedies.remedyGuidance()
    return reply.view(
      'staff/remedies/rates.njk',
      ratesPage({
        versions: g.versions,
        inForceId: g.landlordRates?.id,
        ruleSet: g.ruleSet,
        ...(body ? { body } : {}),
        ...(errors ? { errors } : {}),
      }),
    )
  }

  app.get(
    '/settings/compensation-rates',
    { schema: { hide: true }, preHandler: signedIn('viewCases') },
    async (_request, reply) => renderRates(reply),
  )

  app.post(
    '/settings/compensation-rates',
    { schema: { hide: true }, preHandler: signedIn('manageCompensationRates') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const errors: FieldErrors = {}
      const rates: Partial<Record<(typeof definedSums)[number], number>> = {}
      for (const k of definedSums) {
        const rate = poundsTyped(field(body, k))
        if (Number.isNaN(rate))
          errors[k] = 'Enter the rate in pounds, for example 20 or 12.50, or leave it blank'
        else if (rate !== undefined) rates[k] = rate
      }
      const [day, month, year] = ['day', 'month', 'year'].map((p) => field(body, `effectiveFrom-${p}`))
      const effectiveFrom =
        day || month || year
          ? `${year}-${(month ?? '').padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`
          : ''
      if (Object.keys(errors).length) return renderRates(reply, body, errors)
      const refused = await refusals(
        () =>
          services.remedies.addLandlordRates(
            { source: field(body, 'source'), effectiveFrom, note: field(body, 'note'), rates },
            currentStaff(request),
          ),
        {
          fieldFor: (name) => name.replace(/^rates\.(\w+)$/, '$1').replace(/^rates$/, 'lossOfHeating'),
          unnamed: 'source',
        },
      )
      if (refused) return renderRates(reply, body, refused)
      return reply.redirect('/settings/compensation-rates?added=1', 303)
    },
  )
}
