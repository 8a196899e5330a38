import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { MAX_DOCUMENT_BYTES } from '../../../../domain/complaints/documents.js'
import { linkReasons } from '../../../../domain/complaints/events.js'
import {
  channels,
  complaintStates,
  contactMethods,
  decisions,
  remedyTypes,
} from '../../../../domain/complaints/vocabulary.js'
import { invalidInput } from '../../../../errors.js'
import type { Actor } from '../../../../services/complaints.js'
import { sendDocument } from '../../../documents.js'
import { readUpload, uploadLimit } from '../../../uploads.js'
import { type ApiOptions, requireStaff } from '../index.js'
import { calendarDate, instant, pounds, text } from '../schemas.js'
import { complaintSchema, presentComplaint, presentEvent } from './presenter.js'

const optionalInstant = instant.optional().transform((v) => (v ? new Date(v) : undefined))
const version = z
  .number()
  .int()
  .min(1)
  .optional()
  .describe('The version you last read: a stale one is refused with 409')
const params = z.object({ id: text(100).describe('The complaint id') })

const receiveBody = z.object({
  channel: z.enum(channels),
  receivedAt: instant,
  description: text(20_000),
  resident: z.object({
    name: text(200),
    email: text(320).optional(),
    phone: text(50).optional(),
    address: text(500).optional(),
    postcode: text(12).optional(),
    tenancyReference: text(100).optional(),
  }),
  outcomeSought: text(5_000).optional(),
  representative: z
    .object({
      name: text(200),
      relationship: text(100).optional(),
      email: text(320).optional(),
      phone: text(50).optional(),
      consentGiven: z
        .boolean()
        .describe('The resident has agreed to the representative acting for them (Code 1.3)'),
      consentDetails: text(1000).optional().describe('How the consent was given'),
    })
    .optional(),
  categories: z.array(text(100)).max(10).optional(),
  serviceRequestReference: text(100).optional(),
  linkedFrom: z
    .uuid()
    .optional()
    .describe('Code 6.8: the complaint whose later issues this new complaint holds'),
  linkReason: z
    .enum(linkReasons)
    .optional()
    .describe(
      'Code 6.8: why the issues are a new complaint. Before the earlier complaint’s stage 1 response only unrelated or would_delay; defaults to after_response after it',
    ),
  linkNote: text(2000).optional(),
  issueOccurredOn: calendarDate.optional().describe('Code 2.3: when the issue happened, if known'),
  residentAwareOn: calendarDate
    .optional()
    .describe('Code 2.3: when the resident became aware of the issue, if known'),
})

