import { type LetterBlock, letterBlocks } from '../../domain/letters/layout.js'
import { taggedPdf } from '../documents/taggedPdf.js'

export type LetterPdfOptions = {
  title: string
  landlordName: string
  /** Code 5.1 and the Equality Act: the resident's large-print preference. */
  largePrint?: boolean
  /** The landlord's logo (PNG or JPEG), at the top of each letter. */
  logo?: { bytes: Uint8Array }
}

const mm = (n: number) => (n * 72) / 25.4

/**
 * Where a folded A4 letter shows through a UK window envelope (DL folded in three, C5 folded in
 * half): the recipient's name and address sit 25 mm from the left and from 50 mm down the page, in
 * an area 85 mm wide and 32 mm tall that both envelopes' windows show, with the landlord's return
 * address in small type just above it.
 */
export const WINDOW = { left: mm(25), top: mm(50), width: mm(85), height: mm(32), returnTop: mm(45) }
const MARGIN = mm(20)
/** Where the date and reference sit, to the right of the window. */
const RIGHT_COLUMN = mm(125)
/** Where the letter's body starts on its first page when it has an address block. */
const BODY_TOP = mm(95)
/** How far a bullet's wrapped lines are indented, so they line up under its first word. */
const BULLET_INDENT = 14

/**
 * The letter as an A4 PDF: real, selectable text (never an image), tagged for screen readers
 * with its logical structure (headings, paragraphs, lists), titled and in English. Made from the
 * letter's issued text, so it says exactly what the record says. A letter with a recipient's
 * address is laid out for a window envelope; every page carries the reference and "Page 1 of 2".
 */
