import multipart from '@fastify/multipart'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { importColumns, templateRows } from '../../../domain/imports/columns.js'
import { csvText } from '../../../domain/text/csv.js'
import { addRow, xlsxStream } from '../../../services/documents/xlsxStream.js'
import { MAX_IMPORT_BYTES } from '../../../services/imports/complaintImports.js'
import { sendDocument } from '../../documents.js'
import { refusalOf } from '../../formErrors.js'
import type { FieldErrors } from '../../forms.js'
import { pathParams, queryText } from '../../params.js'
import { multipartForm, readUpload, uploadLimit } from '../../uploads.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { columnRows, importPage } from './viewModel.js'

const BASE = '/settings/import'
const idParams = pathParams('id')
const pageQuery = queryText('refusedPage', 'newPage', 'done')

/**
 * Importing a landlord's complaint history: upload a file, see its dry run, confirm it. Nothing
 * is written to the complaints until the person confirms.
 */
export const importRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services }) => {
  // The upload's CSRF token arrives on the body with the file, so the CSRF check reads it.
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: uploadLimit(MAX_IMPORT_BYTES), files: 1, fields: 5, fieldSize: 1000 },
  })
  const imports = services.complaintImports

  const start = async (reply: FastifyReply, errors?: FieldErrors) =>
    reply.code(errors ? 422 : 200).view('staff/imports/start.njk', {
      columns: columnRows(),
      recent: await imports.recent(),
      maxMb: MAX_IMPORT_BYTES / 1024 / 1024,
      errors,
    })

  app.get(BASE, { schema: { hide: true }, preHandler: signedIn('importHistory') }, (_request, reply) =>
    start(reply),
  )

  app.post(
    BASE,
    { schema: { hide: true }, preHandler: signedIn('importHistory') },
    async (request, reply) => {
      const staff = currentStaff(request)
      const { parts } = multipartForm(request.body)
      const part = parts.file
      const bytes = part ? await readUpload(part, MAX_IMPORT_BYTES) : undefined
      if (!bytes || bytes.length === 0) return start(reply, { file: 'Select a CSV or XLSX file to import' })
      const fileName = part?.filename || 'import.csv'
      if (!/\.(csv|xlsx)$/i.test(fileName))
        return start(reply, { file: 'The file must be a CSV or XLSX file' })
      let id = ''
      const refused = await refusalOf(async () => {
        id = await imports.upload({ fileName, bytes }, { id: staff.id, role: staff.role })
      }, [400, 422])
      if (refused) return start(reply, { file: refused.message })
      return reply.redirect(`${BASE}/${id}`, 303)
    },
  )

  app.get(
    `${BASE}/template.csv`,
    { schema: { hide: true }, preHandler: signedIn('importHistory') },
    (_request, reply) =>
      sendDocument(reply, {
        filename: 'complaint-history-template.csv',
        contentType: 'text/csv; charset=utf-8',
        content: Buffer.from(csvText(templateRows())),
      }),
  )

  app.get(
    `${BASE}/template.xlsx`,
    { schema: { hide: true }, preHandler: signedIn('importHistory') },
    (_request, reply) =>
      sendDocument(reply, {
        filename: 'complaint-history-template.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        content: xlsxStream({ title: 'Complaint history import' }, async (wb) => {
          const [header = [], example = []] = templateRows()
          const sheet = wb.addWorksheet('Complaints')
          addRow(sheet, header, true)
          addRow(sheet, example)
          sheet.commit()
          const about = wb.addWorksheet('Columns')
          addRow(about, ['Column', 'Required', 'What goes in it'], true)
          for (const c of importColumns) addRow(about, [c.key, c.required ? 'Yes' : 'No', c.description])
          about.commit()
        }),
      }),
  )

  app.get(
    `${BASE}/:id`,
    {
      schema: { hide: true, params: idParams, querystring: pageQuery },
      preHandler: signedIn('importHistory'),
    },
    async (request, reply) =>
      reply.view('staff/imports/dry-run.njk', {
        ...importPage(await imports.find(request.params.id), request.query),
        done: request.query.done === 'confirmed',
      }),
  )

  app.post(
    `${BASE}/:id/confirm`,
    { schema: { hide: true, params: idParams }, preHandler: signedIn('importHistory') },
    async (request, reply) => {
      const staff = currentStaff(request)
      const { id } = request.params
      await imports.confirm(id, { id: staff.id, role: staff.role })
      return reply.redirect(`${BASE}/${id}?done=confirmed`, 303)
    },
  )
}
