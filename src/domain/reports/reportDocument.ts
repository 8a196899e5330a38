/**
 * A report as its parts, said once and rendered many ways: the staff page, the PDF for board
 * papers, the Word document and the web page a landlord publishes, and the workbook (a sheet for
 * each table). Every renderer shows the same words and figures.
 */
export type Cell = string | number | null

export type ReportTable = {
  caption: string
  /** The workbook sheet's name (at most 31 characters). */
  sheet: string
  head: string[]
  /** The first cell of each row names it (a row header). */
  rows: Cell[][]
  /** Where each row's figure opens to the complaints behind it (on the web page), if it does. */
  links?: (string | null)[]
  /** `text`: every column is words (left-aligned); otherwise the columns after the first are figures. */
  layout?: 'figures' | 'text'
  /** Each column's share of the width, for print; even shares when not given. */
  widths?: number[]
}

export type ReportBlock =
  | { kind: 'heading'; level: 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; table: ReportTable }
  /** A bar chart of figures the table after it also gives, drawn alike on the page, in the PDF and in Word. */
  | { kind: 'chart'; id: string; title: string; rows: { label: string; value: number }[] }

export type ReportDocument = {
  title: string
  subtitle?: string
  author: string
  blocks: ReportBlock[]
}

/** A cell as text: numbers in the British way, nothing shown as a dash. */
export const cellText = (c: Cell) =>
  c === null ? '–' : typeof c === 'number' ? c.toLocaleString('en-GB', { maximumFractionDigits: 2 }) : c

/** Money as pounds and pence. */
export const pounds = (n: number) =>
  `£${n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`

export const tablesOf = (d: ReportDocument) => d.blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : []))
