import { listedEntity } from '../../../domain/entities/access.js'
import { sheetDay } from '../../../services/documents/xlsxStream.js'
import type { Services } from '../../../services/index.js'
import type { ListDownload } from '../listDownloads.js'
import { improvementRows } from './viewModel.js'

type Row = ReturnType<
  typeof improvementRows<Awaited<ReturnType<Services['improvement']['list']>>[number]>
>[number]

/** Improvement actions downloaded: open ones soonest due first, or every one newest first, as the page. */
export const improvementsDownload = (services: Services): ListDownload<Row> => ({
  path: '/improvements',
  permission: 'viewReports',
  title: 'Improvement actions',
  columns: [
    { heading: 'Action', value: (r) => r.title },
    { heading: 'Came from', value: (r) => r.sourceLabel },
    { heading: 'Owner', value: (r) => r.ownerName },
    { heading: 'Status', value: (r) => r.statusLabel },
    { heading: 'Due', value: (r) => sheetDay(r.dueOn) },
    { heading: 'Overdue', value: (r) => (r.overdue ? 'Yes' : 'No') },
  ],
  async rows(request, query) {
    const all = query.show === 'all'
    const names = new Map((await services.staffAccounts.list()).map((p) => [p.id, p.name]))
    return {
      filters: { show: all ? 'all' : 'open' },
      read: async ({ limit, offset }) =>
        improvementRows(
          await services.improvement.list(
            { open: !all, entityId: listedEntity(request.staff) },
            { limit, offset },
          ),
          names,
        ),
    }
  },
})
