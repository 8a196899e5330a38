import { PassThrough, type Readable } from 'node:stream'
import ExcelJS from 'exceljs'

export type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter
export type SheetWriter = ReturnType<WorkbookWriter['addWorksheet']>

/**
 * A workbook streamed as it is written (exceljs's streaming writer): each row leaves once it is
 * committed, so a sheet of a year's complaints never sits in memory. `write` adds the sheets and
 * their rows, calling `room()` between batches to wait while the reader is behind; the stream
 * ends when `write` has finished, or fails with its error (a reader gone stops `room()`).
 */
export function xlsxStream(
  about: { title?: string; creator?: string; created?: Date },
  write: (wb: WorkbookWriter, room: () => Promise<void>) => Promise<void>,
): Readable {
  const out = new PassThrough()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  if (about.title) wb.title = about.title
  if (about.creator) wb.creator = about.creator
  if (about.created) wb.created = about.created
  const room = () =>
    new Promise<void>((resolve, reject) => {
      if (out.destroyed) return reject(new Error('The workbook’s reader has gone'))
      if (!out.writableNeedDrain) return resolve()
      const drained = () => {
        out.off('close', gone)
        resolve()
      }
      const gone = () => {
        out.off('drain', drained)
        reject(new Error('The workbook’s reader has gone'))
      }
      out.once('drain', drained)
      out.once('close', gone)
    })
  write(wb, room)
    .then(() => wb.commit())
    .catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))))
  return out
}

/**
 * One style object for every plain cell, and another for every plain row: exceljs then looks
 * each style up once, not once a cell and once a row (it keys what it has seen by the object, and
 * otherwise renders the style's XML to find it). Never changed: a bold row gets its own.
 */
const plain = Object.freeze({})
const plainRow = Object.freeze({})

/** Adds a row of values and commits it, its cells sharing one plain style (bold for a heading row). */
export function addRow(sheet: SheetWriter, values: unknown[] | Record<string, unknown>, bold = false) {
  const row = sheet.addRow(values)
  if (bold) row.font = { bold: true }
  else {
    // (exceljs keeps a row's own style on the row, though its types do not say so.)
    ;(row as unknown as { style: object }).style = plainRow
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.style = plain
    })
  }
  row.commit()
}
