import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { accessKinds } from '../../../db/repositories/accessLog.js'
import { accessKindLabels } from '../../../services/dataProtection/accessLog.js'
import { queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { downloadLinks, listDownloads } from '../listDownloads.js'
import { accessLogDownload } from './accessLogDownload.js'

const searchQuery = queryText('staff', 'complaint', 'resident', 'kind', 'page')

/** The access log, searched by member of staff, case or resident (UK GDPR accountability). */
export const accessLogRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  await app.register(listDownloads(clock, accessLogDownload(services)))
  app.get(
    '/data-protection/access-log',
    { schema: { hide: true, querystring: searchQuery }, preHandler: signedIn('manageDataProtection') },
    async (request, reply) => {
      const q = request.query
      const text = (v: string | undefined) => (v ?? '').trim().slice(0, 100)
      const filters = {
        staff: text(q.staff),
        complaint: text(q.complaint),
        resident: text(q.resident),
        kind: text(q.kind),
      }
      const searched = Object.values(filters).some(Boolean)
      const result = await services.accessLog.search(currentStaff(request), {
        ...(filters.staff ? { staffId: filters.staff } : {}),
        ...(filters.complaint ? { complaint: filters.complaint } : {}),
        ...(filters.resident ? { resident: filters.resident } : {}),
        ...(filters.kind ? { kind: filters.kind } : {}),
        page: Number.parseInt(q.page ?? '1', 10) || 1,
      })
      const pageLink = (page: number) =>
        `/data-protection/access-log?${new URLSearchParams({ ...filters, page: String(page) })}`
      const staff = await services.staffAccounts.list()
      return reply.view('staff/dataProtection/accessLog.njk', {
        filters,
        searched,
        downloads: downloadLinks('/data-protection/access-log', filters),
        result,
        staffItems: [
          { value: '', text: 'Anyone' },
          ...staff.map((s) => ({
            value: s.id,
            text: `${s.name} (${s.email})`,
            selected: s.id === filters.staff,
          })),
        ],
        kindItems: [
          { value: '', text: 'Anything' },
          ...accessKinds.map((k) => ({ value: k, text: accessKindLabels[k], selected: k === filters.kind })),
        ],
        kindLabels: accessKindLabels,
        previous: result.page > 1 ? pageLink(result.page - 1) : undefined,
        next: result.page < result.pages ? pageLink(result.page + 1) : undefined,
      })
    },
  )
}
