/**
 * Text that a spreadsheet would take for a formula (it starts with =, +, -, @, a tab or a
 * carriage return) prefixed with an apostrophe, so it stays text. The one rule for every CSV and
 * workbook the service writes.
 */
export const neutralisedText = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text)

/**
 * One CSV line, fields quoted where they must be (RFC 4180), ending CRLF; text neutralised as a
 * formula (`neutralisedText`). Lines written one after another make `csvText`'s file, so a long
 * export can be streamed a batch of lines at a time.
 */
export function csvLine(row: readonly (string | number | null)[]): string {
  const cell = (v: string | number | null) => {
    const t = v === null ? '' : typeof v === 'string' ? neutralisedText(v) : String(v)
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t
  }
  return `${row.map(cell).join(',')}\r\n`
}

/** CSV text of whole rows: their lines, as `csvLine` writes each. */
export function csvText(rows: (string | number | null)[][]): string {
  return rows.map(csvLine).join('')
}
