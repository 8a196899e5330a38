import type { Clock } from '../../../clock.js'
import { listedEntity } from '../../../domain/entities/access.js'
import { exportTime } from '../../../services/exports/listExport.js'
import type { Services } from '../../../services/index.js'
import type { ListDownload } from '../listDownloads.js'
import { hazardQueueRows } from './viewModel.js'

type Row = ReturnType<
  typeof hazardQueueRows<Awaited<ReturnType<Services['hazards']['queue']>>[number]>
>[number] & {
  handlerName: string
}

/** The hazards queue downloaded: every hazard with a clock running (or the signed-in handler's), soonest first. */
export const hazardsDownload = (services: Services, clock: Clock): ListDownload<Row> => ({
  path: '/hazards',
  permission: 'viewCases',
  title: 'Hazards',
  columns: [
    { heading: 'Complaint', value: (r) => r.reference },
    { heading: 'Resident', value: (r) => r.residentName },
    { heading: 'Hazard', value: (r) => r.kind },
    { heading: 'Next duty', value: (r) => r.duty },
    { heading: 'Due', value: (r) => exportTime(r.nextDueAt) },
    { heading: 'Due, in words', value: (r) => r.due },
    { heading: 'Overdue', value: (r) => (r.overdue ? 'Yes' : 'No') },
    { heading: 'Landlord aware', value: (r) => exportTime(r.awareAt) },
    { heading: 'Handler', value: (r) => r.handlerName },
  ],
  async rows(request, query) {
    const mine = query.mine === 'yes'
    const names = new Map((await services.staffAccounts.list()).map((p) => [p.id, p.name]))
    return {
      filters: { mine: mine ? 'yes' : undefined },
      read: async ({ limit, offset }) =>
        hazardQueueRows(
          await services.hazards.queue({
            ...(mine && request.staff ? { handlerId: request.staff.id } : {}),
            entityId: listedEntity(request.staff),
            limit,
            offset,
          }),
          clock.now(),
        ).map((r) => ({ ...r, handlerName: (r.currentHandlerId && names.get(r.currentHandlerId)) || '' })),
    }
  },
})
