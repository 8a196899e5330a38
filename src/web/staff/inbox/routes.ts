import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { londonWallClockToInstant } from '../../../domain/calendar/calendarDate.js'
import { pageLinkNotOurs } from '../../../errors.js'
import { sendDocument } from '../../documents.js'
import { refusals } from '../../formErrors.js'
import { dateFromFields, type FieldErrors, type FormBody, field } from '../../forms.js'
import { keysFromCursor, pageCursor } from '../../pagination.js'
import { idParams, pathParams, queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { inboxItemPage, inboxListPage } from './viewModel.js'

/**
 * Email in: the inbox queue of emails read from the complaints mailbox, each email shown as
 * text (never its HTML), with its attachments, and the decision on it: a complaint (through the
 * new-complaint form), a service request, or part of an existing case.
 */
export const inboxRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services }) => {
  const inbox = services.inbox

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
      const status = q.status === 'decided' || q.status === 'all' ? q.status : 'new'
      const since = { day: q['since-day'] ?? '', month: q['since-month'] ?? '', year: q['since-year'] ?? '' }
      const sinceDate =
        since.day || since.month || since.year
          ? dateFromFields(
              { 'since-day': since.day, 'since-month': since.month, 'since-year': since.year },
              'since',
              'the date',
            )
          : undefined
      const keys = keysFromCursor(q.after, 2)
      const before =
        keys &&
        typeof keys[0] === 'string' &&
        typeof keys[1] === 'string' &&
        !Number.isNaN(Date.parse(keys[0]))
          ? { arrivedAt: new Date(keys[0]), id: keys[1] }
          : undefined
      if (keys && !before) throw pageLinkNotOurs()
      const { items, next } = await inbox.list({
        status: status === 'all' ? undefined : status,
        from: q.from?.trim() || undefined,
        arrivedFrom: sinceDate?.date ? londonWallClockToInstant(sinceDate.date, 0, 0) : undefined,
        before,
      })
      return reply.code(sinceDate?.error ? 422 : 200).view(
        'staff/inbox/list.njk',
        inboxListPage({
          status: status === 'new' ? '' : status,
          from: q.from?.trim() ?? '',
          since,
          sinceError: sinceDate?.error,
          items,
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
