import { barChartSvg } from '../../domain/learning/charts.js'
import type { ReportBlock } from '../../domain/reports/reportDocument.js'

export type ChartBlock = Extract<ReportBlock, { kind: 'chart' }>

/** A report's chart as the web page draws it, with the size of its drawing (its viewBox). */
export function chartOf(block: ChartBlock): { svg: string; width: number; height: number } {
  const svg = barChartSvg(block.id, block.title, block.rows)
  const [, width, height] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg) ?? []
  return { svg, width: Number(width), height: Number(height) }
}
