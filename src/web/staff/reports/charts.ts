import { barChartSvg } from '../../../domain/learning/charts.js'
import type { ReportBlock } from '../../../domain/reports/reportDocument.js'

/** A report's blocks for its page: each chart drawn as SVG, for `reportBlocks` to print before its table. */
export const withChartsDrawn = (blocks: ReportBlock[]) =>
  blocks.map((b) => (b.kind === 'chart' ? { ...b, svg: barChartSvg(b.id, b.title, b.rows) } : b))
