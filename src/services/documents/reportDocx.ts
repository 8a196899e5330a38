import {
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { cellText, type ReportDocument } from '../../domain/reports/reportDocument.js'
import { type ChartBlock, chartOf } from './chart.js'
import { chartPng } from './chartPng.js'

/**
 * A report as a Word document: real headings (so the navigation pane and screen readers find
 * them), paragraphs, bulleted lists, tables whose first row repeats as a header, and charts as
 * pictures whose alternative text is their title.
 */
export async function reportDocx(report: ReportDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: report.title, heading: HeadingLevel.TITLE }),
    ...(report.subtitle ? [new Paragraph({ text: report.subtitle })] : []),
  ]
  for (const b of report.blocks) {
    switch (b.kind) {
      case 'heading':
        children.push(
          new Paragraph({
            text: b.text,
            heading: b.level === 2 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
          }),
        )
        break
      case 'paragraph':
        for (const line of b.text.split(/\n{2,}/))
          children.push(new Paragraph({ children: [new TextRun(line)], spacing: { after: 120 } }))
        break
      case 'list':
        for (const item of b.items) children.push(new Paragraph({ text: item, bullet: { level: 0 } }))
        break
      case 'table': {
        const t = b.table
        children.push(new Paragraph({ children: [new TextRun({ text: t.caption, bold: true })] }))
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({
                tableHeader: true,
                children: t.head.map(
                  (h) =>
                    new TableCell({
                      children: [
                        new Paragraph({ children: [new TextRun({ text: h || 'Figure', bold: true })] }),
                      ],
                    }),
                ),
              }),
              ...t.rows.map(
                (r) =>
                  new TableRow({
                    children: r.map(
                      (c, i) =>
                        new TableCell({
                          children: [
                            new Paragraph({ children: [new TextRun({ text: cellText(c), bold: i === 0 })] }),
                          ],
                        }),
                    ),
                  }),
              ),
            ],
          }),
        )
        children.push(new Paragraph({ text: '' }))
        break
      }
      case 'chart':
        children.push(...chartParagraphs(b))
        break
    }
  }
  const doc = new Document({
    creator: report.author,
    title: report.title,
    description: report.subtitle ?? report.title,
    sections: [{ children }],
  })
  return Packer.toBuffer(doc)
}

/** A4 less Word's default margins of an inch: the width of the text, in pixels at 96 to the inch. */
const TEXT_WIDTH_PX = 600

/**
 * The web page's chart under its title, as a PNG drawn at twice the size it is shown (sharp in
 * print and when zoomed). A PNG rather than an SVG: every version of Word and LibreOffice shows
 * it, and an SVG would need a PNG beside it for those that do not anyway.
 */
function chartParagraphs(b: ChartBlock): Paragraph[] {
  const chart = chartOf(b)
  const width = Math.min(TEXT_WIDTH_PX, chart.width)
  const height = Math.round((width * chart.height) / chart.width)
  const picture = chartPng(chart.svg, width * 2)
  return [
    new Paragraph({ children: [new TextRun({ text: b.title, bold: true })], keepNext: true }),
    new Paragraph({
      children: [
        new ImageRun({
          type: 'png',
          data: picture.png,
          transformation: { width, height },
          altText: { name: `Chart: ${b.id}`, title: b.title, description: b.title },
        }),
      ],
      spacing: { after: 120 },
    }),
  ]
}
