import type { Readable } from 'node:stream'
import { formatDateInWords } from '../../domain/calendar/calendarDate.js'
import { tenureLabels } from '../../domain/complaints/vocabulary.js'
import type { TsmItem } from '../../domain/reports/tsm.js'
import { tsmRows } from '../../domain/reports/tsmReturn.js'
import { csvText } from '../../domain/text/csv.js'
import { addRow, sheetDay, xlsxStream } from '../documents/xlsxStream.js'
import type { TsmService } from './tsm.js'

type Tsm = Awaited<ReturnType<TsmService['tsm']>>
/** One registered provider's return names it (issue 34); the group's names none. */
type Landlord = { name: string; rpNumber?: string | undefined }

const measureLabels = {
  stage1Received: 'Stage 1 received',
  stage2Received: 'Stage 2 received',
  stage1Response: 'Stage 1 response',
  stage2Response: 'Stage 2 response',
} as const

/** The TSM return as CSV: one row a measure, LCRA and LCHO side by side. */
export function tsmCsv(t: Tsm, landlord?: Landlord): string {
  return csvText([
    ...(landlord ? [['Registered provider', landlord.name, landlord.rpNumber ?? '', '']] : []),
    ['Reporting year', `${formatDateInWords(t.from)} to ${formatDateInWords(t.to)}`, '', ''],
    ['Measure', 'Description', 'LCRA', 'LCHO'],
    ...tsmRows.map((r) => [r.code, r.label, t.lcra[r.key], t.lcho[r.key]]),
    ['', 'Complaints counted with no tenure recorded', t.tenureNotRecorded, ''],
    [
      '',
      'Counted by the rules (see the workbook’s counting rules)',
      t.rules.id,
      `from ${formatDateInWords(t.rules.from)}`,
    ],
  ])
}

/**
 * The TSM return as a workbook: the measures, the complaints behind them, and the counting rules,
 * streamed: the complaints are written as `batches` yields them (a run of days at a time), so a
 * year never sits in memory.
 */
export function tsmXlsx(t: Tsm, batches: AsyncIterable<readonly TsmItem[]>, landlord?: Landlord): Readable {
  return xlsxStream({ created: new Date(`${t.to}T12:00:00Z`) }, async (wb, room) => {
    const measures = wb.addWorksheet('Measures')
    measures.columns = [
      { header: 'Measure', key: 'code', width: 10 },
      { header: 'Description', key: 'label', width: 60 },
      { header: 'LCRA', key: 'lcra', width: 12 },
      { header: 'LCHO', key: 'lcho', width: 12 },
    ]
    measures.getRow(1).font = { bold: true }
    for (const r of tsmRows)
      addRow(measures, { code: r.code, label: r.label, lcra: t.lcra[r.key], lcho: t.lcho[r.key] })
    addRow(measures, { label: 'Complaints counted with no tenure recorded', lcra: t.tenureNotRecorded })
    if (landlord) addRow(measures, { code: 'Provider', label: landlord.name, lcra: landlord.rpNumber ?? '' })
    measures.commit()

    const behind = wb.addWorksheet('Complaints behind the figures')
    behind.columns = [
      { header: 'Complaint', key: 'reference', width: 16 },
      { header: 'Tenure', key: 'tenure', width: 34 },
      { header: 'Counted as', key: 'measure', width: 18 },
      { header: 'Date', key: 'on', width: 12 },
      { header: 'Owed by', key: 'owedOn', width: 12 },
      { header: 'Within the timescale', key: 'within', width: 12 },
      { header: 'Counted', key: 'counted', width: 10 },
      { header: 'Why', key: 'why', width: 100 },
    ]
    behind.getRow(1).font = { bold: true }
    let written = 0
    for await (const batch of batches)
      for (const i of batch) {
        addRow(behind, {
          reference: i.reference,
          tenure: i.tenure ? tenureLabels[i.tenure] : 'Not recorded',
          measure: measureLabels[i.measure],
          on: sheetDay(i.on),
          owedOn: sheetDay(i.owedOn),
          within: i.within === undefined ? '' : i.within ? 'Yes' : 'No',
          counted: i.counted ? 'Yes' : 'No',
          why: i.why,
        })
        // Now and then, wait while the reader or the compression catches up.
        if (++written % 1000 === 0) await room(behind)
      }
    behind.commit()

    const rules = wb.addWorksheet('Counting rules')
    rules.columns = [{ header: 'How these figures were counted', key: 'rule', width: 140 }]
    rules.getRow(1).font = { bold: true }
    addRow(rules, {
      rule: `Counting rules “${t.rules.id}”, in force for reporting years from ${formatDateInWords(t.rules.from)}: ${t.rules.source}`,
    })
    for (const rule of t.rules.summary) addRow(rules, { rule })
    rules.commit()
  })
}
