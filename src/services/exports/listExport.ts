import { Readable } from 'node:stream'
import { formatLondonTime, londonDateOf } from '../../domain/calendar/calendarDate.js'
import { csvLine } from '../../domain/text/csv.js'
import { addRow, type SheetDay, xlsxStream } from '../documents/xlsxStream.js'

/** The two ways a list is downloaded. */
export const exportFormats = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof exportFormats)[number]

/** What a cell of an export holds: text, a number, a day (a real date in a workbook), or nothing. */
export type ExportValue = string | number | SheetDay | null | undefined

/** A column of an export: its heading and how a row gives its value. */
export type ExportColumn<Row> = { heading: string; value: (row: Row) => ExportValue }

/** How many rows each read of a list's query brings back while an export streams. */
export const EXPORT_BATCH = 500

/**
 * A list's rows read a batch at a time, in the list's order, each read a short query of its own
 * (no transaction held open while a slow reader downloads): `after` is the last row of the batch
 * before, or undefined for the first, and a batch shorter than `size` is the last. The list's
 * query says how it carries on from a row (its keyset, or failing that its offset).
 */
export async function* batchesOf<Row>(
  read: (page: { after: Row | undefined; offset: number; limit: number }) => Promise<readonly Row[]>,
  size = EXPORT_BATCH,
): AsyncGenerator<readonly Row[]> {
  let after: Row | undefined
  let offset = 0
  for (;;) {
    const rows = await read({ after, offset, limit: size })
    if (rows.length > size) throw new Error('A batch of an export came back longer than asked for')
    if (rows.length) yield rows
    if (rows.length < size) return
    after = rows.at(-1)
    offset += rows.length
  }
}

/** A row's cells as text for CSV: a day as 2026-03-18, which every spreadsheet reads as a date. */
const csvCell = (v: ExportValue): string | number | null =>
  v === undefined || v === null ? null : typeof v === 'object' ? v.day : v

/**
 * A list written as CSV or XLSX while it is read, a batch at a time: the headings, then each
 * batch's rows as they arrive, waiting for the reader between batches, so a list of any length
 * never sits in memory. Text that would be a formula is neutralised by the one rule both writers
 * share (`neutralisedText`).
 */
export function listExport<Row>(
  format: ExportFormat,
  list: {
    title: string
    columns: readonly ExportColumn<Row>[]
    rows: AsyncIterable<readonly Row[]>
    created: Date
  },
): Readable {
  const { columns } = list
  const headings = columns.map((c) => c.heading)
  if (format === 'csv') {
    return Readable.from(
      (async function* () {
        yield csvLine(headings)
        for await (const batch of list.rows)
          yield batch.map((row) => csvLine(columns.map((c) => csvCell(c.value(row))))).join('')
      })(),
      { objectMode: false },
    )
  }
  return xlsxStream({ title: list.title, created: list.created }, async (wb, room) => {
    const sheet = wb.addWorksheet(list.title.slice(0, 31).replace(/[*?:\\/[\]]/g, ' '))
    sheet.columns = columns.map((c) => ({
      key: c.heading,
      width: Math.min(60, Math.max(12, c.heading.length + 2)),
    }))
    addRow(sheet, headings, true)
    for await (const batch of list.rows) {
      for (const row of batch)
        addRow(
          sheet,
          columns.map((c) => c.value(row) ?? null),
        )
      await room(sheet)
    }
  })
}

/** The file an export is saved as: the list's name and the day, e.g. cases-2026-03-02.xlsx. */
export const exportFileName = (list: string, day: string, format: ExportFormat) =>
  `${list
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}-${day}.${format}`

/** An instant as a London day and time for an export, e.g. "2026-03-02 09:15". */
export const exportTime = (instant: Date | null | undefined) =>
  instant ? `${londonDateOf(instant)} ${formatLondonTime(instant)}` : null