const listQuery = z.object({
  state: z
    .string()
    .optional()
    .describe(`Comma-separated: ${complaintStates.join(', ')}`)
    .refine((v) => !v || v.split(',').every((s) => (complaintStates as readonly string[]).includes(s)), {
      message: `must be one or more of: ${complaintStates.join(', ')}`,
    }),
  stage: z.coerce.number().int().min(1).max(2).optional(),
  handler: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional(),
  dueWithin: z.coerce
    .number()
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe('Due within this many working days from today'),
  category: text(100).optional(),
  channel: z.enum(channels).optional(),
  receivedFrom: calendarDate.optional(),
  receivedTo: calendarDate.optional(),
  q: z.string().max(200).optional().describe('Search by reference, resident name, email or postcode'),
  sort: z.enum(['received', 'due', 'reference', 'updated']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
})

const listItem = z.object({
  id: z.string(),
  reference: z.string(),
  state: z.string(),
  stage: z.number(),
  channel: z.string(),
  receivedAt: z.string(),
  receivedOn: z.string(),
  residentName: z.string(),
  categories: z.array(z.string()),
  handlers: z.object({ stage1: z.string().nullable(), stage2: z.string().nullable() }),
  currentHandler: z.string().nullable(),
  version: z.number(),
  nextDeadline: z
    .object({
      key: z.string(),
      due: z.string(),
      status: z.string(),
      workingDaysLeft: z.number().optional(),
      workingDaysOverdue: z.number().optional(),
    })
    .nullable(),
})

export const complaintRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const tags = ['Complaints']
  const complaints = services.complaints
  const actor = (request: Parameters<typeof requireStaff>[0]): Actor => {
    const s = requireStaff(request, 'handleComplaints')
    return { id: s.id, role: s.role }
  }
  const respond200 = { 200: complaintSchema }

  app.post(
    '/complaints',
    {
      schema: {
        tags,
        summary: 'Log a complaint (Code 1.2–1.3, 3.1)',
        description:
          'Honours Idempotency-Key: the same key and body within 24 hours returns the first result and creates nothing new.',
        headers: z.looseObject({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        body: receiveBody,
        response: { 201: complaintSchema },
      },
    },
    async (request, reply) => {
      const who = actor(request)
      const key = request.headers['idempotency-key']
      const { linkedFrom, receivedAt, ...rest } = request.body
      const result = await complaints.receive(
        { ...rest, receivedAt: new Date(receivedAt), linkedFromId: linkedFrom },
        who,
        key ? { key, body: request.body } : undefined,
      )
      if (result.replayed) reply.header('idempotent-replayed', 'true')
      return reply.code(201).send(presentComplaint(result.view))
    },
  )

  app.get(
    '/complaints',
    {
      schema: {
        tags,
        summary: 'List and search complaints',
        querystring: listQuery,
        response: {
          200: z.object({
            items: z.array(listItem),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request)
      const q = request.query
      const result = await complaints.list({
        states: q.state?.split(','),
        stage: q.stage,
        handlerId: q.handler,
        overdue: q.overdue === 'true',
        dueWithinWorkingDays: q.dueWithin,
        category: q.category,
        channel: q.channel,
        receivedFrom: q.receivedFrom,
        receivedTo: q.receivedTo,
        search: q.q,
        sort: q.sort,
        order: q.order,
        page: q.page,
        pageSize: q.pageSize,
      })
      return {
        total: result.total,
        page: result.page,
        pageSize: result.pageSize,
        items: result.items.map((i) => ({
          id: i.id,
          reference: i.reference,
          state: i.state,
          stage: i.stage,
          channel: i.channel,
          receivedAt: i.receivedAt.toISOString(),
          receivedOn: i.receivedOn,
          residentName: i.residentName,
          categories: i.categories,
          handlers: { stage1: i.stage1HandlerId, stage2: i.stage2HandlerId },
          currentHandler: i.currentHandlerId,
          version: i.version,
          nextDeadline:
            i.deadlineKey && i.deadlineDueOn && i.deadlineStatus
              ? { key: i.deadlineKey, due: i.deadlineDueOn, ...i.deadlineStatus }
              : null,
        })),
      }
    },
  )

  app.get(
    '/complaints/:id',
    {
      schema: {
        tags,
        summary: 'A complaint, with its deadlines and complete history',
        params,
        response: respond200,
      },
    },
    async (request) => presentComplaint(await complaints.view(request.params.id, requireStaff(request).role)),
  )

  app.get(
    '/complaints/:id/timeline',
    {
      schema: {
        tags,
        summary: 'The complaint’s history, oldest first',
        params,
        response: { 200: z.object({ items: z.array(z.looseObject({})) }) },
      },
    },
    async (request) => {
      const v = await complaints.view(request.params.id, requireStaff(request).role)
      return { items: v.complaint.events.map((e) => presentEvent(e, v.staffNames)) }
    },
  )

  app.get(
    '/complaints/:id/letters',
    {
      schema: {
        tags,
        summary: 'The letters issued on the complaint, with their full text',
        params,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                kind: z.string(),
                stage: z.number(),
                issuedAt: z.string(),
                text: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request)
      const letters = await complaints.letters(request.params.id)
      return { items: letters.map((l) => ({ ...l, issuedAt: l.issuedAt.toISOString() })) }
    },
  )

  app.post(
    '/complaints/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'Acknowledge, define and log the complaint at its current stage (Code 6.2, 6.11)',
        params,
        body: z.object({
          acknowledgedAt: optionalInstant,
          handlerId: text(100).optional().describe('Defaults to you'),
          definition: z.object({
            issues: z.array(text(2000)).max(50),
            outcomesSought: z.array(text(2000)).max(50),
            notResponsibleFor: z.array(text(2000)).max(50).optional(),
          }),
          discretion: z
            .object({ reason: text(5000) })
            .optional()
            .describe('Code 2.3: accepted although over 12 months old, and why'),
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.acknowledge(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/extensions',
    {
      schema: {
        tags,
        summary: 'Extend the current stage’s response deadline (Code 6.4, 6.15)',
        params,
        body: z.object({
          workingDays: z.number().int().min(-1000).max(1000),
          reason: text(5000),
          goodReason: text(5000).optional(),
          extendedAt: optionalInstant,
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.extend(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/responses',
    {
      schema: {
        tags,
        summary: 'Record the stage response (Code 6.6–6.9, 6.17–6.19)',
        params,
        body: z.object({
          respondedAt: optionalInstant,
          decision: z.enum(decisions),
          reasons: text(20_000),
          issueDecisions: z
            .array(
              z.object({ issueId: text(100), decision: z.enum(decisions), reasons: text(5000).optional() }),
            )
            .max(50)
            .optional(),
          remedies: z
            .array(
              z.object({
                type: z.enum(remedyTypes),
                description: text(2000).optional(),
                amount: pounds.optional(),
              }),
            )
            .max(20)
            .optional(),
          outstandingActions: z
            .array(z.object({ description: text(2000), dueOn: calendarDate }))
            .max(50)
            .optional(),
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.respond(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/escalations',
    {
      schema: {
        tags,
        summary: 'Record the resident’s request for stage 2; no reason is required (Code 6.10, 6.12)',
        params,
        body: z.object({
          requestedAt: optionalInstant,
          how: text(100).optional(),
          residentReason: text(5000).optional(),
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.requestEscalation(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/refusal',
    {
      schema: {
        tags,
        summary: 'Decline to accept, or to escalate, on one of the exclusion grounds (Code 2.1–2.5, 5.11)',
        params,
        body: z.object({
          reason: text(100),
          explanation: text(10_000),
          discretion: z
            .object({ reason: text(5000) })
            .optional()
            .describe(
              'Code 2.3: for older_than_12_months, why discretion to accept it was not used (the explanation, if not given)',
            ),
          refusedAt: optionalInstant,
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.refuse(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/withdrawal',
    {
      schema: {
        tags,
        summary: 'Record that the resident withdrew the complaint, and how they said so',
        params,
        body: z.object({
          how: text(200),
          note: text(5000).optional(),
          withdrawnAt: optionalInstant,
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.withdraw(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/consent',
    {
      schema: {
        tags,
        summary:
          'Record the resident’s consent for their representative, given after the complaint was logged (Code 1.3)',
        params,
        body: z.object({ how: text(1000), consentAt: optionalInstant, version }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.recordConsent(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/closure',
    {
      schema: {
        tags,
        summary: 'Close a responded complaint',
        params,
        body: z.object({ note: text(5000).optional(), closedAt: optionalInstant, version }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.close(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/issues',
    {
      schema: {
        tags,
        summary: 'Add an issue before the stage 1 response (Code 6.8)',
        params,
        body: z.object({ summary: text(2000), version }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.addIssue(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/assignment',
    {
      schema: {
        tags,
        summary: 'Assign or reassign the current stage (complaints officers and senior leads)',
        params,
        body: z.object({ handlerId: text(100), version }),
        response: respond200,
      },
    },
    async (request) => {
      const s = requireStaff(request, 'reassignComplaints')
      return presentComplaint(
        await complaints.reassign(request.params.id, { id: s.id, role: s.role }, request.body),
      )
    },
  )

  app.post(
    '/complaints/:id/notes',
    {
      schema: {
        tags,
        summary: 'Add a note',
        params,
        body: z.object({ text: text(20_000), version }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.addNote(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/contacts',
    {
      schema: {
        tags,
        summary: 'Record a contact with the resident or their representative',
        params,
        body: z.object({
          direction: z.enum(['incoming', 'outgoing']),
          method: z.enum(contactMethods),
          summary: text(20_000),
          contactAt: optionalInstant,
          version,
        }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(await complaints.recordContact(request.params.id, actor(request), request.body)),
  )

  app.post(
    '/complaints/:id/outstanding-actions/:actionId/completion',
    {
      schema: {
        tags,
        summary: 'Record that an outstanding action is complete (Code 6.6, 6.17)',
        params: params.extend({ actionId: text(100) }),
        body: z.object({ note: text(5000).optional(), completedAt: optionalInstant, version }),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(
        await complaints.completeAction(request.params.id, actor(request), {
          ...request.body,
          actionId: request.params.actionId,
        }),
      ),
  )

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
      requireStaff(request)
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
      requireStaff(request)
      return sendDocument(
        reply,
        await complaints.documentContent(request.params.id, request.params.documentId),
      )
    },
  )

  app.get(
    '/categories',
    {
      schema: {
        tags: ['Lists'],
        summary: 'The landlord’s complaint categories',
        response: {
          200: z.object({
            items: z.array(z.object({ code: z.string(), label: z.string(), active: z.boolean() })),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request)
      return { items: await complaints.categories() }
    },
  )

  app.get(
    '/exclusion-grounds',
    {
      schema: {
        tags: ['Lists'],
        summary: 'The grounds on which a complaint or escalation may be refused (Code 2.2)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                code: z.string(),
                label: z.string(),
                description: z.string(),
                active: z.boolean(),
                refusesEscalation: z
                  .boolean()
                  .describe('Whether it may also refuse a stage 2 request (Code 5.11)'),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request)
      return { items: await complaints.exclusionGrounds() }
    },
  )
}
