import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { MAX_DOCUMENT_BYTES } from '../../../../domain/complaints/documents.js'
import { invalidInput } from '../../../../errors.js'
import { sendDocument } from '../../../documents.js'
import { readUpload, uploadLimit } from '../../../uploads.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { text } from '../schemas.js'
import { presentComplaint } from './presenter.js'

import { actor, params, respond200, tags } from './shared.js'

/** Documents on a complaint: attached as multipart, listed, downloaded exactly as attached. */
export const complaintDocumentRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const complaints = services.complaints

  await app.register(multipart, {
    limits: { fileSize: uploadLimit(MAX_DOCUMENT_BYTES), files: 1, fields: 5, fieldSize: 100_000 },
  })

  app.post(
    '/complaints/:id/documents',
    {
      schema: {
        tags,
        summary: 'Attach a document (multipart/form-data: a "file" part and an optional "description")',
        description:
          'PDF, images, Office documents, emails or text, up to 10 MB; checked by content. Never changed or removed once attached.',
        params,
        response: respond200,
      },
    },
    async (request) => {
      const who = actor(request)
      if (!request.isMultipart())
        throw invalidInput('Send the document as multipart/form-data with a "file" part')
      const part = await request.file()
      if (part?.fieldname !== 'file') throw invalidInput('Send the document in a part named "file"')
      if (!part.filename?.trim())
        throw invalidInput('The "file" part needs a filename, such as survey.pdf', [
          { field: 'file', message: 'The file part has no filename' },
        ])
      const bytes = (await readUpload(part, MAX_DOCUMENT_BYTES)) ?? Buffer.alloc(0)
      const description = (part.fields.description as { value?: unknown } | undefined)?.value
      return presentComplaint(
        await complaints.attachDocument(request.params.id, who, {
          filename: part.filename,
          bytes,
          description: typeof description === 'string' ? description : undefined,
        }),
      )
    },
  )

  app.get(
    '/complaints/:id/documents',
    {
      schema: {
        tags,
        summary: 'The documents attached to the complaint',
        params,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                filename: z.string(),
                contentType: z.string(),
                size: z.number(),
                sha256: z.string(),
                description: z.string().nullable(),
                uploadedAt: z.string(),
                uploadedBy: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request, 'viewCases')
      const docs = await complaints.documents(request.params.id)
      return { items: docs.map((d) => ({ ...d, uploadedAt: d.uploadedAt.toISOString() })) }
    },
  )

  app.get(
    '/complaints/:id/documents/:documentId',
    {
      schema: {
        tags,
        summary: 'Download a document, exactly as attached',
        params: params.extend({ documentId: text(100) }),
      },
    },
    async (request, reply) => {
      requireStaff(request, 'viewCases')
      return sendDocument(
        reply,
        await complaints.documentContent(request.params.id, request.params.documentId),
      )
    },
  )
}
