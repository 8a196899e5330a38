import type { Readable } from 'node:stream'
import SVGtoPDF from 'svg-to-pdfkit'
import { cellText, type ReportDocument } from '../../domain/reports/reportDocument.js'
import { type ChartBlock, chartOf } from './chart.js'
import { bytesOf } from './streamBytes.js'
import { taggedPdfStream } from './taggedPdf.js'

/**
 * A report as an A4 PDF for board papers or publication: real text, tagged for screen readers
 * (headings, paragraphs, lists, tables whose header cells are marked as headers, and charts as
 * figures whose alternative text is their title), titled and in English.
 */
export function reportPdfStream(report: ReportDocument): Readable {
  const { doc, root } = taggedPdfStream({
    title: report.title,
    author: report.author,
    subject: report.subtitle,
    margin: 56,
  })
  const left = doc.page.margins.left
  root.add(doc.struct('H1', {}, () => doc.font('Helvetica-Bold').fontSize(18).text(`${report.title} `)))
  if (report.subtitle)
    root.add(doc.struct('P', {}, () => doc.font('Helvetica').fontSize(11).text(`${report.subtitle} `)))
  doc.moveDown(0.8)
  for (const block of report.blocks) {
    doc.x = left
    switch (block.kind) {
      case 'heading':
        if (block.level === 2 && doc.y > doc.page.height - 160) doc.addPage()
        doc.moveDown(0.4)
        root.add(
          doc.struct(block.level === 2 ? 'H2' : 'H3', {}, () =>
            doc
              .font('Helvetica-Bold')
              .fontSize(block.level === 2 ? 14 : 12)
              .text(`${block.text} `),
          ),
        )
        doc.moveDown(0.3)
        break
      case 'paragraph':
        root.add(doc.struct('P', {}, () => doc.font('Helvetica').fontSize(10.5).text(`${block.text} `)))
        doc.moveDown(0.5)
        break
      case 'list': {
        const list = doc.struct('L')
        root.add(list)
        for (const item of block.items)
          list.add(
            doc.struct('LI', {}, [
              doc.struct('LBody', {}, () =>
                doc.font('Helvetica').fontSize(10.5).text(`•  ${item} `, { indent: 10, paragraphGap: 2 }),
              ),
            ]),
          )
        list.end()
        doc.moveDown(0.5)
        break
      }
      case 'table': {
        const t = block.table
        if (doc.y > doc.page.height - 140) doc.addPage()
        root.add(
          doc.struct('Caption', {}, () => doc.font('Helvetica-Bold').fontSize(10.5).text(`${t.caption} `)),
        )
        doc.moveDown(0.2)
        doc.font('Helvetica').fontSize(9.5)
        const width = doc.page.width - doc.page.margins.left - doc.page.margins.right
        const others = Math.max(1, t.head.length - 1)
        const first = t.head.length > 1 ? Math.max(width * 0.45, width - others * 95) : width
        const widthOf = (i: number) =>
          t.widths?.[i] !== undefined
            ? width * (t.widths[i] as number)
            : i === 0
              ? first
              : (width - first) / others
        const text = t.layout === 'text'
        if (text) doc.fontSize(8.5)
        // structParent makes the table accessible (Table, TR, TH, TD); the types do not know it yet.
        const tableOptions = {
          structParent: root,
          columnStyles: (i: number) =>
            i === 0 || text ? { width: widthOf(i) } : { width: widthOf(i), align: { x: 'right' } },
          data: [
            t.head.map((h) => ({ text: h, type: 'TH', scope: 'column', font: { src: 'Helvetica-Bold' } })),
            ...t.rows.map((row) =>
              row.map((c, i) =>
                i === 0 ? { text: cellText(c), type: 'TH', scope: 'row' } : { text: cellText(c) },
              ),
            ),
          ],
        }
        doc.table(tableOptions as unknown as Parameters<typeof doc.table>[0])
        doc.moveDown(0.8)
        break
      }
      case 'chart':
        drawChart(doc, root, block)
        break
    }
  }
  root.end()
  doc.end()
  return doc
}

/** The same PDF's bytes, for what is kept rather than sent. */
export const reportPdf = (report: ReportDocument): Promise<Buffer> => bytesOf(reportPdfStream(report))

type Doc = ReturnType<typeof taggedPdfStream>['doc']
type Struct = ReturnType<typeof taggedPdfStream>['root']

/**
 * The web page's chart, drawn as vectors with real text (so it prints sharp and its labels can be
 * searched and copied), under its title, kept on one page. A screen reader is given the title as
 * the figure's alternative text; the table that follows gives the figures.
 */
function drawChart(doc: Doc, root: Struct, block: ChartBlock) {
  const chart = chartOf(block)
  const left = doc.page.margins.left
  // Two thirds of a point a unit: the chart's 16-unit text is then the body text's size.
  const width = Math.min(doc.page.width - left - doc.page.margins.right, (chart.width * 2) / 3)
  const height = (width * chart.height) / chart.width
  if (doc.y + height + 30 > doc.page.height - doc.page.margins.bottom) doc.addPage()
  root.add(doc.struct('Caption', {}, () => doc.font('Helvetica-Bold').fontSize(10.5).text(`${block.title} `)))
  doc.moveDown(0.3)
  const y = doc.y
  // The figure's bounding box, which PDF/UA asks of a figure; the types do not know it yet.
  const figure = { alt: block.title, bbox: [left, y, left + width, y + height], placement: 'Block' }
  root.add(
    doc.struct('Figure', figure as PDFKit.Mixins.StructureElementOptions, () =>
      // svg-to-pdfkit's types take the PDFDocument class where it means an instance.
      SVGtoPDF(doc as unknown as Parameters<typeof SVGtoPDF>[0], chart.svg, left, y, {
        width,
        height,
        assumePt: true,
      }),
    ),
  )
  doc.x = left
  doc.y = y + height
  doc.moveDown(0.8)
}
