import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { addMonths, londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { tenureLabels } from '../../../domain/complaints/vocabulary.js'
import { listedEntity } from '../../../domain/entities/access.js'
import {
  ADJUSTMENT_REVIEW_MAX_MONTHS,
  RESTRICTION_MAX_MONTHS,
  RESTRICTION_REVIEW_MAX_MONTHS,
  vulnerabilityLabels,
} from '../../../domain/people/vocabulary.js'
import { adjustmentLabels } from '../../../domain/residents/needs.js'
import type { Permission } from '../../../domain/staff/roles.js'
import type { PersonStep } from '../../../services/people/people.js'
import { refusals } from '../../formErrors.js'
import { dateField, dateItems, type FieldErrors, type FormBody, field, partsOf } from '../../forms.js'
import { doneQuery, idParams, pathParams, queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { version as formVersion } from '../complaints/actions/form.js'
import { entityItems } from '../entities/viewModel.js'
import { downloadLinks, listDownloads } from '../listDownloads.js'
import { residentsDownload } from './download.js'
import { personPage, type StepDate, stepFormPage } from './viewModel.js'

type Body = FormBody
type Input = Record<string, string | string[] | undefined>
const strings = (body: Body, name: string) =>
  ([] as unknown[]).concat(body[name] ?? []).filter((v): v is string => typeof v === 'string')

/** Each change to a record: its path, template, title, the dates it asks, and its input from the form. */
type StepForm = {
  step: PersonStep
  path: string
  title: string
  template: string
  /** Date fields: name, label, optional, and the default (in months from today, or today). */
  dates?: StepDate[]
  input: (body: Body, dates: Record<string, string | undefined>) => Input
  done: string
}

const text = (body: Body, ...names: string[]) => Object.fromEntries(names.map((n) => [n, field(body, n)]))

const stepForms: StepForm[] = [
  {
    step: 'details',
    path: 'details',
    title: 'Change contact details and preferences',
    template: 'staff/people/details.njk',
    input: (body) =>
      text(
        body,
        'name',
        'email',
        'phone',
        'address',
        'postcode',
        'tenancyReference',
        'tenure',
        'entityId',
        'method',
        'format',
        'interpreterLanguage',
        'contactTimes',
      ),
    done: 'Contact details and preferences saved.',
  },
  {
    step: 'representative',
    path: 'representative',
    title: 'Add a representative',
    template: 'staff/people/representative.njk',
    dates: [
      { name: 'consentFrom', label: 'the date consent was given' },
      { name: 'consentUntil', label: 'the date consent ends', optional: true },
    ],
    input: (body, d) => ({ ...text(body, 'name', 'relationship', 'email', 'phone', 'consentHow'), ...d }),
    done: 'Representative added.',
  },
  {
    step: 'vulnerability',
    path: 'vulnerability',
    title: 'Record a disclosed vulnerability or disability',
    template: 'staff/people/vulnerability.njk',
    dates: [{ name: 'disclosedOn', label: 'the date it was disclosed' }],
    input: (body, d) => ({ ...text(body, 'kind', 'details'), ...d }),
    done: 'Vulnerability recorded. It is shown only to the roles that need it.',
  },
  {
    step: 'adjustment',
    path: 'adjustment',
    title: 'Agree a reasonable adjustment',
    template: 'staff/people/adjustment.njk',
    dates: [{ name: 'reviewOn', label: 'the review date', months: ADJUSTMENT_REVIEW_MAX_MONTHS }],
    input: (body, d) => ({ ...text(body, 'kind', 'details'), ...d }),
    done: 'Adjustment agreed, with its review date.',
  },
  {
    step: 'restriction',
    path: 'restriction',
    title: 'Restrict contact (Code 5.14)',
    template: 'staff/people/restriction.njk',
    dates: [
      { name: 'startsOn', label: 'the date it starts' },
      { name: 'reviewOn', label: 'the review date', months: RESTRICTION_REVIEW_MAX_MONTHS },
      { name: 'endsOn', label: 'the date it ends', months: RESTRICTION_MAX_MONTHS },
    ],
    input: (body, d) => ({
      ...text(body, 'behaviour', 'evidence', 'restriction', 'equalityConsideration'),
      scope: strings(body, 'scope'),
      ...d,
    }),
    done: 'Restriction recorded. Send the resident the letter below.',
  },
]

/**
 * Resident records in the staff web app: find a resident, see who they are across their
 * complaints, and change the record one step at a time. Vulnerabilities have their own page,
 * for the roles that need them, and every view of it is logged.
 */
export const peopleRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  await app.register(listDownloads(clock, residentsDownload(services)))
  const people = services.people
  const staffName = async () => new Map((await services.staffAccounts.list()).map((p) => [p.id, p.name]))

  app.get(
    '/residents',
    { schema: { hide: true, querystring: queryText('q') }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const q = (request.query.q ?? '').slice(0, 200)
      return reply.view('staff/people/search.njk', {
        q,
        rows: q.trim() ? await people.search(q, undefined, listedEntity(request.staff)) : [],
        downloads: downloadLinks('/residents', { q }),
        reviews: await people.reviewsDue(14, listedEntity(request.staff)),
        today: londonDateOf(clock.now()),
      })
    },
  )

  app.get(
    '/residents/:id',
    { schema: { hide: true, params: idParams, querystring: doneQuery }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const { id } = request.params
      const [v, entities] = await Promise.all([
        people.view(id, listedEntity(request.staff)),
        services.entities.list(),
      ])
      request.accessed = {
        kind: 'resident_record',
        what: `Resident record ${v.person.reference}`,
        personId: id,
      }
      const entityId = v.person.details.entityId
      return reply.view('staff/people/person.njk', {
        tenure: v.person.details.tenure ? tenureLabels[v.person.details.tenure] : 'Not known',
        // Issue 34: which landlord, when there is more than one.
        landlord:
          entities.length > 1
            ? (entities.find((e) => e.id === entityId) ?? entities.find((e) => e.isDefault))?.displayName
            : undefined,
        ...personPage(v, {
          staffNames: await staffName(),
          done: request.query.done,
          stepNotices: Object.fromEntries(stepForms.map((f) => [f.path, f.done])),
          mayApprove: currentStaff(request).permissions.approveRestrictions,
        }),
      })
    },
  )

  app.get(
    '/residents/:id/vulnerabilities',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('viewVulnerabilities') },
    async (request, reply) => {
      const { id } = request.params
      const staff = currentStaff(request)
      const referer = String(request.headers.referer ?? '')
      const fromCase = /\/complaints\/([0-9a-f-]{36})/.exec(referer)?.[1]
      const v = await people.vulnerabilities(
        id,
        staff,
        fromCase ? `opened from complaint ${fromCase}` : 'opened from the resident record',
      )
      return reply.view('staff/people/vulnerabilities.njk', {
        id,
        v,
        labels: vulnerabilityLabels,
        access: await people.sensitiveAccess(id, staff),
      })
    },
  )

  app.get(
    '/residents/:id/restrictions/:restrictionId/letter.pdf',
    { schema: { hide: true, params: pathParams('id', 'restrictionId') }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const { id, restrictionId } = request.params
      const { filename, pdf } = await people.restrictionLetter(id, restrictionId)
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(pdf)
    },
  )

  const londonToday = () => londonDateOf(clock.now())

  type Render<P> = (
    request: FastifyRequest,
    reply: FastifyReply,
    params: P,
    body?: Body,
    errors?: FieldErrors,
  ) => unknown
  /** A resident's record; on the pages about one entry on it, which (what kind, and its id). */
  const recordParams = z.object({
    id: z.string(),
    what: z.string().optional(),
    entryId: z.string().optional(),
  })
  type RecordParams = z.output<typeof recordParams>
  /**
   * A page with one form: GET shows it; POST shows it again with the errors found before saving
   * (`errors`, filled by `submit`) or the rules' refusals, and otherwise goes on to `next`.
   */
  const formPage = (
    path: string,
    permission: Permission,
    render: Render<RecordParams>,
    submit: (
      params: RecordParams,
      body: Body,
      errors: FieldErrors,
      staff: ReturnType<typeof currentStaff>,
    ) => { save: () => Promise<unknown>; next: string; fieldFor?: Record<string, string> },
  ) => {
    const options = { schema: { hide: true, params: recordParams }, preHandler: signedIn(permission) }
    app.get(path, options, (request, reply) => render(request, reply, request.params))
    app.post(path, options, async (request, reply) => {
      const body = (request.body ?? {}) as Body
      const errors: FieldErrors = {}
      const s = submit(request.params, body, errors, currentStaff(request))
      if (Object.keys(errors).length) return render(request, reply, request.params, body, errors)
      const refused = await refusals(s.save, { fieldFor: s.fieldFor })
      if (refused) return render(request, reply, request.params, body, refused)
      return reply.redirect(s.next, 303)
    })
  }

  for (const form of stepForms) {
    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      { id }: { id: string },
      body?: Body,
      errors?: FieldErrors,
    ) => {
      const [v, entities] = await Promise.all([people.view(id), services.entities.list()])
      const page = stepFormPage(form, v.person, londonToday(), body, errors)
      return reply.code(errors ? 422 : 200).view(form.template, {
        ...page,
        entityItems: entityItems(entities, page.v.entityId as string | undefined, 'The default landlord'),
        formAction: request.url.split('?')[0],
      })
    }
    const permission =
      form.step === 'vulnerability'
        ? 'viewVulnerabilities'
        : form.step === 'restriction'
          ? 'approveRestrictions'
          : 'handleComplaints'
    formPage(`/residents/:id/${form.path}`, permission, render, ({ id }, body, errors, staff) => {
      const dates = Object.fromEntries(
        (form.dates ?? []).map((d) => [d.name, dateField(body, d.name, d.label, errors, d.optional)]),
      )
      return {
        save: () => people.record(id, staff, form.step, form.input(body, dates), formVersion(body)),
        next: `/residents/${id}?done=${form.path}`,
      }
    })
  }

  /** Code 5.10, 5.15: reviewing an adjustment or a restriction in force. */
  const renderReview = async (
    request: FastifyRequest,
    reply: FastifyReply,
    { id, what, entryId }: RecordParams,
    body?: Body,
    errors?: FieldErrors,
  ) => {
    const v = await people.view(id)
    const entry =
      what === 'restriction'
        ? v.restrictionsInForce.find((r) => r.id === entryId)
        : v.person.adjustments.find((a) => a.id === entryId)
    if (!entry || (what !== 'restriction' && what !== 'adjustment')) return reply.callNotFound()
    const months = what === 'restriction' ? RESTRICTION_REVIEW_MAX_MONTHS : ADJUSTMENT_REVIEW_MAX_MONTHS
    return reply.code(errors ? 422 : 200).view('staff/people/review.njk', {
      p: v.person,
      what,
      entry,
      label:
        what === 'restriction'
          ? (entry as { restriction: string }).restriction
          : adjustmentLabels[(entry as { kind: keyof typeof adjustmentLabels }).kind],
      title:
        what === 'restriction' ? 'Review the restriction (Code 5.15)' : 'Review the adjustment (Code 5.10)',
      formAction: request.url.split('?')[0],
      errors,
      v: body ?? {},
      version: body ? field(body, 'version') : v.person.version,
      dates: {
        nextReviewOn: dateItems('nextReviewOn', body, errors, partsOf(addMonths(londonToday(), months))),
      },
      months,
    })
  }
  formPage(
    '/residents/:id/review/:what/:entryId',
    'handleComplaints',
    renderReview,
    (params, body, errors, staff) => {
      const { id, what, entryId } = params
      const nextReviewOn = dateField(body, 'nextReviewOn', 'the next review date', errors)
      return {
        save: () =>
          people.record(
            id,
            staff,
            'review',
            { what, entryId, note: field(body, 'note'), nextReviewOn },
            formVersion(body),
          ),
        next: `/residents/${id}?done=reviewed`,
        fieldFor: { reviewOn: 'nextReviewOn' },
      }
    },
  )

  /** Ending a representative, vulnerability, adjustment or restriction: with why; kept in the history. */
  const renderEnd = async (
    request: FastifyRequest,
    reply: FastifyReply,
    { id, what = '' }: RecordParams,
    body?: Body,
    errors?: FieldErrors,
  ) => {
    if (!['representative', 'vulnerability', 'adjustment', 'restriction'].includes(what))
      return reply.callNotFound()
    const v = await people.view(id)
    return reply.code(errors ? 422 : 200).view('staff/people/end.njk', {
      p: v.person,
      what,
      title: `End the ${what}`,
      formAction: request.url.split('?')[0],
      errors,
      v: body ?? {},
      version: body ? field(body, 'version') : v.person.version,
    })
  }
  formPage(
    '/residents/:id/end/:what/:entryId',
    'handleComplaints',
    renderEnd,
    ({ id, what, entryId }, body, _errors, staff) => ({
      save: () =>
        people.record(id, staff, 'end', { what, entryId, reason: field(body, 'reason') }, formVersion(body)),
      next: `/residents/${id}?done=ended`,
    }),
  )

  /** Merging a duplicate record into this one. */
  const renderMerge = async (
    request: FastifyRequest,
    reply: FastifyReply,
    { id }: { id: string },
    body?: Body,
    errors?: FieldErrors,
  ) => {
    const v = await people.view(id)
    return reply.code(errors ? 422 : 200).view('staff/people/merge.njk', {
      p: v.person,
      title: 'Merge a duplicate record into this one',
      formAction: request.url.split('?')[0],
      errors,
      v: body ?? {},
      candidates: (await people.search(v.person.details.name)).filter(
        (r) => r.id !== id && !r.merged_into_id,
      ),
    })
  }
  formPage('/residents/:id/merge', 'handleComplaints', renderMerge, ({ id }, body, errors, staff) => {
    if (!field(body, 'duplicate'))
      errors.duplicate = 'Enter the reference of the duplicate record, like RES-000123'
    return {
      save: () => people.merge(id, field(body, 'duplicate'), staff),
      next: `/residents/${id}?done=merged`,
    }
  })
}