export function letterPdf(
  text: string | (string | { text: string; largePrint?: boolean })[],
  options: LetterPdfOptions,
): Promise<Buffer> {
  // Each letter of a print run in its own resident's size.
  const letters = (Array.isArray(text) ? text : [text]).map((l) =>
    typeof l === 'string' ? { text: l, largePrint: options.largePrint } : l,
  )
  let size = 11.5
  const { doc, root, done } = taggedPdf({
    title: options.title,
    author: options.landlordName,
    margin: MARGIN,
    bufferPages: true,
  })
  const gap = () => doc.moveDown(0.6)
  const width = doc.page.width - 2 * MARGIN
  // Several letters (the print queue) go one after another, each starting on a new page and
  // numbered on its own: "Page 1 of 2" is of that letter.
  const runs: { first: number; last: number; reference: string | undefined }[] = []
  for (const [index, { text: letter, largePrint }] of letters.entries()) {
    size = largePrint ? 16 : 11.5
    if (index > 0) doc.addPage()
    const first = doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1
    const section = doc.struct('Sect')
    root.add(section)
    renderLetter(letterBlocks(letter), section)
    section.end()
    const range = doc.bufferedPageRange()
    runs.push({
      first,
      last: range.start + range.count - 1,
      reference: /^Our reference: (\S+)/m.exec(letter)?.[1],
    })
  }
  for (const run of runs) footers(run)
  root.end()
  doc.end()
  return done

  /** Each page's footer, marked as a pagination artifact so a screen reader does not read it as the letter. */
  function footers(run: { first: number; last: number; reference: string | undefined }) {
    const pages = run.last - run.first + 1
    for (let p = run.first; p <= run.last; p++) {
      doc.switchToPage(p)
      const bottom = doc.page.margins.bottom
      // Writing below the bottom margin would otherwise start a new page.
      doc.page.margins.bottom = 0
      doc.markContent('Artifact', { type: 'Pagination' })
      const words = [
        run.reference ? `Our reference: ${run.reference}` : '',
        `Page ${p - run.first + 1} of ${pages}`,
      ]
        .filter(Boolean)
        .join('   ·   ')
      doc
        .font('Helvetica')
        .fontSize(9)
        .fillColor('#505a5f')
        .text(words, MARGIN, doc.page.height - mm(12), { width, align: 'center', lineBreak: false })
      doc.fillColor('black')
      doc.endMarkedContent()
      doc.page.margins.bottom = bottom
    }
  }

  function logo(root: PDFKit.PDFStructureElement, x: number, y: number) {
    if (!options.logo) return
    const bytes = Buffer.from(options.logo.bytes)
    root.add(
      doc.struct('Figure', { alt: `${options.landlordName} logo` }, () => {
        doc.image(bytes, x, y, { fit: [mm(55), mm(20)] })
      }),
    )
  }

  function paragraph(
    root: PDFKit.PDFStructureElement,
    lines: string[],
    at: { x: number; y: number; width: number; size: number; boldFirst?: boolean },
  ) {
    root.add(
      doc.struct('P', {}, () => {
        lines.forEach((line, i) => {
          doc
            .font(i === 0 && at.boldFirst ? 'Helvetica-Bold' : 'Helvetica')
            .fontSize(at.size)
            .text(`${line} `, i === 0 ? at.x : undefined, i === 0 ? at.y : undefined, { width: at.width })
        })
      }),
    )
  }

  function renderLetter(blocks: LetterBlock[], root: PDFKit.PDFStructureElement) {
    const letterhead = blocks.find((b) => b.kind === 'letterhead')
    const recipient = blocks.find((b) => b.kind === 'recipient')
    const date = blocks.find((b) => b.kind === 'date')
    let rest = blocks
    if (recipient && letterhead) {
      // A letter for a window envelope: logo and letterhead at the top, the address in the window.
      const [name = '', ...address] = letterhead.lines
      logo(root, MARGIN, MARGIN)
      paragraph(root, [name, ...address], {
        x: RIGHT_COLUMN,
        y: MARGIN,
        width: doc.page.width - RIGHT_COLUMN - MARGIN,
        size: Math.min(size, 10),
        boldFirst: true,
      })
      // Royal Mail returns an undeliverable letter to the address above the recipient's.
      const postal = address.filter((l) => !/^(Phone|Email): /.test(l))
      if (postal.length)
        paragraph(root, [`If undelivered, return to: ${[name, ...postal].join(', ')}`], {
          x: WINDOW.left,
          y: WINDOW.returnTop,
          width: WINDOW.width,
          size: 6.5,
        })
      // The address fits the window at any type size: it shrinks (never below 9 pt) before it
      // would spill out, and never takes the large-print size the body does.
      const fits = (pt: number) =>
        recipient.lines.length * doc.fontSize(pt).currentLineHeight(true) <= WINDOW.height &&
        recipient.lines.every((l) => doc.fontSize(pt).widthOfString(l) <= WINDOW.width)
      let addressSize = Math.min(size, 12)
      doc.font('Helvetica')
      while (addressSize > 9 && !fits(addressSize)) addressSize -= 0.5
      paragraph(root, recipient.lines, {
        x: WINDOW.left,
        y: WINDOW.top,
        width: WINDOW.width,
        size: addressSize,
      })
      if (date)
        paragraph(root, [date.text], {
          x: RIGHT_COLUMN,
          y: WINDOW.top,
          width: doc.page.width - RIGHT_COLUMN - MARGIN,
          size: Math.min(size, 12),
        })
      doc.x = MARGIN
      doc.y = Math.max(BODY_TOP, doc.y + mm(8))
      rest = blocks.filter((b) => b !== letterhead && b !== recipient && b !== date)
    } else if (options.logo) {
      logo(root, MARGIN, MARGIN)
      doc.x = MARGIN
      doc.y = MARGIN + mm(24)
    }
    for (const block of rest) {
      switch (block.kind) {
        case 'letterhead': {
          const [name, ...lines] = block.lines
          paragraph(root, [name ?? '', ...lines], { x: MARGIN, y: doc.y, width, size, boldFirst: true })
          gap()
          break
        }
        case 'recipient':
          paragraph(root, block.lines, { x: MARGIN, y: doc.y, width, size })
          gap()
          break
        case 'date':
          paragraph(root, [block.text], { x: MARGIN, y: doc.y, width, size })
          gap()
          break
        case 'subject':
          root.add(
            doc.struct('H1', {}, () =>
              doc
                .font('Helvetica-Bold')
                .fontSize(size + 2)
                .text(`${block.text} `, MARGIN, undefined, { width }),
            ),
          )
          break
        case 'heading':
          root.add(
            doc.struct('H2', {}, () =>
              doc.font('Helvetica-Bold').fontSize(size).text(`${block.text} `, MARGIN, undefined, { width }),
            ),
          )
          break
        case 'paragraph':
          root.add(
            doc.struct('P', {}, () =>
              doc.font('Helvetica').fontSize(size).text(`${block.text} `, MARGIN, undefined, { width }),
            ),
          )
          gap()
          break
        case 'list': {
          const list = doc.struct('L')
          root.add(list)
          for (const item of block.items) {
            // A bullet never sits at the foot of a page with its words on the next.
            if (
              doc.y + doc.fontSize(size).currentLineHeight(true) >
              doc.page.height - doc.page.margins.bottom
            )
              doc.addPage()
            list.add(
              doc.struct('LI', {}, [
                doc.struct('Lbl', {}, () => {
                  const y = doc.y
                  doc
                    .font('Helvetica')
                    .fontSize(size)
                    .text('•', MARGIN + 4, y, { lineBreak: false })
                  doc.y = y
                }),
                // The item's lines all start under its first word, not under the bullet.
                doc.struct('LBody', {}, () =>
                  doc
                    .font('Helvetica')
                    .fontSize(size)
                    .text(`${item} `, MARGIN + 4 + BULLET_INDENT, undefined, {
                      width: width - 4 - BULLET_INDENT,
                      paragraphGap: 2,
                    }),
                ),
              ]),
            )
          }
          list.end()
          doc.x = MARGIN
          gap()
          break
        }
      }
    }
  }
}
