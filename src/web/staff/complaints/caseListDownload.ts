import { deadlineLabels } from '../../../domain/complaints/deadlines.js'
import { channelLabels, stateLabels } from '../../../domain/complaints/vocabulary.js'
import { priorityLabels } from '../../../domain/triage/triage.js'
import { sheetDay } from '../../../services/documents/xlsxStream.js'
import type { Services } from '../../../services/index.js'
import type { ListDownload } from '../listDownloads.js'
import { caseListFilters } from './caseListFilters.js'

type Row = Awaited<ReturnType<Services['complaints']['list']>>['items'][number] & { handlerName: string }

const label = <K extends string>(labels: Record<K, string>, key: string | null) =>
  key === null ? null : (labels[key as K] ?? key)

/** The case list downloaded: the queue's filters and order, every page of it (keyset, as its deep pages). */
export const caseListDownload = (services: Services): ListDownload<Row> => ({
  path: '/complaints',
  permission: 'viewCases',
  title: 'Cases',
  columns: [
    { heading: 'Reference', value: (r) => r.reference },
    { heading: 'Resident', value: (r) => r.residentName },
    { heading: 'Postcode', value: (r) => r.residentPostcode },
    { heading: 'Received', value: (r) => sheetDay(r.receivedOn) },
    { heading: 'Stage', value: (r) => r.stage },
    { heading: 'Status', value: (r) => label(stateLabels, r.state) },
    { heading: 'Channel', value: (r) => label(channelLabels, r.channel) },
    { heading: 'Categories', value: (r) => (r.categories ?? []).join(', ') },
    { heading: 'Handler', value: (r) => r.handlerName },
    {
      heading: 'Next Code deadline',
      value: (r) =>
        r.deadlineKey
          ? (deadlineLabels[r.deadlineKey as keyof typeof deadlineLabels]?.label ?? r.deadlineKey)
          : null,
    },
    { heading: 'Due', value: (r) => sheetDay(r.deadlineDueOn) },
    { heading: 'Extended', value: (r) => (r.extended ? 'Yes' : 'No') },
    { heading: 'Priority', value: (r) => label(priorityLabels, r.priority) },
    { heading: 'Open actions', value: (r) => r.openActions },
    { heading: 'Resident update due', value: (r) => sheetDay(r.updateDueOn) },
  ],
  async rows(request, query) {
    const staff = request.staff
    if (!staff) throw new Error('signedIn() must run before a download')
    const { filters } = caseListFilters(query, staff)
    const names = new Map((await services.staffAccounts.list()).map((p) => [p.id, p.name]))
    let lastKeys: (string | number)[] | undefined
    return {
      filters: Object.fromEntries(
        Object.entries(filters).map(([k, v]) =>
          k === 'viewer'
            ? ['entity', filters.viewer.entityId ?? undefined]
            : [k, Array.isArray(v) ? v : v === undefined || v === false ? undefined : String(v)],
        ),
      ),
      async read({ after, limit }) {
        if (after && !lastKeys) return []
        const found = await services.complaints.list({
          ...filters,
          pageSize: limit,
          ...(after && lastKeys ? { after: lastKeys } : {}),
        })
        lastKeys = found.lastKeys
        return found.items.map((i) => ({
          ...i,
          handlerName: (i.currentHandlerId && names.get(i.currentHandlerId)) || '',
        }))
      },
    }
  },
})
