import { listedEntity } from '../../../domain/entities/access.js'
import { type InboxDecision, inboxDecisionLabels } from '../../../domain/inbox/inbox.js'
import { exportTime } from '../../../services/exports/listExport.js'
import type { Services } from '../../../services/index.js'
import type { ListDownload } from '../listDownloads.js'
import { inboxFilters } from './filters.js'

type Row = Awaited<ReturnType<Services['inbox']['list']>>['items'][number]

/** The inbox downloaded: the tab and filters of its page, newest first (by keyset, as the page). */
export const inboxDownload = (services: Services): ListDownload<Row> => ({
  path: '/inbox',
  permission: 'handleComplaints',
  title: 'Inbox',
  columns: [
    { heading: 'Arrived', value: (r) => exportTime(r.arrivedAt) },
    { heading: 'From', value: (r) => r.fromAddress },
    { heading: 'Name', value: (r) => r.fromName },
    { heading: 'Subject', value: (r) => r.subject },
    { heading: 'Status', value: (r) => (r.status === 'new' ? 'New' : 'Decided') },
    {
      heading: 'Decision',
      value: (r) => (r.decision ? (inboxDecisionLabels[r.decision as InboxDecision] ?? r.decision) : null),
    },
    { heading: 'Decided', value: (r) => exportTime(r.decidedAt) },
  ],
  async rows(request, query) {
    const f = inboxFilters(query)
    let next: { arrivedAt: Date; id: string } | undefined
    return {
      filters: { status: f.status, from: f.from, since: f.list.arrivedFrom?.toISOString() },
      async read({ after, limit }) {
        // A date the page refuses downloads nothing rather than the unfiltered queue.
        if (f.sinceError || (after && !next)) return []
        const found = await services.inbox.list({
          ...f.list,
          entityId: listedEntity(request.staff),
          ...(after && next ? { before: next } : {}),
          limit,
        })
        next = found.next
        return found.items
      },
    }
  },
})
