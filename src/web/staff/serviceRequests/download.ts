import { type RequestKind, requestKindLabels } from '../../../domain/serviceRequests/serviceRequest.js'
import { sheetDay } from '../../../services/documents/xlsxStream.js'
import { exportTime } from '../../../services/exports/listExport.js'
import type { Services } from '../../../services/index.js'
import type { ListDownload } from '../listDownloads.js'

type Row = Awaited<ReturnType<Services['serviceRequests']['list']>>[number]

/** Service requests downloaded: open ones, or those with comments to offer, as the page shows them. */
export const serviceRequestsDownload = (services: Services): ListDownload<Row> => ({
  path: '/service-requests',
  permission: 'viewCases',
  title: 'Service requests',
  columns: [
    { heading: 'Reference', value: (r) => r.reference },
    { heading: 'Their reference', value: (r) => r.external_reference },
    { heading: 'Kind', value: (r) => requestKindLabels[r.kind as RequestKind] ?? r.kind },
    { heading: 'Summary', value: (r) => r.summary },
    { heading: 'Resident', value: (r) => r.resident_name },
    { heading: 'Opened', value: (r) => sheetDay(r.opened_on) },
    { heading: 'Status', value: (r) => (r.status === 'open' ? 'Open' : 'Closed') },
    { heading: 'Comments to offer as complaints', value: (r) => r.comments_to_offer },
    { heading: 'Complaints', value: (r) => r.complaints },
    { heading: 'Last changed', value: (r) => exportTime(r.updated_at) },
  ],
  async rows(_request, query) {
    const toOffer = query.show === 'to-offer'
    return {
      filters: { show: toOffer ? 'to-offer' : 'open' },
      read: ({ limit, offset }) =>
        services.serviceRequests.list({ ...(toOffer ? { toOffer } : { open: true }), limit, offset }),
    }
  },
})
