import multipart from '@fastify/multipart'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { documentKinds, MAX_DOCUMENT_BYTES } from '../../../domain/complaints/documents.js'
import { AppError } from '../../../errors.js'
import type { ComplaintView } from '../../../services/complaints.js'
import { sendDocument } from '../../documents.js'
import { refusalOf } from '../../formErrors.js'
import { type FieldErrors, field } from '../../forms.js'
import { idParams, pathParams } from '../../params.js'
import { multipartForm, readUpload, uploadLimit } from '../../uploads.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'

export const documentRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services }) => {
  // The upload form's fields (CSRF token, version) arrive on the body, so the CSRF check reads them.
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: uploadLimit(MAX_DOCUMENT_BYTES), files: 1, fields: 10, fieldSize: 100_000 },
  })
  const accepted = Object.keys(documentKinds)
    .map((k) => `.${k}`)
    .join(',')

  const render = (reply: FastifyReply, v: ComplaintView, errors?: FieldErrors, description = '') =>
    reply.code(errors ? 422 : 200).view('staff/complaints/actions/document.njk', {
      c: v.complaint,
      title: 'Attach a document',
      formAction: `/complaints/${v.complaint.id}/document`,
      version: v.complaint.version,
      errors,
      description,
      accepted,
      allowedList: [...new Set(Object.values(documentKinds).map((k) => k.label))].join(', '),
      maxMb: MAX_DOCUMENT_BYTES / 1024 / 1024,
      enctype: 'multipart/form-data',
    })

  app.get(
    '/complaints/:id/document',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const { id } = request.params
      const v = await services.complaints.view(id, currentStaff(request).role)
      if (!v.allowedActions.includes('attachDocument'))
        throw new AppError(
          409,
          'not_allowed_now',
          'A closed complaint is never changed; attach the document to a new complaint linked to it.',
        )
      return render(reply, v)
    },
  )

  app.post(
    '/complaints/:id/document',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const staff = currentStaff(request)
      const { id } = request.params
      const { parts, body } = multipartForm(request.body)
      const v = await services.complaints.view(id, staff.role)
      const part = parts.file
      const bytes = part ? await readUpload(part, MAX_DOCUMENT_BYTES) : undefined
      const filename = part?.filename ?? ''
      if (!bytes || bytes.length === 0)
        return render(reply, v, { file: 'Select a file to attach' }, field(body, 'description'))
      // A file the rules refuse (422), or a case changed meanwhile (409): said beside the file.
      const refused = await refusalOf(
        () =>
          services.complaints.attachDocument(
            id,
            { id: staff.id, role: staff.role },
            {
              filename,
              bytes,
              description: field(body, 'description') || undefined,
              version: /^\d+$/.test(field(body, 'version')) ? Number(field(body, 'version')) : undefined,
            },
          ),
        [409, 422],
      )
      if (refused)
        return render(
          reply,
          await services.complaints.view(id, staff.role),
          { file: refused.message },
          field(body, 'description'),
        )
      return reply.redirect(`/complaints/${id}?done=document`, 303)
    },
  )

  app.get(
    '/complaints/:id/documents/:documentId',
    { schema: { hide: true, params: pathParams('id', 'documentId') }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const { id, documentId } = request.params
      return sendDocument(reply, await services.complaints.documentContent(id, documentId))
    },
  )
}
