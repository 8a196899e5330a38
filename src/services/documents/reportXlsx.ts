import type { Readable } from 'node:stream'
import { type ReportDocument, tablesOf } from '../../domain/reports/reportDocument.js'
import { bytesOf } from './streamBytes.js'
import { addRow, xlsxStream } from './xlsxStream.js'

/** A report's tables as a workbook, each table a sheet with its caption above it, streamed. */
export function reportXlsxStream(report: ReportDocument): Readable {
  return xlsxStream({ title: report.title, creator: report.author }, async (wb) => {
    const used = new Set<string>()
    for (const t of tablesOf(report)) {
      let name = t.sheet.replace(/[*?:\\/[\]]/g, ' ').slice(0, 31)
      for (let n = 2; used.has(name); n++) name = `${t.sheet.slice(0, 27)} (${n})`
      used.add(name)
      const ws = wb.addWorksheet(name)
      // A streamed sheet states its columns before its rows: as wide as its widest row.
      const columns = Math.max(1, t.head.length, ...t.rows.map((r) => r.length))
      ws.columns = Array.from({ length: columns }, (_, i) => ({ width: i === 0 ? 55 : 20 }))
      addRow(ws, [t.caption], true)
      addRow(ws, t.head, true)
      for (const r of t.rows)
        addRow(
          ws,
          r.map((c) => (c === null ? '' : c)),
        )
      ws.commit()
    }
  })
}

/** The same workbook's bytes. */
export const reportXlsx = (report: ReportDocument): Promise<Buffer> => bytesOf(reportXlsxStream(report))
