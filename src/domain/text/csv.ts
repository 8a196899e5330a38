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

/**
 * The rows of CSV text (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks),
 * with a byte order mark and a formula guard's leading apostrophe (as `csvText` writes) left off.
 */
export function csvRows(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const endField = () => {
    row.push(/^'[=+\-@\t\r]/.test(field) ? field.slice(1) : field)
    field = ''
  }
  for (; i < text.length; i++) {
    const ch = text[i] as string
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') endField()
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      endField()
      rows.push(row)
      row = []
    } else field += ch
  }
  if (field !== '' || row.length) {
    endField()
    rows.push(row)
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''))
}
