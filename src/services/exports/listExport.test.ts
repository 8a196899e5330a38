import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { bytesOf } from '../documents/streamBytes.js'
import { sheetDay } from '../documents/xlsxStream.js'
import { batchesOf, type ExportColumn, exportFileName, listExport } from './listExport.js'

type Row = { name: string; amount: number | null; day: string | null }
const columns: ExportColumn<Row>[] = [
  { heading: 'Name', value: (r) => r.name },
  { heading: 'Amount', value: (r) => r.amount },
  { heading: 'Day', value: (r) => sheetDay(r.day) },
]
const formulas = ['=HYPERLINK("http://example.com","Click")', '+1', '@x', '-2', '\tTab', 'Plain, "quoted"']

async function* once(rows: Row[]) {
  yield rows
}

describe('a list exported', () => {
  it('neutralises every cell that a spreadsheet would run as a formula, in CSV and in XLSX alike', async () => {
    const rows = formulas.map((name, i) => ({ name, amount: i === 0 ? -2 : null, day: '2026-03-18' }))
    const created = new Date('2026-03-18T12:00:00Z')
    const csv = (
      await bytesOf(listExport('csv', { title: 'Test', columns, rows: once(rows), created }))
    ).toString()
    expect(csv.split('\r\n')).toEqual([
      'Name,Amount,Day',
      `"'=HYPERLINK(""http://example.com"",""Click"")",-2,2026-03-18`,
      "'+1,,2026-03-18",
      "'@x,,2026-03-18",
      "'-2,,2026-03-18",
      "'\tTab,,2026-03-18",
      '"Plain, ""quoted""",,2026-03-18',
      '',
    ])
    const wb = new ExcelJS.Workbook()
    const bytes = await bytesOf(listExport('xlsx', { title: 'Test', columns, rows: once(rows), created }))
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    const sheet = wb.worksheets[0]
    const names = [2, 3, 4, 5, 6, 7].map((n) => sheet?.getRow(n).getCell(1))
    expect(names.map((c) => c?.value)).toEqual([
      `'=HYPERLINK("http://example.com","Click")`,
      "'+1",
      "'@x",
      "'-2",
      "'\tTab",
      'Plain, "quoted"',
    ])
    // Text, never a formula; a number stays a number and a day a real date.
    expect(names.every((c) => c?.type === ExcelJS.ValueType.String)).toBe(true)
    expect(sheet?.getRow(2).getCell(2).value).toBe(-2)
    expect(sheet?.getRow(2).getCell(3).value).toEqual(new Date('2026-03-18T00:00:00Z'))
  })

  it('reads a list a batch at a time, carrying on after the last row, and stops at a short batch', async () => {
    const all = Array.from({ length: 1203 }, (_, i) => i)
    const asked: { after: number | undefined; offset: number; limit: number }[] = []
    const seen: number[] = []
    for await (const batch of batchesOf<number>(async (page) => {
      asked.push(page)
      return all.slice(page.offset, page.offset + page.limit)
    }, 500))
      seen.push(...batch)
    expect(seen).toEqual(all)
    expect(asked).toEqual([
      { after: undefined, offset: 0, limit: 500 },
      { after: 499, offset: 500, limit: 500 },
      { after: 999, offset: 1000, limit: 500 },
    ])
  })

  it('names the file for the list and the day', () => {
    expect(exportFileName('Ombudsman cases', '2026-03-02', 'xlsx')).toBe('ombudsman-cases-2026-03-02.xlsx')
  })
})
