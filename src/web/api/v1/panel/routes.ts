import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { panelCommentKinds, panelSubjects } from '../../../../domain/scrutiny/panelComment.js'
import type { PanelCommentShown } from '../../../../services/scrutiny/panel.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { reportingYear, text } from '../schemas.js'

const tags = ['Residents’ panel']

const commentSchema = z.object({
  id: z.string(),
  about: z.object({ kind: z.enum(panelSubjects), key: z.string(), label: z.string() }),
  reportingYear: z.number().int(),
  kind: z.enum(panelCommentKinds),
  text: z.string(),
  madeAt: z.string(),
  madeBy: z.string(),
  status: z.enum(['open', 'answered']),
  answer: z
    .object({ text: z.string(), whatChanged: z.string().nullable(), at: z.string(), by: z.string() })
    .optional(),
  version: z.number().int(),
})

const present = (c: PanelCommentShown): z.infer<typeof commentSchema> => ({
  id: c.id,
  about: { ...c.subject, label: c.subjectLabel },
  reportingYear: c.reportingYear,
  kind: c.kind,
  text: c.text,
  madeAt: c.madeAt.toISOString(),
  madeBy: c.madeByName,
  status: c.status,
  ...(c.answer
    ? {
        answer: {
          text: c.answer.text,
          whatChanged: c.answer.whatChanged,
          at: c.answer.at.toISOString(),
          by: c.answeredByName ?? 'The complaints team',
        },
      }
    : {}),
  version: c.version,
})

/**
 * Code 9.3: the residents' panel's comments and challenges, and the complaints team's answers, as
 * the board's reports are: for a panel that keeps its own records, or a landlord's scrutiny portal.
 */
export const panelApiRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const panel = services.panel

  app.get(
    '/panel/comments',
    {
      schema: {
        tags,
        summary:
          'The panel’s comments and challenges with their answers: the latest, those waiting for an answer (open=true), or a reporting year’s',
        querystring: z.object({ open: z.enum(['true', 'false']).optional(), year: reportingYear.optional() }),
        response: { 200: z.object({ items: z.array(commentSchema) }) },
      },
    },
    async (request) => {
      requireStaff(request, 'readPanelComments')
      const q = request.query
      const items =
        q.open === 'true'
          ? await panel.awaitingAnswer()
          : q.year !== undefined
            ? await panel.ofYear(q.year)
            : await panel.recent()
      return { items: items.map(present) }
    },
  )

  app.post(
    '/panel/comments',
    {
      schema: {
        tags,
        summary: 'A comment or challenge from the residents’ panel, naming what it is about (Code 9.3)',
        body: z.object({
          about: z.enum(panelSubjects),
          key: text(200)
            .optional()
            .describe(
              'Which one: a month, quarter or year (2026-03, 2025-Q3, 2025), a reporting year, a theme, an improvement action id; none for the policy',
            ),
          kind: z.enum(panelCommentKinds),
          text: text(5000),
        }),
        response: { 201: commentSchema },
      },
    },
    async (request, reply) => {
      const s = requireStaff(request, 'scrutinise')
      const c = await panel.comment(request.body, { id: s.id, role: s.role })
      return reply.code(201).send(present(await panel.view(c.id, { id: s.id, role: s.role })))
    },
  )

  app.post(
    '/panel/comments/:id/answer',
    {
      schema: {
        tags,
        summary: 'The complaints team’s answer, on the record, and what changed because of it (Code 9.3)',
        params: z.object({ id: text(100).describe('The comment id') }),
        body: z.object({
          answer: text(5000),
          whatChanged: text(5000).optional(),
          version: z.number().int().positive().optional().describe('The version you saw; 409 if it moved on'),
        }),
        response: { 200: commentSchema },
      },
    },
    async (request) => {
      const s = requireStaff(request, 'answerPanel')
      const actor = { id: s.id, role: s.role }
      const { version, ...input } = request.body
      await panel.answer(request.params.id, input, actor, version)
      return present(await panel.view(request.params.id, actor))
    },
  )
}
