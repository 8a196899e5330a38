import { escapeHtml } from '../../domain/letters/layout.js'
import { cellText, type ReportDocument } from '../../domain/reports/reportDocument.js'
import { chartOf } from './chart.js'

/**
 * A report as one self-contained HTML page a landlord can put on its website: headings in
 * order, tables with captions and header cells, charts drawn inline as SVG under their titles,
 * readable without styles or scripts, and a small print-friendly style of its own.
 */
export function reportHtml(report: ReportDocument): string {
  const parts: string[] = []
  for (const b of report.blocks) {
    switch (b.kind) {
      case 'heading':
        parts.push(`<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`)
        break
      case 'paragraph':
        for (const p of b.text.split(/\n{2,}/)) parts.push(`<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
        break
      case 'list':
        parts.push(`<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`)
        break
      case 'table': {
        const t = b.table
        parts.push(
          `<table${t.layout === 'text' ? ' class="text"' : ''}><caption>${escapeHtml(t.caption)}</caption><thead><tr>${t.head
            .map(
              (h) =>
                `<th scope="col">${h ? escapeHtml(h) : '<span class="visually-hidden">Figure</span>'}</th>`,
            )
            .join('')}</tr></thead><tbody>${t.rows
            .map(
              (r) =>
                `<tr>${r
                  .map((c, i) =>
                    i === 0
                      ? `<th scope="row">${escapeHtml(cellText(c))}</th>`
                      : `<td>${escapeHtml(cellText(c))}</td>`,
                  )
                  .join('')}</tr>`,
            )
            .join('')}</tbody></table>`,
        )
        break
      }
      case 'chart':
        parts.push(`<figure><figcaption>${escapeHtml(b.title)}</figcaption>${chartOf(b).svg}</figure>`)
        break
    }
  }
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>
body { font-family: Arial, sans-serif; line-height: 1.5; max-width: 50em; margin: 2em auto; padding: 0 1em; color: #0b0c0c; }
table { border-collapse: collapse; width: 100%; margin: 0 0 2em; }
caption { text-align: left; font-weight: bold; padding: 0.5em 0; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.4em 0.6em 0.4em 0; text-align: left; vertical-align: top; }
td { text-align: right; }
table.text td { text-align: left; }
figure { margin: 0 0 1em; }
figcaption { font-weight: bold; padding: 0.5em 0; }
figure svg { display: block; max-width: 640px; height: auto; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(report.title)}</h1>
${report.subtitle ? `<p>${escapeHtml(report.subtitle)}</p>` : ''}
${parts.join('\n')}
</main>
</body>
</html>
`
}
