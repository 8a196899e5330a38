import { listedEntity } from '../../../domain/entities/access.js'
import { ombudsmanCaseKindLabels } from '../../../domain/ombudsman/vocabulary.js'
import { sheetDay } from '../../../services/documents/xlsxStream.js'
import type { Services } from '../../../services/index.js'
import type { ListDownload } from '../listDownloads.js'
import { caseFilters } from './viewModel.js'

type Row = Awaited<ReturnType<Services['ombudsman']['list']>>['items'][number]

/** The Ombudsman's cases downloaded: owed, open or closed, as the page's tab, in its order. */
export const ombudsmanCasesDownload = (services: Services): ListDownload<Row> => ({
  path: '/ombudsman-cases',
  permission: 'viewCases',
  title: 'Ombudsman cases',
  columns: [
    { heading: 'Ombudsman reference', value: (r) => r.ombudsmanReference },
    { heading: 'Complaint', value: (r) => r.reference },
    {
      heading: 'Kind',
      value: (r) => ombudsmanCaseKindLabels[r.kind as keyof typeof ombudsmanCaseKindLabels] ?? r.kind,
    },
    { heading: 'Received', value: (r) => sheetDay(r.receivedOn) },
    { heading: 'Next due', value: (r) => sheetDay(r.nextDueOn) },
    { heading: 'Overdue', value: (r) => (r.overdue ? 'Yes' : 'No') },
    { heading: 'Determined', value: (r) => sheetDay(r.determinedOn) },
  ],
  async rows(request, query) {
    const show = caseFilters.find((f) => f === query.show) ?? 'owed'
    return {
      filters: { show },
      // Offsets are whole batches, so each batch is a page of the batch's size.
      read: async ({ limit, offset }) =>
        (await services.ombudsman.list(show, offset / limit + 1, limit, listedEntity(request.staff))).items,
    }
  },
})
