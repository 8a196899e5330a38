/**
 * Charts for the themes and trends page, drawn on the server as SVG: readable without
 * JavaScript, scaled to the page, each with a title and a table beside it for screen readers.
 */
import { escapeHtml } from '../letters/layout.js'

export type ChartRow = { label: string; value: number }

/** A horizontal bar chart: one bar a row, its value at its end. */
export function barChartSvg(id: string, title: string, rows: ChartRow[]): string {
  const barHeight = 28
  const gap = 8
  const labelWidth = 240
  const chartWidth = 400
  const height = Math.max(1, rows.length) * (barHeight + gap) + gap
  const max = Math.max(1, ...rows.map((r) => r.value))
  const bars = rows
    .map((r, i) => {
      const y = gap + i * (barHeight + gap)
      const w = Math.max(r.value > 0 ? 2 : 0, Math.round((r.value / max) * (chartWidth - 60)))
      return [
        `<text x="${labelWidth - 8}" y="${y + barHeight / 2 + 5}" text-anchor="end" font-size="16" fill="#0b0c0c">${escapeHtml(r.label)}</text>`,
        `<rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" fill="#1d70b8"></rect>`,
        `<text x="${labelWidth + w + 6}" y="${y + barHeight / 2 + 5}" font-size="16" fill="#0b0c0c">${r.value}</text>`,
      ].join('')
    })
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title" viewBox="0 0 ${labelWidth + chartWidth} ${height}" width="100%" style="max-width:${labelWidth + chartWidth}px" focusable="false"><title id="${id}-title">${escapeHtml(title)}</title>${bars}</svg>`
}
