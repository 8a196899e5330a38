import { setImmediate as turn } from 'node:timers/promises'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { bytesOf } from './streamBytes.js'
import { addRow, plainRowXml, sheetDay, xlsxStream, xmlText } from './xlsxStream.js'

describe('a streamed workbook', () => {
  it('reads back as it was written, headings bold, each row as it was added', async () => {
    const stream = xlsxStream(
      { title: 'Figures', created: new Date('2026-03-31T12:00:00Z') },
      async (wb, room) => {
        const sheet = wb.addWorksheet('Rows')
        sheet.columns = [
          { header: 'Reference', key: 'reference', width: 16 },
          { header: 'Why', key: 'why', width: 60 },
        ]
        sheet.getRow(1).font = { bold: true }
        for (let n = 1; n <= 2500; n++) {
          addRow(sheet, {
            reference: `CMP-${n}`,
            why: `received 2025-06-${String(1 + (n % 28)).padStart(2, '0')}`,
          })
          if (n % 1000 === 0) await room()
        }
        sheet.commit()
      },
    )
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(new Uint8Array(await bytesOf(stream)).buffer as ArrayBuffer)
    const sheet = wb.getWorksheet('Rows')
    expect(sheet?.rowCount).toBe(2501)
    expect(sheet?.getRow(1).font?.bold).toBe(true)
    expect(sheet?.getRow(2501).values).toEqual([undefined, 'CMP-2500', 'received 2025-06-09'])
  })

  it('writes plain rows itself as exceljs would, and leaves any other row to exceljs in its place', async () => {
    const stream = xlsxStream({}, async (wb) => {
      const sheet = wb.addWorksheet('Mixed')
      sheet.columns = [
        { header: 'Reference', key: 'reference', width: 16 },
        { header: 'Count', key: 'count', width: 10 },
        { header: 'Note', key: 'note', width: 40 },
      ]
      sheet.getRow(1).font = { bold: true }
      addRow(sheet, { reference: 'CMP-1', count: 3, note: 'Tom & Jerry <said> "it\'s fine"\u0001' })
      addRow(sheet, { reference: 'CMP-2', count: 0 }) // no note: an empty cell
      addRow(sheet, ['CMP-3', 2.5, '  spaced  '])
      addRow(sheet, { reference: 'CMP-4', count: 1, note: true }) // a true or false: exceljs writes it
      addRow(sheet, ['Totals'], true)
      addRow(sheet, { reference: 'CMP-5', count: -7, note: '' })
      sheet.commit()
    })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(new Uint8Array(await bytesOf(stream)).buffer as ArrayBuffer)
    const sheet = wb.getWorksheet('Mixed')
    expect(sheet?.rowCount).toBe(7)
    const values = (n: number) => sheet?.getRow(n).values
    expect(values(2)).toEqual([undefined, 'CMP-1', 3, 'Tom & Jerry <said> "it\'s fine"'])
    expect(values(3)).toEqual([undefined, 'CMP-2', 0])
    expect(values(4)).toEqual([undefined, 'CMP-3', 2.5, '  spaced  '])
    expect(values(5)).toEqual([undefined, 'CMP-4', 1, true])
    expect(values(6)).toEqual([undefined, 'Totals'])
    expect(sheet?.getRow(6).font?.bold).toBe(true)
    expect(sheet?.getRow(7).font?.bold).toBeUndefined()
    expect(values(7)).toEqual([undefined, 'CMP-5', -7])
  })

  it('writes a day as a real date shown as the UK writes it, by its own path and by exceljs’s alike', async () => {
    const stream = xlsxStream({}, async (wb) => {
      const sheet = wb.addWorksheet('Days')
      sheet.columns = [
        { header: 'Reference', key: 'reference', width: 16 },
        { header: 'Date', key: 'on', width: 12 },
        { header: 'Flag', key: 'flag', width: 8 },
      ]
      sheet.getRow(1).font = { bold: true }
      addRow(sheet, { reference: 'CMP-1', on: sheetDay('2026-03-18') }) // written here
      addRow(sheet, { reference: 'CMP-2', on: sheetDay('2024-02-29'), flag: true }) // by exceljs
      addRow(sheet, { reference: 'CMP-3', on: sheetDay(null) }) // no day: an empty cell
      sheet.commit()
    })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(new Uint8Array(await bytesOf(stream)).buffer as ArrayBuffer)
    const sheet = wb.getWorksheet('Days')
    expect(sheet?.getCell('B2').value).toEqual(new Date('2026-03-18T00:00:00Z'))
    expect(sheet?.getCell('B2').numFmt).toBe('dd/mm/yyyy')
    expect(sheet?.getCell('B3').value).toEqual(new Date('2024-02-29T00:00:00Z'))
    expect(sheet?.getCell('B3').numFmt).toBe('dd/mm/yyyy')
    expect(sheet?.getCell('B4').value).toBeNull()
    // As Excel stores it: 18 March 2026 is day 46099 since 30 December 1899.
    expect(plainRowXml(2, [sheetDay('2026-03-18')], 1, () => 3)).toContain('<c r="A2" s="3"><v>46099</v></c>')
    expect(plainRowXml(2, [sheetDay('2026-03-18')])).toBeUndefined()
  })

  it('renders a plain row as exceljs does, and declines a value it does not write', () => {
    expect(plainRowXml(2, ['CMP-1', 4, undefined, 'a<b'])).toBe(
      '<row r="2" spans="1:4" x14ac:dyDescent="0.25"><c r="A2" t="str"><v>CMP-1</v></c>' +
        '<c r="B2"><v>4</v></c><c r="D2" t="str"><v>a&lt;b</v></c></row>',
    )
    expect(plainRowXml(30, ['x'], 28)).toContain('<c r="AB30" t="str">')
    expect(plainRowXml(2, [new Date()])).toBeUndefined()
    expect(plainRowXml(2, [Number.NaN])).toBeUndefined()
    expect(plainRowXml(2, [true])).toBeUndefined()
    expect(xmlText("tab\tand\nline\u0000\u007f & 'q'")).toBe('tab\tand\nline &amp; &apos;q&apos;')
  })

  it('stops writing once its reader has gone, rather than filling memory for no one', async () => {
    let written = 0
    let stopped: unknown
    const stream = xlsxStream({}, async (wb, room) => {
      const sheet = wb.addWorksheet('Rows')
      try {
        for (;;) {
          addRow(sheet, [written++, 'a row of text that nobody will read'])
          if (written % 100 === 0) {
            await room()
            await turn()
          }
        }
      } catch (error) {
        stopped = error
        throw error
      }
    })
    for await (const _chunk of stream) break // the download abandoned after its first bytes
    for (let n = 0; n < 50 && !stopped; n++) await turn()
    expect(String(stopped)).toContain('reader has gone')
    const then = written
    await turn()
    expect(written).toBe(then)
  })

  it('waits while a sheet’s XML waits to be compressed, so a big sheet is never held whole', async () => {
    // exceljs hands a sheet's XML to the zip without waiting; what waits is in the zip's entry.
    const waitingIn = (sheet: object) =>
      (sheet as { _stream?: { pipes?: { _writableState?: { length?: number } }[] } })._stream?.pipes?.[0]
        ?._writableState?.length
    const seen: number[] = []
    const stream = xlsxStream({}, async (wb, room) => {
      const sheet = wb.addWorksheet('Rows')
      for (let n = 1; n <= 40_000; n++) {
        addRow(sheet, [n, `a long explanation of why row ${n} counted as it did, `.repeat(4)])
        if (n % 1000 === 0) {
          await room(sheet)
          seen.push(waitingIn(sheet) ?? Number.NaN)
        }
      }
      sheet.commit()
    })
    const bytes = await bytesOf(stream)
    // About 10 MB of XML in all; never more than the 1 MB allowed and one 64 KB chunk waiting.
    expect(seen).toHaveLength(40)
    expect(Math.max(...seen)).toBeLessThanOrEqual((1 << 20) + (64 << 10))
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(new Uint8Array(bytes).buffer as ArrayBuffer)
    expect(wb.getWorksheet('Rows')?.rowCount).toBe(40_000)
  })
})
