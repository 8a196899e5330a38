import multipart from '@fastify/multipart'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { MAX_DOCUMENT_BYTES } from '../../../domain/complaints/documents.js'
import { listedEntity } from '../../../domain/entities/access.js'
import type { Intervention } from '../../../domain/ombudsman/intervention.js'
import { sendDocument } from '../../documents.js'
import { refusals } from '../../formErrors.js'
import { dateField, type FieldErrors, type FormBody, field, partsOf } from '../../forms.js'
import { pageAsked } from '../../pagination.js'
import { doneQuery, idParams, pathParams, queryText } from '../../params.js'
import { multipartForm, readUpload, uploadLimit } from '../../uploads.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import {
  complyPage,
  improvementFormPage,
  interventionFilter,
  interventionListPage,
  interventionPage,
  newInterventionPage,
} from './viewModel.js'

/**
 * The Housing Ombudsman's interventions, in the staff web app: the list (by kind and state),
 * recording one, its page with its history, recording compliance (with a copy of the evidence),
 * and raising an improvement action from it.
 */
export const interventionRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (
  app,
  { services, clock },
) => {
  // The evidence of compliance may come with a copy of it: the form's fields arrive with the file.
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: uploadLimit(MAX_DOCUMENT_BYTES), files: 1, fields: 20, fieldSize: 100_000 },
  })
  const interventions = services.interventions
  const today = () => partsOf(londonDateOf(clock.now()))
  const handlers = async () =>
    (await services.staffAccounts.handlers()).map((p) => ({ id: p.id, name: p.name }))
  const staffNames = async () => new Map((await services.staffAccounts.list()).map((p) => [p.id, p.name]))

  app.get(
    '/ombudsman-interventions',
    {
      schema: { hide: true, querystring: queryText('kind', 'state', 'page') },
      preHandler: signedIn('viewCases'),
    },
    async (request, reply) => {
      const filter = interventionFilter(request.query)
      const page = pageAsked(request.query.page)
      return reply.view(
        'staff/interventions/list.njk',
        interventionListPage(
          filter,
          page,
          await interventions.list({ ...filter, entityId: listedEntity(request.staff) }, page),
          await staffNames(),
          currentStaff(request).permissions.handleComplaints,
        ),
      )
    },
  )

  const renderNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    body?: FormBody,
    errors?: FieldErrors,
  ) =>
    reply.code(errors ? 422 : 200).view(
      'staff/interventions/new.njk',
      newInterventionPage({
        body,
        errors,
        staff: await handlers(),
        me: currentStaff(request).id,
        today: today(),
      }),
    )
  app.get(
    '/ombudsman-interventions/new',
    { schema: { hide: true }, preHandler: signedIn('handleComplaints') },
    (request, reply) => renderNew(request, reply),
  )
  app.post(
    '/ombudsman-interventions/new',
    { schema: { hide: true }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const errors: FieldErrors = {}
      const receivedOn = dateField(body, 'receivedOn', 'the date it came in', errors)
      const dueOn = dateField(body, 'dueOn', 'the date the Ombudsman gave to comply by', errors)
      let created: Intervention | undefined
      const refused = await refusals(async () => {
        created = await interventions.record(currentStaff(request), {
          kind: field(body, 'kind'),
          // A ground chosen and then another kind: the radios cannot be cleared without scripts.
          failureType: field(body, 'kind') === 'failure_order' ? field(body, 'failureType') : undefined,
          ombudsmanReference: field(body, 'ombudsmanReference'),
          receivedOn,
          complaintId: field(body, 'complaintId'),
          provision: field(body, 'provision'),
          description: field(body, 'description'),
          ownerId: field(body, 'ownerId'),
          dueOn,
        })
      })
      if (refused) return renderNew(request, reply, body, { ...refused, ...errors })
      return reply.redirect(`/ombudsman-interventions/${created?.id}?done=recorded`, 303)
    },
  )

  app.get(
    '/ombudsman-interventions/:id',
    { schema: { hide: true, params: idParams, querystring: doneQuery }, preHandler: signedIn('viewCases') },
    async (request, reply) =>
      reply.view(
        'staff/interventions/intervention.njk',
        interventionPage(await interventions.view(request.params.id), {
          staffNames: await staffNames(),
          canRecord: currentStaff(request).permissions.handleComplaints,
          done: request.query.done,
        }),
      ),
  )

  app.get(
    '/ombudsman-interventions/:id/documents/:documentId',
    {
      schema: { hide: true, params: pathParams('id', 'documentId') },
      preHandler: signedIn('viewCases'),
    },
    async (request, reply) =>
      sendDocument(reply, await interventions.document(request.params.id, request.params.documentId)),
  )

  // Compliance: the evidence, the date, and a copy of what was sent when there is one.
  const renderComply = async (reply: FastifyReply, id: string, body?: FormBody, errors?: FieldErrors) =>
    reply
      .code(errors ? 422 : 200)
      .view('staff/interventions/comply.njk', complyPage(await interventions.view(id), body, errors, today()))
  app.get(
    '/ombudsman-interventions/:id/compliance',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    (request, reply) => renderComply(reply, request.params.id),
  )
  app.post(
    '/ombudsman-interventions/:id/compliance',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const { id } = request.params
      const { parts, body } = request.isMultipart()
        ? multipartForm(request.body)
        : { parts: {}, body: (request.body ?? {}) as FormBody }
      const errors: FieldErrors = {}
      const compliedOn = dateField(body, 'compliedOn', 'the date it was complied with', errors)
      const refused = await refusals(
        async () => {
          const part = parts.file?.filename ? parts.file : undefined
          const bytes = part ? await readUpload(part, MAX_DOCUMENT_BYTES) : undefined
          await interventions.comply(id, currentStaff(request), {
            compliedOn,
            evidence: field(body, 'evidence'),
            ...(part && bytes ? { file: { filename: part.filename ?? '', bytes } } : {}),
          })
        },
        { statuses: [409, 413, 422] },
      )
      if (refused) return renderComply(reply, id, body, { ...refused, ...errors })
      return reply.redirect(`/ombudsman-interventions/${id}?done=complied`, 303)
    },
  )

  // An improvement action raised from the intervention (Code 9.1).
  const renderImprovement = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    body?: FormBody,
    errors?: FieldErrors,
  ) =>
    reply.code(errors ? 422 : 200).view(
      'staff/interventions/improvement.njk',
      improvementFormPage(await interventions.view(id), {
        body,
        errors,
        staff: await handlers(),
        me: currentStaff(request).id,
      }),
    )
  app.get(
    '/ombudsman-interventions/:id/improvement',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    (request, reply) => renderImprovement(request, reply, request.params.id),
  )
  app.post(
    '/ombudsman-interventions/:id/improvement',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const { id } = request.params
      const body = (request.body ?? {}) as FormBody
      const errors: FieldErrors = {}
      const dueOn = dateField(body, 'dueOn', 'the date it will be done by', errors)
      const refused = await refusals(() =>
        interventions.raiseImprovement(id, currentStaff(request), {
          title: field(body, 'title'),
          description: field(body, 'description'),
          ownerId: field(body, 'ownerId'),
          director: field(body, 'director'),
          dueOn,
        }),
      )
      if (refused) return renderImprovement(request, reply, id, body, { ...refused, ...errors })
      return reply.redirect(`/ombudsman-interventions/${id}?done=improvement`, 303)
    },
  )
}
