import { accessKindLabels } from '../../../services/dataProtection/accessLog.js'
import { exportTime } from '../../../services/exports/listExport.js'
import type { Services } from '../../../services/index.js'
import { firstValue } from '../../params.js'
import { currentStaff } from '../access.js'
import type { ListDownload } from '../listDownloads.js'

type Row = Awaited<ReturnType<Services['accessLog']['search']>>['rows'][number]
const text = (v: string | string[] | undefined) => (firstValue(v) ?? '').trim().slice(0, 100)

/** The access log downloaded, searched as the page searches it, newest first. */
export const accessLogDownload = (services: Services): ListDownload<Row> => ({
  path: '/data-protection/access-log',
  permission: 'manageDataProtection',
  title: 'Access log',
  columns: [
    { heading: 'When', value: (r) => exportTime(r.at) },
    { heading: 'Who', value: (r) => r.staffName },
    { heading: 'Their email', value: (r) => r.staffEmail },
    { heading: 'Action', value: (r) => r.action },
    {
      heading: 'What',
      value: (r) => `${accessKindLabels[r.kind as keyof typeof accessKindLabels] ?? r.kind}: ${r.what}`,
    },
    { heading: 'More', value: (r) => r.context },
    { heading: 'Case', value: (r) => r.complaintReference },
    { heading: 'Resident', value: (r) => r.personReference },
    { heading: 'Through', value: (r) => r.via },
  ],
  async rows(request, query) {
    const filters = {
      staff: text(query.staff),
      complaint: text(query.complaint),
      resident: text(query.resident),
      kind: text(query.kind),
    }
    const staff = currentStaff(request)
    return {
      filters,
      read: async ({ limit, offset }) =>
        (
          await services.accessLog.search(staff, {
            ...(filters.staff ? { staffId: filters.staff } : {}),
            ...(filters.complaint ? { complaint: filters.complaint } : {}),
            ...(filters.resident ? { resident: filters.resident } : {}),
            ...(filters.kind ? { kind: filters.kind } : {}),
            page: offset / limit + 1,
            pageSize: limit,
          })
        ).rows,
    }
  },
})
