import { listedEntity } from '../../../domain/entities/access.js'
import { sheetDay } from '../../../services/documents/xlsxStream.js'
import type { Services } from '../../../services/index.js'
import type { RegisterCursor } from '../../../services/remedies/register.js'
import type { ListDownload } from '../listDownloads.js'

type Row = Awaited<ReturnType<Services['remedies']['register']>>['entries'][number]

const statusWords: Record<string, string> = {
  offered: 'Offered',
  accepted: 'Accepted',
  done: 'Done',
  declined: 'Declined',
  superseded: 'Replaced at stage 2',
}

/** The remedy register downloaded: still to do or every remedy, in the page's order (by keyset). */
export const remediesDownload = (services: Services): ListDownload<Row> => ({
  path: '/remedies',
  permission: 'viewCases',
  title: 'Remedies',
  columns: [
    { heading: 'Complaint', value: (r) => r.reference },
    { heading: 'Resident', value: (r) => r.residentName },
    { heading: 'Remedy', value: (r) => r.what },
    { heading: 'Description', value: (r) => r.description },
    {
      heading: 'From',
      value: (r) => (r.source === 'ombudsman' ? `Ombudsman ${r.ombudsmanReference}` : 'Our response'),
    },
    { heading: 'Amount (£)', value: (r) => r.amount },
    { heading: 'Offered', value: (r) => sheetDay(r.offeredOn) },
    { heading: 'Due', value: (r) => sheetDay(r.dueOn) },
    { heading: 'Status', value: (r) => statusWords[r.status] ?? r.status },
    { heading: 'Overdue', value: (r) => (r.overdue ? 'Yes' : 'No') },
    { heading: 'Done', value: (r) => sheetDay(r.doneOn) },
  ],
  async rows(request, query) {
    const all = query.show === 'all'
    let next: RegisterCursor | undefined
    return {
      filters: { show: all ? 'all' : 'owed' },
      async read({ after, limit }) {
        if (after && !next) return []
        const page = await services.remedies.register({
          owed: !all,
          pageSize: limit,
          entityId: listedEntity(request.staff),
          ...(after && next ? { after: next } : {}),
        })
        next = page.next
        return page.entries
      },
    }
  },
})
