import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import { londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { listedEntity } from '../../../domain/entities/access.js'
import { fieldErrorsOf, refusalOf, refusals } from '../../formErrors.js'
import { dateField, type FieldErrors, type FormBody, field } from '../../forms.js'
import { doneQuery, idParams, queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { downloadLinks, listDownloads } from '../listDownloads.js'
import { improvementsDownload } from './download.js'
import {
  type Field,
  type FromDirection,
  formFields,
  improvementPage,
  improvementRows,
  raisePage,
} from './viewModel.js'

/** The API's field names, as the form fields that show their errors. */
const formField: Record<string, string> = { complaintIds: 'complaints', directionId: 'source' }

/** What a new improvement is raised from: a complaint, an Ombudsman direction, or a theme. */
const raisedFrom = queryText('complaint', 'ombudsmanCase', 'direction', 'theme', 'source')

/**
 * Improvement actions in the staff web app (Code 9.1–9.4): raise one from a complaint, a theme,
 * an Ombudsman order or recommendation, or another recommendation; follow it to completion with
 * its evidence; publish it as "You said, we did".
 */
export const improvementRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  await app.register(listDownloads(clock, improvementsDownload(services)))
  const improvement = services.improvement
  const staffNames = async () => new Map((await services.staffAccounts.list()).map((p) => [p.id, p.name]))

  app.get(
    '/improvements',
    { schema: { hide: true, querystring: queryText('show') }, preHandler: signedIn('viewReports') },
    async (request, reply) => {
      const all = request.query.show === 'all'
      const names = await staffNames()
      return reply.view('staff/improvement/list.njk', {
        all,
        items: improvementRows(
          await improvement.list({ open: !all, entityId: listedEntity(request.staff) }),
          names,
        ),
        downloads: downloadLinks('/improvements', all ? { show: 'all' } : {}),
      })
    },
  )

  // Raising one: from a complaint (?complaint=), an Ombudsman direction (?ombudsmanCase=&direction=), or a theme (?theme=).
  const renderNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    q: z.output<typeof raisedFrom>,
    body?: FormBody,
    errors?: FieldErrors,
  ) => {
    const ombudsmanCaseId = body ? field(body, 'ombudsmanCaseId') : (q.ombudsmanCase ?? '')
    const directionId = body ? field(body, 'directionId') : (q.direction ?? '')
    // Raised from another landlord's complaint or Ombudsman case: as if there were none, to a
    // person limited to one (the same check as the complaint's own pages).
    const viewer = currentStaff(request)
    if (q.complaint) await services.entities.checkAccess(viewer, 'complaint', q.complaint)
    if (ombudsmanCaseId) await services.entities.checkAccess(viewer, 'ombudsmanCase', ombudsmanCaseId)
    const complaintReference =
      !body && q.complaint
        ? (await services.complaints.view(q.complaint, 'admin')).complaint.reference
        : undefined
    let direction: FromDirection | undefined
    if (ombudsmanCaseId) {
      const oc = await services.ombudsman.view(ombudsmanCaseId)
      const d = oc.case.directions.find((x) => x.id === directionId)
      if (d)
        direction = {
          reference: oc.case.ombudsmanReference,
          direction: d.direction,
          description: d.description,
        }
    }
    return reply.code(errors ? 422 : 200).view(
      'staff/improvement/new.njk',
      raisePage({
        q,
        body,
        errors,
        ombudsmanCaseId,
        directionId,
        direction,
        complaintReference,
        staff: await services.staffAccounts.list(),
        signedInId: currentStaff(request).id,
      }),
    )
  }
  app.get(
    '/improvements/new',
    { schema: { hide: true, querystring: raisedFrom }, preHandler: signedIn('handleComplaints') },
    (request, reply) => renderNew(request, reply, request.query),
  )
  app.post(
    '/improvements/new',
    { schema: { hide: true, querystring: raisedFrom }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const errors: FieldErrors = {}
      const dueOn = dateField(body, 'dueOn', 'the date it will be done by', errors)
      let id: string | undefined
      const refused = await refusals(
        async () => {
          const a = await improvement.raise(
            {
              title: field(body, 'title'),
              description: field(body, 'description'),
              source: field(body, 'source'),
              detail: field(body, 'detail'),
              complaints: field(body, 'complaints').split(/[\s,]+/),
              ombudsmanCaseId: field(body, 'ombudsmanCaseId') || undefined,
              directionId: field(body, 'directionId') || undefined,
              ownerId: field(body, 'ownerId'),
              director: field(body, 'director'),
              dueOn,
            },
            currentStaff(request),
          )
          id = a?.id
        },
        { fieldFor: formField },
      )
      if (refused) return renderNew(request, reply, request.query, body, { ...refused, ...errors })
      return reply.redirect(`/improvements/${id}?done=raised`, 303)
    },
  )

  app.get(
    '/improvements/:id',
    { schema: { hide: true, params: idParams, querystring: doneQuery }, preHandler: signedIn('viewReports') },
    async (request, reply) => {
      const v = await improvement.view(request.params.id)
      return reply.view(
        'staff/improvement/action.njk',
        improvementPage(v, {
          staffNames: await staffNames(),
          canRecord: currentStaff(request).permissions.handleComplaints,
          done: request.query.done,
        }),
      )
    },
  )

  /** A small form on an improvement: GET shows it, POST records it and goes back to the action. */
  function actionPage(spec: {
    path: string
    title: string
    intro?: string
    submit: string
    fields: Field[]
    record: (id: string, request: FastifyRequest, body: FormBody, errors: FieldErrors) => Promise<unknown>
  }) {
    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      body?: FormBody,
      errors?: FieldErrors,
    ) => {
      const v = await improvement.view(id)
      return reply.code(errors ? 422 : 200).view('staff/improvement/form.njk', {
        a: v.action,
        title: spec.title,
        intro: spec.intro,
        submit: spec.submit,
        formAction: request.url.split('?')[0],
        errors,
        fields: formFields(spec.fields, londonDateOf(clock.now()), body, errors),
      })
    }
    app.get(
      `/improvements/:id/${spec.path}`,
      { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
      (request, reply) => render(request, reply, request.params.id),
    )
    app.post(
      `/improvements/:id/${spec.path}`,
      { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
      async (request, reply) => {
        const { id } = request.params
        const body = (request.body ?? {}) as FormBody
        const errors: FieldErrors = {}
        const refused = await refusalOf(() => spec.record(id, request, body, errors), [409, 422])
        // Not allowed now (409: the action is complete, or changed meanwhile) is said instead of the form.
        if (refused?.status === 409)
          return reply.code(409).view('staff/improvement/form.njk', {
            a: (await improvement.view(id)).action,
            title: spec.title,
            problem: refused.message,
            fields: [],
          })
        if (refused)
          return render(request, reply, id, body, {
            ...fieldErrorsOf(refused, { fieldFor: formField }),
            ...errors,
          })
        return reply.redirect(`/improvements/${id}?done=${spec.path}`, 303)
      },
    )
  }

  actionPage({
    path: 'progress',
    title: 'Record progress',
    submit: 'Save progress',
    fields: [{ name: 'note', label: 'What has been done so far', kind: 'textarea' }],
    record: (id, request, body) => improvement.noteProgress(id, currentStaff(request), field(body, 'note')),
  })
  actionPage({
    path: 'link',
    title: 'Link another complaint',
    intro: 'Another complaint that showed the same problem: it is counted with this improvement.',
    submit: 'Link the complaint',
    fields: [{ name: 'complaintId', label: 'The complaint’s reference', kind: 'input' }],
    record: (id, request, body) =>
      improvement.linkComplaint(id, currentStaff(request), field(body, 'complaintId')),
  })
  actionPage({
    path: 'reschedule',
    title: 'Move the date',
    submit: 'Move the date',
    fields: [
      { name: 'dueOn', label: 'The new date it will be done by', kind: 'date' },
      {
        name: 'reason',
        label: 'Why it will be later',
        kind: 'textarea',
        hint: 'The first date stays on the record.',
      },
    ],
    record: (id, request, body, errors) =>
      improvement.reschedule(id, currentStaff(request), {
        dueOn: dateField(body, 'dueOn', 'the new date', errors),
        reason: field(body, 'reason'),
      }),
  })
  actionPage({
    path: 'complete',
    title: 'Record it as completed',
    submit: 'Record as completed',
    fields: [
      {
        name: 'evidence',
        label: 'Evidence of completion',
        hint: 'What changed, and where it can be seen: the new procedure and its date, the training records, the works completed.',
        kind: 'textarea',
      },
      { name: 'completedOn', label: 'Date it was completed', kind: 'date' },
    ],
    record: (id, request, body, errors) =>
      improvement.complete(id, currentStaff(request), {
        evidence: field(body, 'evidence'),
        completedOn: dateField(body, 'completedOn', 'the date it was completed', errors),
      }),
  })
  actionPage({
    path: 'cancel',
    title: 'Cancel this improvement',
    submit: 'Cancel the improvement',
    fields: [{ name: 'reason', label: 'Why it is cancelled', kind: 'textarea' }],
    record: (id, request, body) => improvement.cancel(id, currentStaff(request), field(body, 'reason')),
  })
  actionPage({
    path: 'publish',
    title: 'Publish on “You said, we did”',
    intro:
      'The public page shows these two sentences and the date. Write them for residents, and leave out anything that could identify anyone: names, addresses, postcodes, phone numbers and email addresses are refused.',
    submit: 'Publish',
    fields: [
      {
        name: 'youSaid',
        label: 'You said',
        hint: 'For example: repairs appointments were missed without warning.',
        kind: 'textarea',
      },
      {
        name: 'weDid',
        label: 'We did',
        hint: 'For example: we now text you the day before, and again when the operative is on the way.',
        kind: 'textarea',
      },
    ],
    record: (id, request, body) =>
      improvement.publish(id, currentStaff(request), {
        youSaid: field(body, 'youSaid'),
        weDid: field(body, 'weDid'),
      }),
  })
  actionPage({
    path: 'unpublish',
    title: 'Take it off “You said, we did”',
    submit: 'Take it down',
    fields: [{ name: 'reason', label: 'Why it is taken down', kind: 'textarea' }],
    record: (id, request, body) => improvement.unpublish(id, currentStaff(request), field(body, 'reason')),
  })
}
