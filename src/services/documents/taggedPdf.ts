import PDFDocument from 'pdfkit'

/**
 * An A4 PDF ready for tagged content, as a stream: PDF 1.7, tagged for screen readers, in
 * British English, showing its title. The document is itself the stream of its bytes.
 */
export function taggedPdfStream(options: {
  title: string
  author: string
  subject?: string
  margin: number
  /** Keep every page until the end, to write on them again (a letter's "Page 1 of 2"). */
  bufferPages?: boolean
}) {
  const m = options.margin
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: m, bottom: m, left: m, right: m },
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: options.title, Author: options.author, Subject: options.subject ?? options.title },
    bufferPages: options.bufferPages ?? false,
  })
  const root = doc.struct('Document')
  doc.addStructure(root)
  return { doc, root }
}

/** The same, with `done` giving the finished bytes once `doc.end()` is called. */
export function taggedPdf(options: Parameters<typeof taggedPdfStream>[0]) {
  const { doc, root } = taggedPdfStream(options)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  return { doc, root, done }
}
