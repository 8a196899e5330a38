import multipart from '@fastify/multipart'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { MAX_DOCUMENT_BYTES } from '../../../domain/complaints/documents.js'
import { lastReportingYear } from '../../../domain/reports/reportingYear.js'
import { codeSections } from '../../../domain/selfAssessment/code2024.js'
import { AppError } from '../../../errors.js'
import { sendDocument } from '../../documents.js'
import { fieldErrorsOf, refusalOf } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { doneQuery, idParams, pathParams, queryText } from '../../params.js'
import { multipartForm, readUpload, uploadLimit } from '../../uploads.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { entityItems } from '../entities/viewModel.js'
import { commentRow } from '../panel/viewModel.js'
import { fieldId, overviewModel } from './overview.js'
import { assessmentListPage, sectionPage } from './viewModel.js'

/** A section of the Code in an assessment, and the provision just saved or reviewed (`?saved=`, `?reviewed=`). */
const sectionSchema = {
  hide: true,
  params: pathParams('id', 'n'),
  querystring: queryText('saved', 'reviewed'),
} as const
type SectionPage = { id: string; n: string; saved?: string; reviewed?: string }

const downloadTypes = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
} as const

/**
 * Code 8.1–8.4: the self-assessment against the Code in the staff web app: start one, answer
 * each section's provisions beside what the records show, complete it, and have the governing
 * body (or its MRC) approve it.
 */
