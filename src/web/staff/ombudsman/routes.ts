import multipart from '@fastify/multipart'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { MAX_DOCUMENT_BYTES } from '../../../domain/complaints/documents.js'
import { listedEntity } from '../../../domain/entities/access.js'
import type { OmbudsmanCase } from '../../../domain/ombudsman/ombudsmanCase.js'
import {
  directionKindLabels,
  directionKinds,
  ombudsmanCaseKindLabels,
  ombudsmanCaseKinds,
} from '../../../domain/ombudsman/vocabulary.js'
import { sendDocument } from '../../documents.js'
import { refusals } from '../../formErrors.js'
import { dateField, dateItems, type FieldErrors, type FormBody, field, partsOf } from '../../forms.js'
import { pageAsked } from '../../pagination.js'
import { doneQuery, idParams, pathParams, queryText } from '../../params.js'
import { type MultipartPart, multipartForm, readUpload, uploadLimit } from '../../uploads.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { downloadLinks, listDownloads } from '../listDownloads.js'
import { ombudsmanCasesDownload } from './download.js'
import {
  caseFilters,
  DETERMINATION_ELEMENTS,
  determinationElements,
  ombudsmanCasePage,
  ombudsmanListPage,
} from './viewModel.js'

type Body = FormBody

/**
 * The Housing Ombudsman's cases, in the staff web app: record a case on a complaint, the
 * evidence asked for and sent, the determination, the orders and recommendations, and the
 * evidence of compliance. One page per thing recorded; the case page shows what is owed.
 */
