import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { letterTitle } from '../../../domain/complaints/letters.js'
import { listedEntity } from '../../../domain/entities/access.js'
import { mailCursorKeys, mailCursorOf } from '../../../services/mail/index.js'
import { sendDocument } from '../../documents.js'
import { refusalOf } from '../../formErrors.js'
import type { FormBody } from '../../forms.js'
import { keysFromCursor, pageCursor } from '../../pagination.js'
import { idParams, queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { downloadLinks, listDownloads } from '../listDownloads.js'
import { mailDownload } from './download.js'
import { outboxPage, printQueuePage, statusLabel } from './viewModel.js'

/**
 * Mail and post: the outbox (every message the service has sent or would send, with each
 * attempt to deliver it), and the print queue of letters that go by post.
 */
export const mailRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  await app.register(listDownloads(clock, mailDownload(services)))
  const mail = services.mail

  app.get(
    '/mail',
    {
      schema: { hide: true, querystring: queryText('status', 'q', 'after') },
      preHandler: signedIn('handleComplaints'),
    },
    async (request, reply) => {
      const { status, q, after } = request.query
      const entityId = listedEntity(request.staff)
      const before = mailCursorOf(keysFromCursor(after, 2))
      let found: Awaited<ReturnType<typeof mail.messages>> | undefined
      // A search the service will not run (400) is said, and the whole list shown.
      const searchError = (
        await refusalOf(async () => {
          found = await mail.messages(status || undefined, { q, entityId, ...(before ? { before } : {}) })
        }, [400])
      )?.message
      found ??= await mail.messages(status || undefined, { entityId })
      const { items, counts, next } = found
      return reply.code(searchError ? 422 : 200).view('staff/mail/outbox.njk', {
        downloads: searchError ? undefined : downloadLinks('/mail', { status, q }),
        ...outboxPage({
          status,
          q,
          searchError,
          counts,
          items,
          paged: Boolean(before),
          olderCursor: next ? pageCursor(mailCursorKeys(next)) : undefined,
        }),
      })
    },
  )

  app.get(
    '/mail/:id',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const { id } = request.params
      const m = await mail.message(id)
      request.accessed = {
        kind: 'document',
        what: `Email “${m.subject}”`,
        complaintId: m.complaintId ?? null,
      }
      return reply.view('staff/mail/message.njk', {
        m: {
          ...m,
          statusLabel: statusLabel(m.status),
          letterName: m.letterKind ? letterTitle(m.letterKind) : '',
        },
      })
    },
  )

  app.get(
    '/mail/:id/attachment',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const { id } = request.params
      const { filename, pdf } = await mail.messagePdf(id)
      return sendDocument(reply, { filename, contentType: 'application/pdf', content: pdf })
    },
  )

  app.get(
    '/letters/print',
    { schema: { hide: true, querystring: queryText('printed') }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const { printed } = request.query
      return reply.view(
        'staff/mail/print-queue.njk',
        printQueuePage(await mail.printQueue(listedEntity(request.staff)), printed),
      )
    },
  )

  app.get(
    '/letters/print/letters.pdf',
    { schema: { hide: true }, preHandler: signedIn('handleComplaints') },
    async (request, reply) =>
      sendDocument(reply, {
        filename: 'letters-to-post.pdf',
        contentType: 'application/pdf',
        content: await mail.printQueuePdf(listedEntity(request.staff)),
      }),
  )

  app.post(
    '/letters/print/printed',
    { schema: { hide: true }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const ids = ([] as unknown[])
        .concat(body.letterId ?? [])
        .filter((v): v is string => typeof v === 'string')
      const marked = await mail.markPrinted(ids, currentStaff(request).id, listedEntity(request.staff))
      return reply.redirect(`/letters/print?printed=${marked}`, 303)
    },
  )
}
