import ExcelJS from 'exceljs'
import { type ReportDocument, tablesOf } from '../../domain/reports/reportDocument.js'

/** A report's tables as a workbook, each table a sheet with its caption above it. */
export async function reportXlsx(report: ReportDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.title = report.title
  wb.creator = report.author
  const used = new Set<string>()
  for (const t of tablesOf(report)) {
    let name = t.sheet.replace(/[*?:\\/[\]]/g, ' ').slice(0, 31)
    for (let n = 2; used.has(name); n++) name = `${t.sheet.slice(0, 27)} (${n})`
    used.add(name)
    const ws = wb.addWorksheet(name)
    ws.addRow([t.caption]).font = { bold: true }
    ws.addRow(t.head).font = { bold: true }
    for (const r of t.rows) ws.addRow(r.map((c) => (c === null ? '' : c)))
    ws.columns.forEach((c, i) => {
      c.width = i === 0 ? 55 : 20
    })
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
