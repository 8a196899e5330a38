import { PassThrough, type Readable } from 'node:stream'
import ExcelJS from 'exceljs'

export type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter
export type SheetWriter = ReturnType<WorkbookWriter['addWorksheet']>

/**
 * A workbook streamed as it is written (exceljs's streaming writer): each row leaves once it is
 * committed, so a sheet of a year's complaints never sits in memory. `write` adds the sheets and
 * their rows, calling `room(sheet)` between batches to wait while the workbook is behind; the
 * stream ends when `write` has finished, or fails with its error (a reader gone stops `room()`).
 *
 * Behind means either of two things. The reader has not taken what was written (`out` needs to
 * drain). Or the sheet's rows have not yet been compressed: exceljs hands a sheet's XML to the zip
 * without waiting, so a writer that never waits for the compression holds the whole sheet's XML
 * (170 MB for a year's TSM at a million complaints) until it ends.
 */
export function xlsxStream(
  about: { title?: string; creator?: string; created?: Date },
  write: (wb: WorkbookWriter, room: (sheet?: SheetWriter) => Promise<void>) => Promise<void>,
): Readable {
  const out = new PassThrough()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  if (about.title) wb.title = about.title
  if (about.creator) wb.creator = about.creator
  if (about.created) wb.created = about.created
  /** Waits until `stream` drains, when it holds more than `most` and has asked to; fails if the reader goes. */
  const drained = (stream: NodeJS.EventEmitter, waiting: Waiting, most: number) =>
    new Promise<void>((resolve, reject) => {
      if (out.destroyed) return reject(new Error('The workbook’s reader has gone'))
      if (!waiting.needDrain || waiting.length <= most) return resolve()
      const done = () => {
        out.off('close', gone)
        resolve()
      }
      const gone = () => {
        stream.off('drain', done)
        reject(new Error('The workbook’s reader has gone'))
      }
      stream.once('drain', done)
      out.once('close', gone)
    })
  const room = async (sheet?: SheetWriter) => {
    const zip = sheet && zipEntryOf(sheet)
    if (zip) await drained(zip.entry, zip.waiting, SHEET_BEHIND)
    await drained(out, { length: out.writableLength, needDrain: out.writableNeedDrain }, 0)
  }
  write(wb, room)
    .then(() => wb.commit())
    .catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))))
  return out
}

/** How much of a sheet's XML may wait to be compressed before its writer waits. */
const SHEET_BEHIND = 1 << 20

/**
 * Where exceljs sends a sheet's XML to be zipped, once the sheet has started: its stream's one
 * reader (a PassThrough of the zip's own stream library, which keeps its state in
 * `_writableState`), with how much is waiting in it. Neither is in exceljs's types, so they are
 * read with care, and absent when their shape is not this.
 */
type Waiting = { length: number; needDrain: boolean }
function zipEntryOf(sheet: SheetWriter): { entry: NodeJS.EventEmitter; waiting: Waiting } | undefined {
  const entry = (sheet as unknown as { _stream?: { pipes?: unknown[] } })._stream?.pipes?.[0] as
    | (NodeJS.EventEmitter & { _writableState?: Partial<Waiting> })
    | undefined
  const state = entry?._writableState
  return entry && typeof state?.length === 'number' && typeof state.needDrain === 'boolean'
    ? { entry, waiting: state as Waiting }
    : undefined
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
