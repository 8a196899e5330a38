import { letterBlocks } from '../../domain/letters/layout.js'
import { taggedPdf } from '../documents/taggedPdf.js'

export type LetterPdfOptions = {
  title: string
  landlordName: string
  /** Code 5.1 and the Equality Act: the resident's large-print preference. */
  largePrint?: boolean
  /** The landlord's logo (PNG or JPEG), at the top of each letter. */
  logo?: { bytes: Uint8Array }
}

/**
 * The letter as an A4 PDF: real, selectable text (never an image), tagged for screen readers
 * with its logical structure (headings, paragraphs, lists), titled and in English. Made from the
 * letter's issued text, so it says exactly what the record says.
 */
export function letterPdf(text: string | string[], options: LetterPdfOptions): Promise<Buffer> {
  const letters = Array.isArray(text) ? text : [text]
  const size = options.largePrint ? 16 : 11.5
  const { doc, root, done } = taggedPdf({
    title: options.title,
    author: options.landlordName,
    margin: 64,
  })
  const gap = () => doc.moveDown(0.6)
  // Several letters (the print queue) go one after another, each starting on a new page.
  for (const [index, letter] of letters.entries()) {
    if (index > 0) doc.addPage()
    const section = doc.struct('Sect')
    root.add(section)
    if (options.logo) {
      const logo = Buffer.from(options.logo.bytes)
      section.add(
        doc.struct('Figure', { alt: `${options.landlordName} logo` }, () => {
          doc.image(logo, { fit: [160, 56] })
          doc.moveDown(0.5)
        }),
      )
    }
    renderLetter(letter, section)
    section.end()
  }
  root.end()
  doc.end()
  return done

  function renderLetter(letter: string, root: PDFKit.PDFStructureElement) {
    for (const block of letterBlocks(letter)) {
      switch (block.kind) {
        case 'letterhead': {
          const [name, ...rest] = block.lines
          root.add(
            doc.struct('P', {}, () => {
              doc
                .font('Helvetica-Bold')
                .fontSize(size + 3)
                .text(`${name ?? ''} `)
              doc.font('Helvetica').fontSize(size)
              for (const line of rest) doc.text(`${line} `)
            }),
          )
          gap()
          break
        }
        case 'subject':
          root.add(
            doc.struct('H1', {}, () =>
              doc
                .font('Helvetica-Bold')
                .fontSize(size + 2)
                .text(`${block.text} `),
            ),
          )
          break
        case 'heading':
          root.add(
            doc.struct('H2', {}, () => doc.font('Helvetica-Bold').fontSize(size).text(`${block.text} `)),
          )
          break
        case 'paragraph':
          root.add(doc.struct('P', {}, () => doc.font('Helvetica').fontSize(size).text(`${block.text} `)))
          gap()
          break
        case 'list': {
          const list = doc.struct('L')
          root.add(list)
          for (const item of block.items) {
            list.add(
              doc.struct('LI', {}, [
                doc.struct('LBody', {}, () =>
                  doc.font('Helvetica').fontSize(size).text(`•  ${item} `, { indent: 12, paragraphGap: 2 }),
                ),
              ]),
            )
          }
          list.end()
          gap()
          break
        }
      }
    }
  }
}
