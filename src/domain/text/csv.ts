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
