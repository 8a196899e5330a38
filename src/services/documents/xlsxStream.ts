import { PassThrough, type Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { neutralisedText } from '../../domain/text/csv.js'

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

/**
 * Adds a row of values and commits it, its cells sharing one plain style (bold for a heading row);
 * text that would be a formula is neutralised (`neutralisedText`).
 * A plain row of text and numbers is written straight to the sheet as the XML exceljs would write
 * for it (see `plainRowXml`): at a year's TSM (400,000 rows) exceljs's own path for a row (a row
 * object, a cell object a value, a model, an XML builder) is two thirds of the workbook's time.
 */
export function addRow(sheet: SheetWriter, given: unknown[] | Record<string, unknown>, bold = false) {
  // Text a spreadsheet would take for a formula stays text, by the one rule CSV uses too.
  const safe = (v: unknown) => (typeof v === 'string' ? neutralisedText(v) : v)
  const values = Array.isArray(given)
    ? given.map(safe)
    : Object.fromEntries(Object.entries(given).map(([k, v]) => [k, safe(v)]))
  if (!bold && writePlainRow(sheet, values)) return
  const asExcel = (v: unknown) => (isSheetDay(v) ? dateOfDay(v.day) : v)
  const row = sheet.addRow(
    Array.isArray(values)
      ? values.map(asExcel)
      : Object.fromEntries(Object.entries(values).map(([k, v]) => [k, asExcel(v)])),
  )
  if (bold) row.font = { bold: true }
  else {
    // (exceljs keeps a row's own style on the row, though its types do not say so.)
    ;(row as unknown as { style: object }).style = plainRow
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.style = cell.value instanceof Date ? dayStyle : plain
    })
  }
  row.commit()
}

/**
 * A day in a workbook: a real date to Excel (it sorts and filters as one), shown as 18/03/2026,
 * as people in the UK read a date. `sheetDay` makes one from a calendar date, or nothing.
 */
export type SheetDay = { readonly day: string }
export const sheetDay = (day: string | null | undefined): SheetDay | undefined =>
  day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? { day } : undefined
const isSheetDay = (v: unknown): v is SheetDay =>
  typeof v === 'object' && v !== null && typeof (v as { day?: unknown }).day === 'string'
const dateOfDay = (day: string) => new Date(`${day}T00:00:00Z`)
export const UK_DATE_FORMAT = 'dd/mm/yyyy'
const dayStyle = Object.freeze({ numFmt: UK_DATE_FORMAT })
/** Excel's number for a day: days since 30 December 1899. */
const excelSerial = (day: string) => (Date.parse(`${day}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000

/**
 * What a streamed sheet keeps of its rows, not in exceljs's types: the number of the next row to
 * be written, the rows added and not yet written, whether its `<sheetData>` has begun, and the
 * stream its XML goes to.
 */
type SheetState = {
  _rowZero: number
  _rows: unknown[]
  startedData: boolean
  stream: { write(xml: string): unknown }
  eachColumnKey(f: (column: { number: number }, key: string) => void): void
}

/** Each sheet's column numbers by key, read once: a streamed sheet's columns are fixed once it has rows. */
const columnsByKey = new WeakMap<object, [string, number][]>()

/**
 * Writes a plain row itself when it can: every earlier row already written (none waiting in
 * exceljs), the sheet's data begun, and every value text, a finite number or nothing. Otherwise
 * (a date, a formula, a heading not yet written) returns false and exceljs writes it.
 */
function writePlainRow(sheet: SheetWriter, values: unknown[] | Record<string, unknown>): boolean {
  const s = sheet as unknown as Partial<SheetState>
  if (!s.startedData || !Array.isArray(s._rows) || s._rows.length || typeof s._rowZero !== 'number')
    return false
  if (typeof s.stream?.write !== 'function' || typeof s.eachColumnKey !== 'function') return false
  let row: readonly unknown[] = values as unknown[]
  // As exceljs reads an array: one holding index 0 starts at column A, a sparse one at column 1.
  let offset = Array.isArray(values) && Object.hasOwn(values, 0) ? 1 : 0
  if (!Array.isArray(values)) {
    let keys = columnsByKey.get(sheet)
    if (!keys) {
      const found: [string, number][] = []
      s.eachColumnKey((column, key) => found.push([key, column.number]))
      keys = found
      columnsByKey.set(sheet, keys)
    }
    const byColumn: unknown[] = []
    for (const [key, n] of keys) byColumn[n - 1] = values[key]
    row = byColumn
    offset = 1
  }
  const xml = plainRowXml(s._rowZero, row, offset, () => dayStyleId(sheet))
  if (xml === undefined) return false
  s.stream.write(xml)
  s._rowZero++
  return true
}

/**
 * The workbook's style number for a day cell, registered once with its styles as exceljs registers
 * a date cell's (its styles are not in exceljs's types); undefined when they are not this shape,
 * and exceljs then writes the row.
 */
const dayStyleIds = new WeakMap<object, number>()
function dayStyleId(sheet: SheetWriter): number | undefined {
  const styles = (sheet as unknown as { _workbook?: { styles?: { addStyleModel?: unknown } } })._workbook
    ?.styles
  if (!styles || typeof styles.addStyleModel !== 'function') return undefined
  let id = dayStyleIds.get(styles)
  if (id === undefined) {
    // exceljs's value type for a date is 4 (Enums.ValueType.Date).
    id = (styles.addStyleModel as (model: object, type: number) => number).call(styles, dayStyle, 4)
    dayStyleIds.set(styles, id)
  }
  return id
}

/** Column letters, A to ZZ, as a cell's address needs them. */
const letters = Array.from({ length: 702 }, (_, i) =>
  i < 26
    ? String.fromCharCode(65 + i)
    : String.fromCharCode(64 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26)),
)

/**
 * A row's XML as exceljs writes a plain row (text `t="str"`, numbers bare, a day as its number in
 * the day style, nothing for an empty value), `values[i]` in column `i + offset`; or undefined
 * when a value is of another kind.
 */
export function plainRowXml(
  rowNumber: number,
  values: readonly unknown[],
  offset = 1,
  dayStyleOf?: () => number | undefined,
): string | undefined {
  let body = ''
  let first = 0
  let last = 0
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    if (value === undefined || value === null || value === '') continue
    const column = i + offset
    if (column < 1 || column > letters.length) return undefined
    const address = `${letters[column - 1]}${rowNumber}`
    if (typeof value === 'string') body += `<c r="${address}" t="str"><v>${xmlText(value)}</v></c>`
    else if (typeof value === 'number' && Number.isFinite(value))
      body += `<c r="${address}"><v>${value}</v></c>`
    else if (isSheetDay(value)) {
      const style = dayStyleOf?.()
      if (style === undefined) return undefined
      body += `<c r="${address}" s="${style}"><v>${excelSerial(value.day)}</v></c>`
    } else return undefined
    if (!first) first = column
    last = column
  }
  return `<row r="${rowNumber}"${first ? ` spans="${first}:${last}"` : ''} x14ac:dyDescent="0.25">${body}</row>`
}

/**
 * Text as XML character data, as exceljs makes it: `&`, `<`, `>`, and the quotes escaped, and the
 * characters XML cannot hold (controls other than tab and line breaks) left out.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML cannot hold
const needsEscape = /[<>&'"\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/
const escapes: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
}
export function xmlText(text: string): string {
  if (!needsEscape.test(text)) return text
  return text.replace(new RegExp(needsEscape.source, 'g'), (c) => escapes[c] ?? '')
}
