import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  publishedDocuments,
  type RecordedSubmission,
} from '../../../../domain/annualSubmission/submission.js'
import { sendDocument } from '../../../documents.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { calendarDate, reportingYear, text } from '../schemas.js'

const tags = ['Annual submission']
const year = reportingYear.describe('2025 is the year 1 April 2025 to 31 March 2026')

const linksSchema = z.object(
  Object.fromEntries(publishedDocuments.map((d) => [d, z.string()])) as Record<
    (typeof publishedDocuments)[number],
    z.ZodString
  >,
)
const answer = z.object({
  provision: z.string(),
  section: z.number().int(),
  requirement: z.string(),
  yes: z.boolean(),
  comment: z.string(),
})
const deadline = z
  .object({ due: z.string(), why: z.string() })
  .describe(
    'Derived: 30 September after the year for more than 1,000 homes, otherwise 6 months after the financial year end, with why in words',
  )
const submission = z.object({
  seq: z.number().int(),
  submittedAt: z.string(),
  submittedBy: z.string(),
  organisation: z.object({
    name: z.string(),
    registeredProviderNumber: z.string(),
    ombudsmanLandlordId: z.string(),
    homes: z.number().int(),
  }),
  financialYearEnd: z.string(),
  deadline,
  links: linksSchema,
  assessment: z.object({
    id: z.string(),
    trigger: z.string(),
    approvedBy: z.string(),
    approvedAt: z.string(),
  }),
  answers: z.array(answer),
})
const present = (s: RecordedSubmission) => ({
  seq: s.seq,
  submittedAt: s.at.toISOString(),
  submittedBy: s.byName,
  organisation: s.organisation,
  financialYearEnd: s.financialYearEnd,
  deadline: s.deadline,
  links: s.links,
  assessment: s.assessment,
  answers: s.answers,
})

/** The Housing Ombudsman's annual submission: a year's as it stands, recording one, and its export. */
export const annualSubmissionApiRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const submissions = services.annualSubmission

  app.get(
    '/annual-submissions/:year',
    {
      schema: {
        tags,
        summary:
          'A year’s annual submission to the Ombudsman: its state, deadline, the approved self-assessment’s yes or no for every provision, and every submission recorded',
        params: z.object({ year }),
        response: {
          200: z.object({
            year: z.number().int(),
            state: z.enum(['not_submitted', 'submitted', 'resubmission_due']),
            why: z.string(),
            deadline: deadline.nullable(),
            homes: z.number().int().nullable(),
            assessment: z
              .object({ id: z.string(), trigger: z.string(), status: z.string() })
              .nullable()
              .describe(
                'The self-assessment to submit: the latest approved, or else the annual one as it stands',
              ),
            answers: z
              .array(answer)
              .describe('From the approved self-assessment; empty until one is approved'),
            version: z.number().int().describe('Send as expectedVersion when recording'),
            submissions: z.array(submission).describe('Oldest first, each exactly as recorded'),
          }),
        },
      },
    },
    async (request) => {
      requireStaff(request, 'readReports')
      const v = await submissions.forYear(request.params.year)
      return {
        year: v.year,
        state: v.state.state,
        why: v.state.why,
        deadline: v.deadline ?? null,
        homes: v.homes,
        assessment: v.assessment
          ? {
              id: v.assessment.id,
              trigger: v.assessment.trigger,
              status: v.approved ? 'approved' : 'not_approved',
            }
          : null,
        answers: v.answers,
        version: v.history.version,
        submissions: v.history.submissions.map(present),
      }
    },
  )

  app.post(
    '/annual-submissions/:year',
    {
      schema: {
        tags,
        summary:
          'Record the year’s submission as sent: refused unless the self-assessment is approved (Code 8.1) and each published document has an https address',
        params: z.object({ year }),
        body: z.object({
          name: text(400).optional(),
          registeredProviderNumber: text(100).optional(),
          ombudsmanLandlordId: text(100).optional(),
          financialYearEnd: calendarDate.optional(),
          links: z.object(
            Object.fromEntries(publishedDocuments.map((d) => [d, text(4000).optional()])) as Record<
              (typeof publishedDocuments)[number],
              z.ZodOptional<z.ZodString>
            >,
          ),
          confirmed: z
            .boolean()
            .describe(
              'True: the yes and no answers are those of the self-assessment the governing body approved',
            ),
          expectedVersion: z.number().int().min(0).optional(),
        }),
        response: { 201: submission },
      },
    },
    async (request, reply) => {
      const s = requireStaff(request, 'manageReports')
      const { expectedVersion, ...input } = request.body
      const h = await submissions.record(
        request.params.year,
        input,
        { id: s.id, role: s.role },
        expectedVersion,
      )
      const last = h.submissions.at(-1)
      if (!last) throw new Error('A submission recorded is in its history')
      return reply.code(201).send(present(last))
    },
  )

  app.get(
    '/annual-submissions/:year/export',
    {
      schema: {
        tags,
        summary:
          'The latest submission as the Ombudsman’s form asks: the organisation and links, then one row a provision (number, section, requirement, yes or no, comment), as CSV or a workbook',
        params: z.object({ year }),
        querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }),
      },
    },
    async (request, reply) => {
      requireStaff(request, 'readReports')
      const { format } = request.query
      const { year: y, content } = await submissions.export(request.params.year, format)
      return sendDocument(reply, {
        filename: `ombudsman-submission-${y}-${String(y + 1).slice(2)}.${format}`,
        contentType:
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        content,
      })
    },
  )
}
