import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { parseReportingYear, yearLabel } from '../../../domain/reports/reportingYear.js'
import { AppError } from '../../../errors.js'
import { pathParams } from '../../params.js'
import type { ResidentWebOptions } from '../shared.js'

const schema = { hide: true, params: pathParams('year') }

/**
 * Code 8.1, 8.2: the annual complaints reports the landlord has published, for anyone to read:
 * the latest version of each year's report, exactly as published.
 */
export const annualReportPublicRoutes: FastifyPluginAsyncZod<ResidentWebOptions> = async (
  app,
  { services, config },
) => {
  app.get('/annual-report', { schema: { hide: true } }, async (_request, reply) =>
    reply.view('residents/annual-report/list.njk', {
      pageTitle: 'Annual complaints reports',
      serviceName: 'Complaints',
      serviceUrl: '/make-a-complaint',
      landlordName: config.landlordName,
      years: (await services.annualReport.publishedYears()).map((y) => ({
        ...y,
        label: yearLabel(y.year),
      })),
    }),
  )

  // Code 8.1, 8.2: the approved annual self-assessment, published with the report.
  app.get('/annual-report/:year/self-assessment', { schema }, async (request, reply) => {
    const asked = parseReportingYear(request.params.year)
    const a = asked.ok ? await services.selfAssessment.approvedAnnual(asked.year) : undefined
    if (!a)
      throw new AppError(404, 'not_found', 'No approved self-assessment has been published for that year')
    const d = await services.selfAssessment.document(a.id, 'html')
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(d.content)
  })

  /**
   * The latest published version of a year's report, or its governing body's response (Code
   * 8.2), published beside it as its own document: a self-contained page anyone can read.
   */
  for (const [path, fileOf] of [
    ['/annual-report/:year', services.annualReport.file],
    ['/annual-report/:year/response', services.annualReport.responseFile],
  ] as const)
    app.get(path, { schema }, async (request, reply) => {
      const asked = parseReportingYear(request.params.year)
      const latest = asked.ok
        ? (await services.annualReport.publishedYears()).find((y) => y.year === asked.year)
        : undefined
      if (!latest)
        throw new AppError(404, 'not_found', 'No annual complaints report has been published for that year')
      const f = await fileOf(latest.year, Number(latest.version), 'html')
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(f.content)
    })
}
