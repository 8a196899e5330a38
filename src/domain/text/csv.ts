/**
 * CSV text, fields quoted where they must be (RFC 4180), lines ending CRLF. Text that a
 * spreadsheet would take for a formula is prefixed with an apostrophe, so it stays text.
 */
export function csvText(rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    const raw = v === null ? '' : String(v)
    const t = typeof v === 'string' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t
  }
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`
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
