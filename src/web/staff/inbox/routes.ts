import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { listedEntity } from '../../../domain/entities/access.js'
import { pageLinkNotOurs } from '../../../errors.js'
import { sendDocument } from '../../documents.js'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { keysFromCursor, pageCursor } from '../../pagination.js'
import { idParams, pathParams, queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { downloadLinks, listDownloads } from '../listDownloads.js'
import { inboxDownload } from './download.js'
import { inboxFilters } from './filters.js'
import { inboxItemPage, inboxListPage } from './viewModel.js'

/**
 * Email in: the inbox queue of emails read from the complaints mailbox, each email shown as
 * text (never its HTML), with its attachments, and the decision on it: a complaint (through the
 * new-complaint form), a service request, or part of an existing case.
 */
export const inboxRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  const inbox = services.inbox
  await app.register(listDownloads(clock, inboxDownload(services)))

  app.get(
    '/inbox',
    {
      schema: {
        hide: true,
        querystring: queryText('status', 'from', 'since-day', 'since-month', 'since-year', 'after'),
      },
      preHandler: signedIn('handleComplaints'),
    },
    async (request, reply) => {
      const q = request.query
      const filters = {
        status: q.status,
        from: q.from,
        'since-day': q['since-day'],
        'since-month': q['since-month'],
        'since-year': q['since-year'],
      }
      const f = inboxFilters(filters)
      const keys = keysFromCursor(q.after, 2)
      const before =
        keys &&
        typeof keys[0] === 'string' &&
        typeof keys[1] === 'string' &&
        !Number.isNaN(Date.parse(keys[0]))
          ? { arrivedAt: new Date(keys[0]), id: keys[1] }
          : undefined
      if (keys && !before) throw pageLinkNotOurs()
      const entityId = listedEntity(request.staff)
      const { items, next } = await inbox.list({ ...f.list, entityId, before })
      return reply.code(f.sinceError ? 422 : 200).view(
        'staff/inbox/list.njk',
        inboxListPage({
          status: f.status === 'new' ? '' : f.status,
          from: f.from,
          since: f.since,
          sinceError: f.sinceError,
          downloads: f.sinceError ? undefined : downloadLinks('/inbox', filters),
          items,
          limitedTo: entityId ? (await services.entities.get(entityId)).displayName : undefined,
          paged: Boolean(before),
          olderCursor: next ? pageCursor([next.arrivedAt.toISOString(), next.id]) : undefined,
        }),
      )
    },
  )

  const renderItem = async (reply: FastifyReply, id: string, errors?: FieldErrors, body?: FormBody) =>
    reply.code(errors ? 422 : 200).view('staff/inbox/item.njk', {
      m: inboxItemPage(await inbox.item(id)),
      errors,
      reference: field(body, 'reference'),
    })

  app.get(
    '/inbox/:id',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const item = await inbox.item(request.params.id)
      request.accessed = { kind: 'document', what: `Email “${item.subject}”`, complaintId: item.complaintId }
      return renderItem(reply, request.params.id)
    },
  )

  app.post(
    '/inbox/:id/case',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const { id } = request.params
      const body = (request.body ?? {}) as FormBody
      let complaintId = ''
      const errors = await refusals(
        async () => {
          const view = await inbox.asPartOfCase(id, currentStaff(request), field(body, 'reference'))
          complaintId = view?.complaint.id ?? ''
        },
        { statuses: [409, 422], unnamed: 'reference', fieldFor: () => 'reference' },
      )
      if (errors) return renderItem(reply, id, errors, body)
      return reply.redirect(`/complaints/${complaintId}?done=email`, 303)
    },
  )

  app.get(
    '/inbox/:id/email',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => sendDocument(reply, await inbox.email(request.params.id)),
  )

  app.get(
    '/inbox/:id/attachments/:attachmentId',
    {
      schema: { hide: true, params: pathParams('id', 'attachmentId') },
      preHandler: signedIn('handleComplaints'),
    },
    async (request, reply) =>
      sendDocument(reply, await inbox.attachment(request.params.id, request.params.attachmentId)),
  )
}
