import { unzipSync } from 'fflate'
import { getDocumentProxy } from 'unpdf'
import { describe, expect, it } from 'vitest'
import { barChartSvg } from '../../domain/learning/charts.js'
import type { ReportDocument } from '../../domain/reports/reportDocument.js'
import { chartPng } from './chartPng.js'
import { reportDocx } from './reportDocx.js'
import { reportHtml } from './reportHtml.js'
import { reportPdf } from './reportPdf.js'

/** A report with a chart and, after it, the table of the same figures, as the board pack has. */
const title = 'Stage 1 complaints received by category, Quarter 1 of 2025/26'
const rows = [
  { label: 'Repairs', value: 12 },
  { label: 'Damp and mould', value: 7 },
  { label: 'Anti-social behaviour', value: 0 },
]
const report: ReportDocument = {
  title: 'Board and MRC pack',
  author: 'Test Homes',
  blocks: [
    { kind: 'heading', level: 2, text: 'Volumes' },
    { kind: 'chart', id: 'category', title, rows },
    {
      kind: 'table',
      table: {
        caption: 'Complaints received by category',
        sheet: 'By category',
        head: ['Category', 'This quarter'],
        rows: rows.map((r) => [r.label, r.value]),
      },
    },
  ],
}

describe('a report’s charts in its documents', () => {
  it('are drawn into the PDF as a tagged figure with real text, before their table', async () => {
    const pdf = await reportPdf(report)
    const proxy = await getDocumentProxy(new Uint8Array(pdf))
    expect(proxy.numPages).toBe(1)
    const items = (await (await proxy.getPage(1)).getTextContent()).items.map((i) =>
      'str' in i ? i.str.trim() : '',
    )
    // Each label and value twice: once drawn in the chart, once in the table.
    const count = (s: string) => items.filter((i) => i === s).length
    for (const r of rows) {
      expect(count(r.label), r.label).toBe(2)
      expect(count(String(r.value)), String(r.value)).toBe(2)
    }
    expect(items).toContain(title)
    expect(items).toContain('Complaints received by category')
    expect(items.indexOf(title)).toBeLessThan(items.indexOf('Complaints received by category'))
    const raw = pdf.toString('latin1')
    expect(raw).toMatch(/\/S \/Figure\b/)
    expect(raw).toContain(`/Alt (${title})`)
  })

  it('are a picture in the Word document, its alternative text the chart’s title, before their table', async () => {
    const files = unzipSync(new Uint8Array(await reportDocx(report)))
    const media = Object.keys(files).filter((f) => f.startsWith('word/media/'))
    expect(media).toHaveLength(1)
    const png = Buffer.from(files[media[0] as string] as Uint8Array)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(1200) // drawn at twice the 600 pixels it is shown
    const xml = new TextDecoder().decode(files['word/document.xml'])
    expect(xml).toMatch(new RegExp(`<wp:docPr [^>]*descr="${title}"[^>]*title="${title}"`))
    const text = xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '')
    expect(text).toContain(title)
    expect(text).toContain('Complaints received by category')
    expect(text).toContain('Damp and mould')
    expect(xml.indexOf('<wp:docPr')).toBeLessThan(xml.indexOf('<w:tbl>'))
  })

  it('are drawn with their text on a server that has no fonts of its own', () => {
    const svg = barChartSvg('category', title, rows)
    const withoutText = svg.replace(/<text [^>]*>[^<]*<\/text>/g, '')
    expect(withoutText).not.toContain('<text')
    const drawn = chartPng(svg, 640)
    expect(drawn.width).toBe(640)
    expect(drawn.png.equals(chartPng(withoutText, 640).png)).toBe(false)
  })

  it('are inline SVG under their titles in the published web page', () => {
    const html = reportHtml(report)
    expect(html).toContain(`<figure><figcaption>${title}</figcaption><svg `)
    expect(html).toContain('>Damp and mould</text>')
    expect(html.indexOf('<figure>')).toBeLessThan(html.indexOf('<table'))
  })
})
