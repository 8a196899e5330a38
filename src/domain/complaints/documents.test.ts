import { Document, Packer, Paragraph } from 'docx'
import { describe, expect, it } from 'vitest'
import { checkDocument, zipEntryNames } from './documents.js'

/** A ZIP holding the named entries, stored uncompressed, as any archiver would write it. */
function zipOf(entries: Record<string, string>): Uint8Array {
  const local: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [name, content] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name)
    const data = Buffer.from(content)
    const header = Buffer.alloc(30)
    header.writeUInt32LE(0x04034b50, 0)
    header.writeUInt32LE(data.length, 18)
    header.writeUInt32LE(data.length, 22)
    header.writeUInt16LE(nameBytes.length, 26)
    local.push(header, nameBytes, data)
    const entry = Buffer.alloc(46)
    entry.writeUInt32LE(0x02014b50, 0)
    entry.writeUInt32LE(data.length, 20)
    entry.writeUInt32LE(data.length, 24)
    entry.writeUInt16LE(nameBytes.length, 28)
    entry.writeUInt32LE(offset, 42)
    central.push(entry, nameBytes)
    offset += 30 + nameBytes.length + data.length
  }
  const directory = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(entries).length, 8)
  end.writeUInt16LE(Object.keys(entries).length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...local, directory, end]))
}

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
