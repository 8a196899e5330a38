import { Document, Packer, Paragraph } from 'docx'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { wordZipBomb, type ZipPart, zipOf as zipBuffer } from '../../../test/zip.js'
import { checkDocument, MAX_UNPACKED_BYTES, zipEntryNames } from './documents.js'

const zipOf = (entries: Record<string, ZipPart>) => new Uint8Array(zipBuffer(entries))

const bytes = (text: string) => new Uint8Array(Buffer.from(text))

describe('documents are checked by their content', () => {
  it('accepts a real Word document, and refuses any other ZIP renamed .docx', async () => {
    const docx = new Uint8Array(
      await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Survey report')] }] })),
    )
    expect(zipEntryNames(docx)).toContain('[Content_Types].xml')
    expect(checkDocument('survey.docx', docx)).toMatchObject({ ok: true })
    const archive = zipOf({ 'photos/1.jpg': 'not really', 'notes.txt': 'hello' })
    expect(zipEntryNames(archive)).toEqual(['photos/1.jpg', 'notes.txt'])
    expect(checkDocument('survey.docx', archive)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not really a Word document'),
    })
    // A spreadsheet's parts renamed as a Word document is not one either.
    const sheet = zipOf({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' })
    expect(checkDocument('sheet.xlsx', sheet)).toMatchObject({ ok: true })
    expect(checkDocument('sheet.docx', sheet)).toMatchObject({ ok: false })
    expect(checkDocument('broken.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toMatchObject({
      ok: false,
    })
  })

  it('checks an OpenDocument file by its media type', () => {
    const odt = zipOf({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<x/>' })
    expect(checkDocument('letter.odt', odt)).toMatchObject({ ok: true })
    expect(checkDocument('letter.odt', zipOf({ 'content.xml': '<x/>' }))).toMatchObject({ ok: false })
  })

  it('checks a HEIC photo’s type box', () => {
    const heic = new Uint8Array([
      0,
      0,
      0,
      24,
      ...Buffer.from('ftypheic'),
      0,
      0,
      0,
      0,
      ...Buffer.from('mif1heic'),
    ])
    expect(checkDocument('IMG_0001.HEIC', heic)).toMatchObject({ ok: true, contentType: 'image/heic' })
    expect(checkDocument('IMG_0001.heic', bytes('MZ this is a program'))).toMatchObject({ ok: false })
  })

  it('takes text only as UTF-8 without NULs, and an email only with its headers', () => {
    expect(checkDocument('notes.txt', bytes('Called the resident at 10:15.'))).toMatchObject({ ok: true })
    expect(checkDocument('notes.txt', new Uint8Array([0x41, 0x00, 0x42]))).toMatchObject({ ok: false })
    expect(checkDocument('notes.txt', new Uint8Array([0xc3, 0x28]))).toMatchObject({ ok: false })
    const mail = 'Received: from mx\r\nFrom: Asha <asha@example.org>\r\nSubject: Mould\r\n\r\nIt is back.'
    expect(checkDocument('complaint.eml', bytes(mail))).toMatchObject({
      ok: true,
      contentType: 'message/rfc822',
    })
    expect(checkDocument('complaint.eml', bytes('Just some text, not an email'))).toMatchObject({ ok: false })
  })
})

describe('a document that unpacks too far is refused as a zip bomb', () => {
  it('accepts real Word documents and spreadsheets, however well their text packs', async () => {
    const paragraphs = Array.from({ length: 1000 }, (_, i) => new Paragraph(`Visit ${i}: the mould is back.`))
    const word = await Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] }))
    expect(checkDocument('visits.docx', new Uint8Array(word))).toMatchObject({ ok: true })
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('Repairs')
    for (let i = 0; i < 2000; i++) sheet.addRow([i, 'Damp and mould', 'Open', '2026-03-02'])
    const excel = new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer)
    expect(checkDocument('repairs.xlsx', excel)).toMatchObject({ ok: true })
  })

  it('refuses one that unpacks to over 100 times its size, whatever it declares', async () => {
    // 150 MB of zeros in about 150 KB.
    const honest = await wordZipBomb(150)
    expect(honest.length).toBeLessThan(200_000)
    expect(checkDocument('report.docx', new Uint8Array(honest))).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /^The selected file is refused as a possible zip bomb: a Word document may unpack to at most 100 times its own size/,
      ),
    })
    // Declaring a small size does not help: the entries are unpacked and counted.
    const lying = await wordZipBomb(150, { declaredSize: 5_000 })
    expect(checkDocument('report.docx', new Uint8Array(lying))).toMatchObject({
      ok: false,
      problem: expect.stringContaining('refused as a possible zip bomb'),
    })
  })

  it('refuses one that unpacks to over 100 MB, even when that is under 100 times its size', async () => {
    // 2 MB of noise makes the file big enough that the ratio would allow 200 MB.
    for (const declaredSize of [undefined, 1_000]) {
      const bomb = await wordZipBomb(150, { declaredSize, padding: 2 * 1024 * 1024 })
      expect(bomb.length * 100).toBeGreaterThan(150 * 1024 * 1024)
      expect(checkDocument('report.docx', new Uint8Array(bomb))).toMatchObject({
        ok: false,
        problem: expect.stringContaining(`may unpack to at most ${MAX_UNPACKED_BYTES / 1024 / 1024} MB`),
      })
    }
    // Under the limit, the same shape is an ordinary (if large) document.
    const big = await wordZipBomb(90, { padding: 2 * 1024 * 1024 })
    expect(checkDocument('report.docx', new Uint8Array(big))).toMatchObject({ ok: true })
  })

  it('refuses an OpenDocument bomb too, and an entry packed in a way no office program writes', () => {
    const odt = zipOf({
      mimetype: 'application/vnd.oasis.opendocument.text',
      'content.xml': { deflated: Buffer.from([0x03, 0x00]), size: 0, declaredSize: 0xffffffff },
    })
    expect(checkDocument('letter.odt', odt)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('zip bomb'),
    })
    const bzip = zipBuffer({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>' })
    bzip.writeUInt16LE(12, bzip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10)
    expect(checkDocument('letter.docx', new Uint8Array(bzip))).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not really a Word document'),
    })
  })
})
