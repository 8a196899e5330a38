import { formatLondonDayAndTime } from '../../../domain/calendar/calendarDate.js'
import { importColumns } from '../../../domain/imports/columns.js'
import { plural } from '../../../domain/text/plural.js'
import type { ImportReport } from '../../../services/imports/complaintImports.js'
import { pageAsked, paginationFor } from '../../pagination.js'

/** Rows of each table a page. */
export const IMPORT_PAGE_SIZE = 100

/** The columns as the page lists them (a summary list): the name, what goes in it, an example. */
export const columnRows = () =>
  importColumns.map((c) => ({
    // The names are the domain's own snake_case constants: nothing to escape.
    key: { html: `<code>${c.key}</code>` },
    value: { text: `${c.description}${c.example ? ` For example: ${c.example}.` : ''}` },
  }))

/**
 * What a stored dry run's page shows: the counts, the refused rows and the rows that would be
 * created (each a page at a time), and whether it can still be confirmed.
 */
export function importPage(
  record: {
    id: string
    fileName: string
    uploadedAt: Date
    confirmedAt: Date | null
    createdCount: number | null
    report: ImportReport
  },
  query: { refusedPage?: string; newPage?: string },
) {
  const { report } = record
  const refusedPage = pageAsked(query.refusedPage)
  const newPage = pageAsked(query.newPage)
  const link = (key: 'refusedPage' | 'newPage', anchor: string) => (n: number) => {
    const q = new URLSearchParams({
      refusedPage: String(key === 'refusedPage' ? n : refusedPage),
      newPage: String(key === 'newPage' ? n : newPage),
    })
    return `/settings/import/${record.id}?${q}#${anchor}`
  }
  const slice = <T>(rows: T[], page: number) =>
    rows.slice((page - 1) * IMPORT_PAGE_SIZE, page * IMPORT_PAGE_SIZE)
  return {
    id: record.id,
    fileName: record.fileName,
    uploadedAt: formatLondonDayAndTime(record.uploadedAt),
    confirmed: record.confirmedAt
      ? {
          at: formatLondonDayAndTime(record.confirmedAt),
          created: plural(record.createdCount ?? 0, 'complaint'),
        }
      : undefined,
    counts: {
      rows: plural(report.rows, 'row'),
      wouldCreate: report.wouldCreate.length,
      alreadyImported: report.alreadyImported.length,
      refused: report.refused.length,
    },
    canConfirm: !record.confirmedAt && report.wouldCreate.length > 0,
    refused: slice(report.refused, refusedPage),
    refusedPagination: paginationFor(
      report.refused.length,
      IMPORT_PAGE_SIZE,
      refusedPage,
      link('refusedPage', 'refused'),
    ),
    wouldCreate: slice(report.wouldCreate, newPage),
    wouldCreatePagination: paginationFor(
      report.wouldCreate.length,
      IMPORT_PAGE_SIZE,
      newPage,
      link('newPage', 'would-create'),
    ),
  }
}
