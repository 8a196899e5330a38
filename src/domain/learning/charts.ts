/**
 * Charts for the themes and trends page and the reports, drawn on the server as SVG: readable
 * without JavaScript, scaled to the page, each with a title and a table beside it for screen
 * readers. The same SVG is drawn into the PDF and, as a picture, into the Word document.
 *
 * No `style` attribute: the Content Security Policy refuses inline styles, so the page's
 * stylesheet sizes the chart (`.app-chart svg`). The font is a presentation attribute, which the
 * policy allows, so the text is sans-serif wherever the SVG is drawn.
 */
import { escapeHtml } from '../letters/layout.js'

export type ChartRow = { label: string; value: number }

/** The chart's width in its own units: drawn no wider than this many CSS pixels. */
export const CHART_WIDTH = 640

/** The font the chart's text asks for; the web page's stylesheet puts GDS Transport first. */
export const CHART_FONT = 'arial, sans-serif'

/**
 * About how wide text is at the chart's 16 units in Arial (Helvetica and Arimo have the same
 * widths): enough to give the labels the room they need without measuring them.
 */
const textWidth = (text: string) =>
  [...text].reduce(
    (w, c) => w + (/[\sfijlrt.,:;'!|()-]/.test(c) ? 5 : /[mwMW]/.test(c) ? 13.5 : /[A-Z]/.test(c) ? 11 : 9),
    0,
  )

/** A label cut short, with an ellipsis, to fit `room` (the table beside the chart has it whole). */
function fitted(label: string, room: number): string {
  if (textWidth(label) <= room) return label
  let cut = label
  while (cut.length > 1 && textWidth(`${cut}…`) > room) cut = cut.slice(0, -1)
  return `${cut.trimEnd()}…`
}

/**
 * A horizontal bar chart: one bar a row, its value at its end. The labels' column is as wide as
 * the longest label needs, between a quarter and half the chart; a longer label is cut short.
 */
export function barChartSvg(id: string, title: string, rows: ChartRow[]): string {
  const barHeight = 28
  const gap = 8
  const widest = Math.max(0, ...rows.map((r) => textWidth(r.label)))
  const labelWidth = Math.round(Math.min(CHART_WIDTH / 2, Math.max(CHART_WIDTH / 4, widest + 16)))
  const chartWidth = CHART_WIDTH - labelWidth
  const height = Math.max(1, rows.length) * (barHeight + gap) + gap
  const max = Math.max(1, ...rows.map((r) => r.value))
  const bars = rows
    .map((r, i) => {
      const y = gap + i * (barHeight + gap)
      const w = Math.max(r.value > 0 ? 2 : 0, Math.round((r.value / max) * (chartWidth - 60)))
      return [
        `<text x="${labelWidth - 8}" y="${y + barHeight / 2 + 5}" text-anchor="end" font-size="16" fill="#0b0c0c">${escapeHtml(fitted(r.label, labelWidth - 16))}</text>`,
        `<rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" fill="#1d70b8"></rect>`,
        `<text x="${labelWidth + w + 6}" y="${y + barHeight / 2 + 5}" font-size="16" fill="#0b0c0c">${r.value}</text>`,
      ].join('')
    })
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title" viewBox="0 0 ${CHART_WIDTH} ${height}" width="100%" font-family="${CHART_FONT}" focusable="false"><title id="${id}-title">${escapeHtml(title)}</title>${bars}</svg>`
}
