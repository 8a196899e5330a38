import { listedEntity } from '../../../domain/entities/access.js'
import { sheetDay } from '../../../services/documents/xlsxStream.js'
import type { Services } from '../../../services/index.js'
import { firstValue } from '../../params.js'
import type { ListDownload } from '../listDownloads.js'

type Row = Awaited<ReturnType<Services['people']['search']>>[number]
const text = (v: string | string[] | undefined) => firstValue(v) ?? ''

/** Residents found by a search, downloaded: every one the search finds, in the page's order. */
export const residentsDownload = (services: Services): ListDownload<Row> => ({
  path: '/residents',
  permission: 'viewCases',
  title: 'Residents',
  columns: [
    { heading: 'Reference', value: (r) => r.reference },
    { heading: 'Name', value: (r) => r.name },
    { heading: 'Email', value: (r) => r.email },
    { heading: 'Postcode', value: (r) => r.postcode },
    { heading: 'Address', value: (r) => r.address },
    { heading: 'Merged into another record', value: (r) => (r.merged_into_id ? 'Yes' : 'No') },
    { heading: 'Adjustments review due', value: (r) => sheetDay(r.next_review_on) },
    { heading: 'Contact restricted until', value: (r) => sheetDay(r.restricted_until) },
  ],
  async rows(request, query) {
    const q = text(query.q).slice(0, 200)
    return {
      filters: { q },
      read: ({ limit, offset }) => services.people.search(q, { limit, offset }, listedEntity(request.staff)),
    }
  },
})