export const selfAssessmentRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (
  app,
  { services, clock },
) => {
  const sa = services.selfAssessment
  // Evidence uploads: the form's fields (CSRF token, provision) arrive on the body with the file.
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: uploadLimit(MAX_DOCUMENT_BYTES), files: 1, fields: 10, fieldSize: 100_000 },
  })

  /**
   * The assessments, and the form to start one. In a group (issue 34) each is the group's or one
   * landlord's, chosen when starting; a person limited to one landlord sees and starts its own.
   */
  const list = async (
    request: FastifyRequest,
    reply: FastifyReply,
    failed?: { body: FormBody; errors: FieldErrors },
  ) => {
    const current = lastReportingYear(londonDateOf(clock.now()))
    const staff = currentStaff(request)
    const [items, entities] = await Promise.all([sa.list(staff), services.entities.list()])
    const own = entities.find((e) => e.id === staff.entityId)
    return reply.code(failed ? 422 : 200).view('staff/self-assessment/list.njk', {
      ...assessmentListPage(items, current, failed),
      group: entities.length > 1,
      ownLandlord: own?.displayName,
      entityItems: own
        ? undefined
        : entityItems(
            entities,
            failed ? field(failed.body, 'entity') : undefined,
            'The group (every landlord, under one policy)',
          ),
    })
  }

  app.get(
    '/self-assessment',
    { schema: { hide: true }, preHandler: signedIn('readReports') },
    (request, reply) => list(request, reply),
  )

  app.post(
    '/self-assessment',
    { schema: { hide: true }, preHandler: signedIn('manageReports') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      let id: string | undefined
      // An assessment already started for the year (409) is said beside the year.
      const refused = await refusalOf(async () => {
        id = (
          await sa.start(
            {
              year: field(body, 'year') || undefined,
              trigger: field(body, 'trigger'),
              note: field(body, 'note'),
              entity: field(body, 'entity'),
            },
            currentStaff(request),
          )
        ).id
      }, [409, 422])
      if (refused)
        return list(request, reply, {
          body,
          errors: refused.status === 409 ? { year: refused.message } : fieldErrorsOf(refused),
        })
      return reply.redirect(`/self-assessment/${id}`, 303)
    },
  )

  const overview = async (reply: FastifyReply, id: string, notice?: string, problem?: string) => {
    const v = await sa.view(id)
    // Code 9.3: the residents' panel's comments on the year, as the document prints them.
    const [panel, entities] = await Promise.all([
      services.panel.ofYear(v.assessment.year),
      services.entities.list(),
    ])
    return reply.code(problem ? 409 : 200).view('staff/self-assessment/overview.njk', {
      v,
      // In a group, whom it assesses (issue 34): one landlord, or the group.
      landlord: entities.length > 1 ? v.landlord : undefined,
      a: v.assessment,
      m: overviewModel(v),
      panel: panel.map(commentRow),
      problem,
      notice,
    })
  }

  app.get(
    '/self-assessment/:id',
    { schema: { hide: true, params: idParams, querystring: doneQuery }, preHandler: signedIn('readReports') },
    (request, reply) => overview(reply, request.params.id, request.query.done),
  )

  for (const [path, permission, run] of [
    ['complete', 'manageReports', sa.complete],
    ['approve', 'approveReports', sa.approve],
  ] as const)
    app.post(
      `/self-assessment/:id/${path}`,
      { schema: { hide: true, params: idParams, querystring: doneQuery }, preHandler: signedIn(permission) },
      async (request, reply) => {
        const { id } = request.params
        const refused = await refusalOf(() => run(id, currentStaff(request)), [409, 422])
        if (refused) return overview(reply, id, request.query.done, refused.message)
        return reply.redirect(`/self-assessment/${id}?done=${path}`, 303)
      },
    )

  app.post(
    '/self-assessment/:id/section/:n/evidence',
    { schema: sectionSchema, preHandler: signedIn('manageReports') },
    async (request, reply) => {
      const { id, n } = request.params
      const page = { ...request.params, ...request.query }
      const { parts, body } = multipartForm(request.body)
      const provision = field(body, 'provision')
      const f = fieldId(provision)
      const part = parts.file
      const bytes = part ? await readUpload(part, MAX_DOCUMENT_BYTES) : undefined
      if (!bytes || bytes.length === 0)
        return section(reply, page, { provision, errors: { [`${f}-file`]: 'Select a file to upload' } })
      const refused = await refusalOf(
        () =>
          sa.attachEvidence(id, provision, { filename: part?.filename ?? '', bytes }, currentStaff(request)),
        [409, 422],
      )
      if (refused) return section(reply, page, { provision, errors: { [`${f}-file`]: refused.message } })
      return reply.redirect(
        `/self-assessment/${id}/section/${n}?saved=${encodeURIComponent(provision)}#${f}`,
        303,
      )
    },
  )

  app.get(
    '/self-assessment/:id/evidence/:documentId',
    { schema: { hide: true, params: pathParams('id', 'documentId') }, preHandler: signedIn('readReports') },
    async (request, reply) => {
      const { id, documentId } = request.params
      const d = await sa.evidenceDocument(id, documentId)
      return sendDocument(reply, { filename: d.filename, contentType: d.contentType, content: d.content })
    },
  )

  app.get(
    '/self-assessment/:id/download/:file',
    { schema: { hide: true, params: pathParams('id', 'file') }, preHandler: signedIn('readReports') },
    async (request, reply) => {
      const { id, file } = request.params
      const format = (['pdf', 'docx', 'html'] as const).find((f) => file === `assessment.${f}`)
      if (!format) throw new AppError(404, 'not_found', 'There is no such download')
      const d = await sa.document(id, format)
      return sendDocument(reply, {
        filename: `complaint-handling-code-self-assessment-${d.year}${d.approved ? '' : '-draft'}.${format}`,
        contentType: downloadTypes[format],
        content: typeof d.content === 'string' ? Buffer.from(d.content) : d.content,
      })
    },
  )

  const section = async (
    reply: FastifyReply,
    { id, n, saved, reviewed }: SectionPage,
    /** `body`: the answer form as sent, shown again; none when another form of the provision's failed. */
    failed?: { provision: string; body?: FormBody; errors: FieldErrors },
  ) => {
    const number = Number(n)
    const meta = codeSections.find((s) => s.number === number)
    if (!meta) throw new AppError(404, 'not_found', 'The Code has no such section')
    const [v, actions] = await Promise.all([sa.view(id), services.improvement.list({ open: false })])
    return reply.code(failed ? 422 : 200).view('staff/self-assessment/section.njk', {
      ...sectionPage(v, number, actions, failed),
      notice: saved,
      reviewed,
    })
  }

  app.get(
    '/self-assessment/:id/section/:n',
    { schema: sectionSchema, preHandler: signedIn('readReports') },
    (request, reply) => section(reply, { ...request.params, ...request.query }),
  )

  app.post(
    '/self-assessment/:id/section/:n',
    { schema: sectionSchema, preHandler: signedIn('manageReports') },
    async (request, reply) => {
      const { id, n } = request.params
      const page = { ...request.params, ...request.query }
      const body = (request.body ?? {}) as FormBody
      const provision = field(body, 'provision')
      const f = fieldId(provision)
      const refused = await refusalOf(
        () =>
          sa.answer(
            id,
            {
              provision,
              comply: field(body, 'comply'),
              evidence: field(body, 'evidence'),
              links: field(body, 'links').split(/\s*\n\s*/),
              commentary: field(body, 'commentary'),
              actionId: field(body, 'actionId'),
              explanation: {
                action: field(body, 'explanationAction'),
                timescale: field(body, 'explanationTimescale'),
              },
            },
            currentStaff(request),
          ),
        [409, 422],
      )
      const fieldFor = {
        comply: `${f}-comply`,
        evidence: `${f}-evidence`,
        links: `${f}-links`,
        commentary: `${f}-commentary`,
        explanationAction: `${f}-explanation-action`,
        explanationTimescale: `${f}-explanation-timescale`,
      }
      // Not allowed now (409: the assessment is complete) is said beside the answer.
      if (refused)
        return section(reply, page, {
          provision,
          body,
          errors:
            refused.status === 409
              ? { [`${f}-comply`]: refused.message }
              : fieldErrorsOf(refused, { fieldFor }),
        })
      return reply.redirect(
        `/self-assessment/${id}/section/${n}?saved=${encodeURIComponent(provision)}#${f}`,
        303,
      )
    },
  )

  // Code 8.1: a provision carried over from the earlier assessment, confirmed unchanged by the
  // person signed in (changing its answer above reviews it too).
  app.post(
    '/self-assessment/:id/section/:n/review',
    { schema: sectionSchema, preHandler: signedIn('manageReports') },
    async (request, reply) => {
      const { id, n } = request.params
      const page = { ...request.params, ...request.query }
      const body = (request.body ?? {}) as FormBody
      const provision = field(body, 'provision')
      const f = fieldId(provision)
      const refused = await refusalOf(() => sa.review(id, provision, currentStaff(request)), [409, 422])
      if (refused) return section(reply, page, { provision, errors: { [`${f}-review`]: refused.message } })
      return reply.redirect(
        `/self-assessment/${id}/section/${n}?reviewed=${encodeURIComponent(provision)}#${f}`,
        303,
      )
    },
  )
}
