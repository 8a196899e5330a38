import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requestKindLabels } from '../../../domain/serviceRequests/serviceRequest.js'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { doneQuery, idParams, queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { version as formVersion } from '../complaints/actions/form.js'
import { downloadLinks, listDownloads } from '../listDownloads.js'
import { serviceRequestsDownload } from './download.js'
import { channelItems, requestKindItems, requestPage } from './viewModel.js'

const residentFields = { 'resident.name': 'name', 'resident.email': 'email', 'resident.postcode': 'postcode' }

/**
 * Code 1.4–1.6 in the staff web app: the register of service requests; a complaint about one,
 * linked both ways while the request carries on; survey comments, flagged when dissatisfied and
 * offered as a complaint.
 */
export const serviceRequestRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (
  app,
  { services, clock },
) => {
  await app.register(listDownloads(clock, serviceRequestsDownload(services)))
  const requests = services.serviceRequests

  app.get(
    '/service-requests',
    { schema: { hide: true, querystring: queryText('show') }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const toOffer = request.query.show === 'to-offer'
      return reply.view('staff/service-requests/list.njk', {
        toOffer,
        rows: await requests.list(toOffer ? { toOffer } : { open: true }),
        kindLabels: requestKindLabels,
        downloads: downloadLinks('/service-requests', toOffer ? { show: 'to-offer' } : {}),
      })
    },
  )

  const renderNew = (
    reply: FastifyReply,
    body?: FormBody,
    errors?: FieldErrors,
    fromInbox?: { id: string; from: string; subject: string },
  ) =>
    reply.code(errors ? 422 : 200).view('staff/service-requests/new.njk', {
      v: body ?? {},
      errors,
      kindItems: requestKindItems(body),
      fromInbox,
    })
  /** Email in: the email a request is registered from, named above the form. */
  const inboxEmail = async (request: FastifyRequest, id: string) => {
    // An email not yet sorted is no landlord's: not one for a person limited to one.
    await services.entities.checkAccess(currentStaff(request), 'inboxItem', id)
    const e = await services.inbox.intakeStart(id)
    return {
      id: e.id,
      from: e.fromAddress,
      subject: e.subject,
      name: e.fromName ?? '',
      text: e.textBody.trim(),
    }
  }
  app.get(
    '/service-requests/new',
    { schema: { hide: true, querystring: queryText('fromInbox') }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const id = request.query.fromInbox
      if (!id) return renderNew(reply)
      const e = await inboxEmail(request, id)
      return renderNew(reply, { summary: e.text.slice(0, 2000), name: e.name, email: e.from }, undefined, e)
    },
  )
  app.post(
    '/service-requests/new',
    { schema: { hide: true }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const fromInbox = field(body, 'fromInbox')
        ? await inboxEmail(request, field(body, 'fromInbox'))
        : undefined
      let id = ''
      const refused = await refusals(
        async () => {
          const log = (input: Parameters<typeof requests.log>[0], staff: ReturnType<typeof currentStaff>) =>
            fromInbox
              ? services.inbox.asServiceRequest(fromInbox.id, staff, input)
              : requests.log(input, staff, 'staff')
          id = (
            (await log(
              {
                externalReference: field(body, 'externalReference'),
                kind: field(body, 'kind'),
                summary: field(body, 'summary'),
                resident: {
                  name: field(body, 'name'),
                  email: field(body, 'email'),
                  phone: field(body, 'phone'),
                  address: field(body, 'address'),
                  postcode: field(body, 'postcode'),
                },
              },
              currentStaff(request),
            )) ?? { id: '' }
          ).id
        },
        { fieldFor: residentFields },
      )
      if (refused) return renderNew(reply, body, refused, fromInbox)
      return reply.redirect(`/service-requests/${id}?done=logged`, 303)
    },
  )

  app.get(
    '/service-requests/:id',
    { schema: { hide: true, params: idParams, querystring: doneQuery }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const r = await requests.view(request.params.id)
      return reply.view('staff/service-requests/request.njk', requestPage(r, request.query.done))
    },
  )

  /** Each form on a request: its path, template, and what it records. */
  const forms: {
    path: string
    template: string
    title: string
    submit: (id: string, body: FormBody, request: FastifyRequest) => Promise<string>
    /** `comment`: the survey comment the page was opened from (`?comment=`), if any. */
    prepare?: (body: FormBody | undefined, comment: string | undefined) => Record<string, unknown>
  }[] = [
    {
      path: 'complaint',
      template: 'staff/service-requests/complaint.njk',
      title: 'The resident is unhappy with how this request is handled',
      prepare: (body, comment) => ({
        channelItems: channelItems(body),
        fromComment: comment ?? (body ? field(body, 'fromComment') : ''),
      }),
      submit: async (id, body, request) => {
        const seq = field(body, 'fromComment')
        const v = await requests.complain(id, currentStaff(request), {
          channel: field(body, 'channel'),
          description: field(body, 'description'),
          outcomeSought: field(body, 'outcomeSought'),
          ...(/^\d+$/.test(seq) ? { fromCommentSeq: Number(seq) } : {}),
        })
        return `/complaints/${v.complaint.id}?done=logged`
      },
    },
    {
      path: 'survey-comment',
      template: 'staff/service-requests/survey-comment.njk',
      title: 'Record a survey comment',
      submit: async (id, body, request) => {
        const score = field(body, 'score')
        await requests.surveyComment(
          id,
          currentStaff(request),
          { comment: field(body, 'comment'), ...(score ? { score: Number(score) } : {}) },
          formVersion(body),
        )
        return `/service-requests/${id}?done=comment`
      },
    },
    {
      path: 'not-a-complaint',
      template: 'staff/service-requests/not-a-complaint.njk',
      title: 'The resident does not want to complain',
      prepare: (body, comment) => ({
        commentSeq: comment ?? (body ? field(body, 'commentSeq') : ''),
      }),
      submit: async (id, body, request) => {
        await requests.notAComplaint(
          id,
          currentStaff(request),
          Number(field(body, 'commentSeq')),
          field(body, 'note'),
          formVersion(body),
        )
        return `/service-requests/${id}?done=declined`
      },
    },
    {
      path: 'close',
      template: 'staff/service-requests/close.njk',
      title: 'Close the service request',
      submit: async (id, body, request) => {
        await requests.close(id, currentStaff(request), field(body, 'outcome'), formVersion(body))
        return `/service-requests/${id}?done=closed`
      },
    },
  ]
  const schema = { hide: true, params: idParams, querystring: queryText('comment') }
  for (const form of forms) {
    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      { id, comment }: { id: string; comment?: string },
      body?: FormBody,
      errors?: FieldErrors,
    ) => {
      const r = await requests.view(id)
      return reply.code(errors ? 422 : 200).view(form.template, {
        r,
        title: form.title,
        formAction: request.url.split('?')[0],
        v: body ?? {},
        errors,
        version: body ? field(body, 'version') : r.version,
        ...(form.prepare?.(body, comment) ?? {}),
      })
    }
    app.get(
      `/service-requests/:id/${form.path}`,
      { schema, preHandler: signedIn('handleComplaints') },
      (request, reply) => render(request, reply, { ...request.params, ...request.query }),
    )
    app.post(
      `/service-requests/:id/${form.path}`,
      { schema, preHandler: signedIn('handleComplaints') },
      async (request, reply) => {
        const { id } = request.params
        const body = (request.body ?? {}) as FormBody
        let next = ''
        const refused = await refusals(
          async () => {
            next = await form.submit(id, body, request)
          },
          { fieldFor: { commentSeq: 'form', fromCommentSeq: 'form' } },
        )
        if (refused) return render(request, reply, { ...request.params, ...request.query }, body, refused)
        return reply.redirect(next, 303)
      },
    )
  }
}
