import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { listedEntity } from '../../../domain/entities/access.js'
import { pageLinkNotOurs } from '../../../errors.js'
import { keysFromCursor, pageCursor } from '../../pagination.js'
import { queryText } from '../../params.js'
import { type StaffWebOptions, signedIn } from '../access.js'

/** Code 9.1–9.4: learning still to record, and the themes and trends the senior lead reviews. */
export const learningRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services }) => {
  // Code 9.4: themes and trends for the senior lead, charts with their tables.
  app.get(
    '/themes',
    { schema: { hide: true, querystring: queryText('months') }, preHandler: signedIn('viewReports') },
    async (request, reply) => {
      const asked = Number(request.query.months)
      const months = [3, 6, 12, 24].includes(asked) ? asked : 12
      return reply.view('staff/learning/themes.njk', {
        t: await services.themes.themes(months),
        months,
        monthItems: [3, 6, 12, 24].map((m) => ({
          value: String(m),
          text: `The last ${m} months`,
          selected: m === months,
        })),
      })
    },
  )

  // Code 9.1: the queue, a page at a time from the oldest response; "after" names the last one shown.
  // Worked out again now, rather than as kept from earlier today.
  app.post(
    '/themes',
    { schema: { hide: true }, preHandler: signedIn('viewReports') },
    async (request, reply) => {
      const asked = Number(((request.body ?? {}) as { months?: string }).months)
      const months = [3, 6, 12, 24].includes(asked) ? asked : 12
      await services.themes.themes(months, { fresh: true })
      return reply.redirect(`/themes?months=${months}`, 303)
    },
  )

  app.get(
    '/learning',
    { schema: { hide: true, querystring: queryText('after') }, preHandler: signedIn('viewReports') },
    async (request, reply) => {
      const keys = keysFromCursor(request.query.after, 2)
      const since = keys ? new Date(String(keys[0])) : undefined
      if (since && Number.isNaN(since.getTime())) throw pageLinkNotOurs()
      const after = since && keys ? { since, reference: String(keys[1]) } : undefined
      const pageSize = 50
      const [rows, count] = await Promise.all([
        services.complaints.learningToRecord({
          limit: pageSize + 1,
          after,
          entityId: listedEntity(request.staff),
        }),
        services.complaints.learningToRecordCount(undefined, listedEntity(request.staff)),
      ])
      const items = rows.slice(0, pageSize)
      const last = items.at(-1)
      return reply.view('staff/learning/to-record.njk', {
        items: items.flatMap((c) => c.stages.map((stage) => ({ ...c, stage, respondedAt: c.since }))),
        count,
        firstHref: after ? '/learning' : undefined,
        nextHref:
          rows.length > pageSize && last
            ? `/learning?after=${pageCursor([last.since.toISOString(), last.reference])}`
            : undefined,
      })
    },
  )
}
