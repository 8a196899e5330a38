import { listedEntity } from '../../../domain/entities/access.js'
import { exportTime } from '../../../services/exports/listExport.js'
import type { Services } from '../../../services/index.js'
import { firstValue } from '../../params.js'
import type { ListDownload } from '../listDownloads.js'
import { statusLabel } from './viewModel.js'

type Row = Awaited<ReturnType<Services['mail']['messages']>>['items'][number]
const text = (v: string | string[] | undefined) => firstValue(v) || undefined

/** The outgoing mail downloaded: of a status, found by a reference or an address, newest first (by keyset). */
export const mailDownload = (services: Services): ListDownload<Row> => ({
  path: '/mail',
  permission: 'handleComplaints',
  title: 'Mail',
  columns: [
    { heading: 'Made', value: (r) => exportTime(r.createdAt) },
    { heading: 'To', value: (r) => r.toAddress },
    { heading: 'Subject', value: (r) => r.subject },
    { heading: 'Complaint', value: (r) => r.reference },
    { heading: 'Kind', value: (r) => r.kind },
    { heading: 'Status', value: (r) => statusLabel(r.status) },
    { heading: 'Last error', value: (r) => r.lastError },
    { heading: 'Last changed', value: (r) => exportTime(r.updatedAt) },
  ],
  async rows(request, query) {
    const status = text(query.status)
    const q = text(query.q)
    let next: { createdAt: Date; id: string } | undefined
    return {
      filters: { status, q },
      async read({ after, limit }) {
        if (after && !next) return []
        const found = await services.mail.messages(status, {
          q,
          limit,
          entityId: listedEntity(request.staff),
          ...(after && next ? { before: next } : {}),
        })
        next = found.next
        return found.items
      },
    }
  },
})
