import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { cellText, type ReportDocument } from '../../domain/reports/reportDocument.js'

/**
 * A report as a Word document: real headings (so the navigation pane and screen readers find
 * them), paragraphs, bulleted lists, and tables whose first row repeats as a header.
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
