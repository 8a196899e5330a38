import { setImmediate as turn } from 'node:timers/promises'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { bytesOf } from './streamBytes.js'
import { addRow, xlsxStream } from './xlsxStream.js'

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