export const ombudsmanRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  await app.register(listDownloads(clock, ombudsmanCasesDownload(services)))
  // The evidence of compliance may come with a copy of what was sent: the form's fields arrive with it.
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: uploadLimit(MAX_DOCUMENT_BYTES), files: 1, fields: 20, fieldSize: 100_000 },
  })
  const ombudsman = services.ombudsman
  const todayParts = () => partsOf(londonDateOf(clock.now()))
  const owners = async (selected?: string) =>
    (await services.staffAccounts.handlers()).map((p) => ({
      value: p.id,
      text: p.name,
      selected: p.id === selected,
    }))

  /** A page about one case; on those about one evidence request or one direction, which. */
  const caseParams = z.object({
    caseId: z.string(),
    requestId: z.string().optional(),
    directionId: z.string().optional(),
  })
  type CaseParams = z.infer<typeof caseParams>

  // Record a case on a complaint.
  const renderNew = async (reply: FastifyReply, complaintId: string, body?: Body, errors?: FieldErrors) => {
    const { complaint } = await services.complaints.view(complaintId, 'admin')
    return reply.code(errors ? 422 : 200).view('staff/ombudsman/new.njk', {
      c: complaint,
      errors,
      v: body ?? {},
      kindItems: ombudsmanCaseKinds.map((k) => ({
        value: k,
        text: ombudsmanCaseKindLabels[k],
        checked: body ? field(body, 'kind') === k : false,
      })),
      receivedItems: dateItems('receivedOn', body, errors, todayParts()),
    })
  }
  app.get(
    '/complaints/:id/ombudsman/new',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => renderNew(reply, request.params.id),
  )
  app.post(
    '/complaints/:id/ombudsman/new',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const { id } = request.params
      const body = (request.body ?? {}) as Body
      const errors: FieldErrors = {}
      const receivedOn = dateField(body, 'receivedOn', 'the date the case came in', errors)
      let created: OmbudsmanCase | undefined
      const refused = await refusals(async () => {
        created = await ombudsman.open(id, currentStaff(request), {
          ombudsmanReference: field(body, 'ombudsmanReference'),
          kind: field(body, 'kind'),
          receivedOn,
        })
      })
      if (refused) return renderNew(reply, id, body, { ...refused, ...errors })
      return reply.redirect(`/ombudsman-cases/${created?.id}?done=opened`, 303)
    },
  )

  app.get(
    '/ombudsman-cases',
    { schema: { hide: true, querystring: queryText('show', 'page') }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const query = request.query
      const show = caseFilters.find((f) => f === query.show) ?? 'owed'
      const page = pageAsked(query.page)
      return reply.view('staff/ombudsman/owed.njk', {
        ...ombudsmanListPage(
          show,
          page,
          await ombudsman.list(show, page, undefined, listedEntity(request.staff)),
        ),
        downloads: downloadLinks('/ombudsman-cases', { show }),
      })
    },
  )

  app.get(
    '/ombudsman-cases/:caseId',
    {
      schema: { hide: true, params: pathParams('caseId'), querystring: doneQuery },
      preHandler: signedIn('viewCases'),
    },
    async (request, reply) => {
      const v = await ombudsman.view(request.params.caseId)
      return reply.view(
        'staff/ombudsman/case.njk',
        ombudsmanCasePage(v, {
          staffNames: new Map((await services.staffAccounts.list()).map((p) => [p.id, p.name])),
          improvements: await services.improvement.forOmbudsmanCase(v.case.id),
          canRecord: currentStaff(request).permissions.handleComplaints,
          today: londonDateOf(clock.now()),
          done: request.query.done,
        }),
      )
    },
  )

  /** A form page on a case: GET shows it, POST records it and goes back to the case. */
  function casePage(spec: {
    path: string
    template: string
    title: string
    values: (
      v: Awaited<ReturnType<typeof ombudsman.view>>,
      request: FastifyRequest,
      params: CaseParams,
      body?: Body,
      errors?: FieldErrors,
    ) => Promise<Record<string, unknown>> | Record<string, unknown>
    record: (
      params: CaseParams,
      request: FastifyRequest,
      body: Body,
      errors: FieldErrors,
      parts: Record<string, MultipartPart | undefined>,
    ) => Promise<unknown>
  }) {
    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      params: CaseParams,
      body?: Body,
      errors?: FieldErrors,
    ) => {
      const v = await ombudsman.view(params.caseId)
      return reply.code(errors ? 422 : 200).view(spec.template, {
        o: v.case,
        complaintReference: v.complaintReference,
        title: spec.title,
        formAction: request.url.split('?')[0],
        errors,
        v: body ?? {},
        ...(await spec.values(v, request, params, body, errors)),
      })
    }
    app.get(
      `/ombudsman-cases/:caseId/${spec.path}`,
      { schema: { hide: true, params: caseParams }, preHandler: signedIn('handleComplaints') },
      (request, reply) => render(request, reply, request.params),
    )
    app.post(
      `/ombudsman-cases/:caseId/${spec.path}`,
      { schema: { hide: true, params: caseParams }, preHandler: signedIn('handleComplaints') },
      async (request, reply) => {
        const { caseId } = request.params
        // A form with a file (the evidence of compliance) arrives as multipart.
        const { parts, body } = request.isMultipart()
          ? multipartForm(request.body)
          : { parts: {}, body: (request.body ?? {}) as Body }
        const errors: FieldErrors = {}
        const refused = await refusals(() => spec.record(request.params, request, body, errors, parts))
        if (refused) return render(request, reply, request.params, body, { ...refused, ...errors })
        return reply.redirect(`/ombudsman-cases/${caseId}?done=${spec.path.split('/')[0]}`, 303)
      },
    )
  }

  // The evidence pack: choose any documents to leave out (and say why), then download the ZIP.
  const renderPack = async (
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    body?: Body,
    errors?: FieldErrors,
  ) => {
    const v = await ombudsman.view(caseId)
    const chosen = body ? ([] as string[]).concat((body.leaveOut as string | string[] | undefined) ?? []) : []
    const documents = await ombudsman.packDocuments(v.case.id)
    return reply.code(errors ? 422 : 200).view('staff/ombudsman/evidence-pack.njk', {
      o: v.case,
      complaintReference: v.complaintReference,
      title: 'Make the evidence pack',
      formAction: request.url.split('?')[0],
      errors,
      v: body ?? {},
      documentItems: documents.map((d) => ({
        value: d.id,
        text: d.filename,
        hint: d.description ? { text: d.description } : undefined,
        checked: chosen.includes(d.id),
      })),
    })
  }
  app.get(
    '/ombudsman-cases/:caseId/evidence-pack',
    { schema: { hide: true, params: pathParams('caseId') }, preHandler: signedIn('handleComplaints') },
    (request, reply) => renderPack(request, reply, request.params.caseId),
  )
  app.post(
    '/ombudsman-cases/:caseId/evidence-pack',
    { schema: { hide: true, params: pathParams('caseId') }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const { caseId } = request.params
      const body = (request.body ?? {}) as Body
      let pack: { filename: string; zip: Uint8Array } | undefined
      const refused = await refusals(async () => {
        pack = await ombudsman.evidencePack(caseId, currentStaff(request), {
          leaveOut: ([] as string[]).concat((body.leaveOut as string | string[] | undefined) ?? []),
          reason: field(body, 'reason'),
        })
      })
      if (refused) return renderPack(request, reply, caseId, body, refused)
      return sendDocument(reply, {
        filename: pack?.filename ?? 'evidence.zip',
        contentType: 'application/zip',
        content: pack?.zip ?? new Uint8Array(),
      })
    },
  )

  casePage({
    path: 'kind',
    template: 'staff/ombudsman/kind.njk',
    title: 'Change what kind of case it is',
    values: (v, _r, _p, body, errors) => ({
      kindItems: ombudsmanCaseKinds
        .filter((k) => k !== v.case.kind)
        .map((k) => ({
          value: k,
          text: ombudsmanCaseKindLabels[k],
          checked: body ? field(body, 'kind') === k : false,
        })),
      onItems: dateItems('on', body, errors, todayParts()),
    }),
    record: ({ caseId }, request, body, errors) =>
      ombudsman.changeKind(caseId, currentStaff(request), {
        kind: field(body, 'kind'),
        on: dateField(body, 'on', 'the date it changed', errors),
      }),
  })

  casePage({
    path: 'evidence-request',
    template: 'staff/ombudsman/evidence-request.njk',
    title: 'Record an evidence request',
    values: (_v, _r, _p, body, errors) => ({
      requestedItems: dateItems('requestedOn', body, errors, todayParts()),
      dueItems: dateItems('dueOn', body, errors, {}),
    }),
    record: ({ caseId }, request, body, errors) =>
      ombudsman.requestEvidence(caseId, currentStaff(request), {
        requestedOn: dateField(body, 'requestedOn', 'the date of the request', errors),
        dueOn: dateField(body, 'dueOn', 'the due date', errors, true),
        what: field(body, 'what'),
      }),
  })

  casePage({
    path: 'evidence/:requestId/sent',
    template: 'staff/ombudsman/evidence-sent.njk',
    title: 'Record the evidence as sent',
    values: (v, _r, params, body, errors) => ({
      request: v.case.evidenceRequests.find((r) => r.id === params.requestId),
      sentItems: dateItems('sentOn', body, errors, todayParts()),
    }),
    record: ({ caseId, ...params }, request, body, errors) =>
      ombudsman.evidenceSent(caseId, currentStaff(request), {
        requestId: params.requestId ?? '',
        sentOn: dateField(body, 'sentOn', 'the date it was sent', errors),
        leftOut: field(body, 'leftOut'),
      }),
  })

  casePage({
    path: 'determination',
    template: 'staff/ombudsman/determination.njk',
    title: 'Record the determination',
    values: (_v, _r, _p, body, errors) => ({
      reportItems: dateItems('reportOn', body, errors, {}),
      elements: determinationElements(body),
    }),
    record: ({ caseId }, request, body, errors) =>
      ombudsman.recordDetermination(caseId, currentStaff(request), {
        reportOn: dateField(body, 'reportOn', 'the date of the report', errors),
        elements: Array.from({ length: DETERMINATION_ELEMENTS }, (_, i) => ({
          element: field(body, `element${i}`),
          finding: field(body, `finding${i}`) || undefined,
        })),
      }),
  })

  casePage({
    path: 'direction',
    template: 'staff/ombudsman/direction.njk',
    title: 'Record an order or recommendation',
    values: async (_v, request, _p, body, errors) => ({
      directionItems: [
        {
          value: 'order',
          text: 'Order (the landlord must do it)',
          checked: body ? field(body, 'direction') === 'order' : true,
        },
        {
          value: 'recommendation',
          text: 'Recommendation (the landlord should consider it)',
          checked: body ? field(body, 'direction') === 'recommendation' : false,
        },
      ],
      kindItems: directionKinds.map((k) => ({
        value: k,
        text: directionKindLabels[k],
        checked: body ? field(body, 'kind') === k : false,
      })),
      ownerItems: await owners(body ? field(body, 'ownerId') : currentStaff(request).id),
      dueItems: dateItems('dueOn', body, errors, {}),
    }),
    record: ({ caseId }, request, body, errors) => {
      const amountText = field(body, 'amount').replace(/^£/, '')
      let amount: number | undefined
      if (amountText) {
        amount = Number(amountText)
        if (!/^\d+(\.\d{1,2})?$/.test(amountText))
          errors.amount = 'Enter the amount in pounds, like 250 or 250.50'
      }
      return ombudsman.addDirection(caseId, currentStaff(request), {
        direction: field(body, 'direction'),
        kind: field(body, 'kind'),
        description: field(body, 'description'),
        amount: errors.amount ? Number.NaN : amount,
        ownerId: field(body, 'ownerId'),
        dueOn: dateField(body, 'dueOn', 'the due date', errors, true),
      })
    },
  })

  casePage({
    path: 'directions/:directionId/compliance',
    template: 'staff/ombudsman/compliance.njk',
    title: 'Record the evidence of compliance',
    values: (v, _r, params, body, errors) => ({
      d: v.case.directions.find((x) => x.id === params.directionId),
      sentItems: dateItems('sentOn', body, errors, todayParts()),
    }),
    record: async ({ caseId, directionId }, request, body, errors, parts) => {
      const part = parts.file?.filename ? parts.file : undefined
      const bytes = part ? await readUpload(part, MAX_DOCUMENT_BYTES) : undefined
      return ombudsman.recordCompliance(caseId, currentStaff(request), {
        directionId: directionId ?? '',
        evidence: field(body, 'evidence'),
        sentOn: dateField(body, 'sentOn', 'the date the evidence was sent', errors),
        ...(part && bytes ? { file: { filename: part.filename ?? '', bytes } } : {}),
      })
    },
  })
}
