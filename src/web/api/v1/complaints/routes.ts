import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { linkReasons } from '../../../../domain/complaints/events.js'
import { channels, complaintStates, tenures } from '../../../../domain/complaints/vocabulary.js'
import { invalidInput } from '../../../../errors.js'
import { listCursorLength } from '../../../../services/complaints/queries.js'
import { showedCase } from '../../../accessLog.js'
import { sendDocument } from '../../../documents.js'
import { keysFromCursor, pageCursor } from '../../../pagination.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { calendarDate, instant, text } from '../schemas.js'
import { complaintActionRoutes } from './actionRoutes.js'
import { complaintDocumentRoutes } from './documentRoutes.js'
import { complaintSchema, presentComplaint, presentEvent } from './presenter.js'

import { actor, params, respond200, tags } from './shared.js'

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
    postOnly: z.boolean().optional().describe('Letters by post only, never by email'),
    largePrint: z.boolean().optional().describe('Letters in large print'),
  }),
  outcomeSought: text(5_000).optional(),
  representative: z
    .object({
      name: text(200),
      relationship: text(100).optional(),
      email: text(320).optional(),
      phone: text(50).optional(),
      address: text(500).optional().describe('Where letters are posted once consent is recorded'),
      postcode: text(12).optional(),
      consentGiven: z
        .boolean()
        .describe('The resident has agreed to the representative acting for them (Code 1.3)'),
      consentDetails: text(1000).optional().describe('How the consent was given'),
    })
    .optional(),
  categories: z.array(text(100)).max(10).optional(),
  serviceRequestReference: text(100).optional(),
  tenure: z
    .enum(tenures)
    .optional()
    .describe(
      'For the TSM: lcra (low-cost rental), lcho (low-cost home ownership) or other; omitted if not recorded',
    ),
  entityId: z
    .uuid()
    .optional()
    .describe(
      'The landlord entity (registered provider) the resident’s tenancy is with (GET /api/v1/entities); omitted: the one on the resident’s record, else the default',
    ),
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
  after: z
    .string()
    .max(400)
    .optional()
    .describe(
      'The `next` of the page before: the page after it, read by keyset however deep (page is then ignored)',
    ),
})

/** Pages by number reach this many complaints; past them, `after` (the cursor each page gives as `next`). */
const numberedUpTo = 10_000

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

export const complaintRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, options) => {
  const { services } = options
  const complaints = services.complaints

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
            totalExact: z
              .boolean()
              .describe(
                'False when more than 2,000 complaints match a filter: total is then the database’s estimate',
              ),
            page: z.number(),
            pageSize: z.number(),
            next: z.string().nullable().describe('Pass as `after` for the next page; null on the last page'),
          }),
        },
      },
    },
    async (request) => {
      const staff = requireStaff(request, 'viewCases')
      const q = request.query
      const pageSize = q.pageSize ?? 25
      const after = keysFromCursor(q.after, listCursorLength(q.sort ?? 'received'))
      if (!after && (q.page ?? 1) * pageSize > numberedUpTo)
        throw invalidInput(
          `Pages by number reach the first ${numberedUpTo.toLocaleString('en-GB')} complaints: read on with after=, the next of each page`,
        )
      const result = await complaints.list({
        viewer: staff,
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
        page: after ? 1 : q.page,
        pageSize,
        after,
      })
      return {
        total: result.total,
        totalExact: result.totalExact,
        page: result.page,
        pageSize: result.pageSize,
        next: result.lastKeys && result.items.length === result.pageSize ? pageCursor(result.lastKeys) : null,
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
    async (request) => {
      const v = await complaints.view(request.params.id, requireStaff(request, 'viewCases').role)
      showedCase(request, v.complaint)
      return presentComplaint(v)
    },
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
      const v = await complaints.view(request.params.id, requireStaff(request, 'viewCases').role)
      showedCase(request, v.complaint, 'case_history', `History of ${v.complaint.reference}`)
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
      const v = await complaints.view(request.params.id, requireStaff(request, 'viewCases').role)
      showedCase(request, v.complaint, 'letter', `Letters on ${v.complaint.reference}`)
      const letters = await complaints.letters(request.params.id)
      return { items: letters.map((l) => ({ ...l, issuedAt: l.issuedAt.toISOString() })) }
    },
  )

  app.get(
    '/complaints/:id/letters/:letterId/pdf',
    {
      schema: {
        tags,
        summary: 'A letter as the PDF sent with its email (A4, tagged, from the text as issued)',
        params: params.extend({ letterId: text(100) }),
      },
    },
    async (request, reply) => {
      requireStaff(request, 'viewCases')
      const { filename, pdf } = await services.mail.letterPdf(request.params.id, request.params.letterId)
      return sendDocument(reply, { filename, contentType: 'application/pdf', content: pdf })
    },
  )

  app.post(
    '/complaints/:id/letters/:letterId/reissue',
    {
      schema: {
        tags,
        summary: 'Reissue a letter: a new letter, with today’s wording, that says which letter it replaces',
        params: params.extend({ letterId: text(100) }),
        body: z.object({ version: z.number().int().min(1).optional() }).nullish(),
        response: respond200,
      },
    },
    async (request) =>
      presentComplaint(
        await complaints.reissueLetter(request.params.id, actor(request), {
          letterId: request.params.letterId,
          version: request.body?.version,
        }),
      ),
  )

  await app.register(complaintActionRoutes, options)
  await app.register(complaintDocumentRoutes, options)
}
