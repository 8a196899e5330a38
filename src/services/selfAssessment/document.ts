import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import type { ReportBlock, ReportDocument } from '../../domain/reports/reportDocument.js'
import { yearLabel } from '../../domain/reports/reportingYear.js'
import { codeProvisions, codeSections } from '../../domain/selfAssessment/code2024.js'
import type { Measure } from '../../domain/selfAssessment/measures.js'
import {
  complyLabels,
  type SelfAssessment,
  triggerLabels,
} from '../../domain/selfAssessment/selfAssessment.js'

/** The year's figures for a provision, each with its concern when it has one. */
const figures = (measures: Measure[]) =>
  measures.map((m) => `${m.label}: ${m.value}${m.concern ? `. ${m.concern}` : ''}.`).join('\n')

/**
 * The self-assessment in the Ombudsman's table layout, as landlords publish it: who completed,
 * reviewed and approved it and when, then each section's provisions with the requirement,
 * whether the landlord complies beside what the records show for the year, the evidence, and the
 * commentary with the action being taken (and its timescale) where the figures contradict "yes".
 */
export function assessmentDocument(
  a: SelfAssessment,
  landlordName: string,
  measures: Record<string, Measure[]> = {},
  /** The residents' panel's review of the year (Code 9.3), printed after the provisions. */
  panelReview: ReportBlock[] = [],
): ReportDocument {
  const blocks: ReportBlock[] = [
    {
      kind: 'table',
      table: {
        sheet: 'Sign-off',
        caption: 'Sign-off',
        head: ['', ''],
        layout: 'text',
        widths: [0.4, 0.6],
        rows: [
          ['Self-assessment completed on', a.completed ? londonDateOf(a.completed.at) : 'not yet completed'],
          ['Self-assessment completed by', a.completed?.byName ?? '–'],
          ['Self-assessment reviewed and approved by', a.approved?.byName ?? 'not yet approved'],
          ['Self-assessment reviewed and approved on', a.approved ? londonDateOf(a.approved.at) : '–'],
          ['Why it was made', `${triggerLabels[a.trigger]}${a.note ? `: ${a.note}` : ''}`],
        ],
      },
    },
  ]
  for (const s of codeSections) {
    blocks.push({ kind: 'heading', level: 2, text: `Section ${s.number}: ${s.title}` })
    blocks.push({
      kind: 'table',
      table: {
        sheet: `Section ${s.number}`,
        caption: `Section ${s.number}: ${s.title}`,
        head: [
          'Code provision',
          'Code requirement',
          'Comply',
          'Records for the year',
          'Evidence',
          'Commentary and explanation',
        ],
        layout: 'text',
        // Wide enough, at the table's 8.5 pt, for "Not assessed" to stay on one line, and for
        // "provision" and "acknowledgements" to stay whole (narrower, each was split).
        widths: [0.09, 0.25, 0.125, 0.17, 0.155, 0.21],
        rows: codeProvisions
          .filter((p) => p.section === s.number)
          .map((p) => {
            const answer = a.answers.get(p.id)
            return [
              p.id,
              p.requirement,
              answer
                ? `${complyLabels[answer.comply]}${a.carriedOver.has(p.id) ? '\n(carried over, to review)' : ''}`
                : 'Not assessed',
              figures(measures[p.id] ?? []),
              [
                answer?.evidence,
                ...(answer?.links ?? []),
                ...a.documents.filter((d) => d.provision === p.id).map((d) => `Attached: ${d.filename}`),
              ]
                .filter(Boolean)
                .join('\n'),
              [
                answer?.commentary,
                answer?.explanation && `Action being taken: ${answer.explanation.action}`,
                answer?.explanation && `Timescale: ${answer.explanation.timescale}`,
              ]
                .filter(Boolean)
                .join('\n'),
            ]
          }),
      },
    })
  }
  blocks.push(...panelReview)
  return {
    title: `Complaint Handling Code self-assessment ${yearLabel(a.year)}${a.approved ? '' : ' (draft, not yet approved)'}`,
    subtitle: `${landlordName}. Self-assessment against the Housing Ombudsman’s Complaint Handling Code (2024), Code 8.1–8.4.`,
    author: landlordName,
    blocks,
  }
}

/** Annual report part (a): what the approved assessment found, and where the landlord falls short. */
export function assessmentSummary(a: SelfAssessment): ReportBlock[] {
  const answers = [...a.answers.values()]
  const count = (c: string) => answers.filter((x) => x.comply === c).length
  const short = codeProvisions.filter((p) => {
    const x = a.answers.get(p.id)
    return x && x.comply !== 'yes'
  })
  return [
    {
      kind: 'paragraph',
      text: `We assessed ourselves against all ${codeProvisions.length} provisions of the Code. We comply with ${count('yes')}, partly with ${count('partly')} and not with ${count('no')}. The assessment was completed by ${a.completed?.byName ?? '–'} and approved for the governing body by ${a.approved?.byName ?? '–'}${a.approved ? ` on ${londonDateOf(a.approved.at)}` : ''}, and is published in full alongside this report.`,
    },
    ...(short.length
      ? [
          {
            kind: 'table' as const,
            table: {
              sheet: 'Self-assessment',
              caption: 'Where we do not yet fully comply, and what we are doing',
              head: ['Provision', 'Comply', 'Commentary and explanation'],
              layout: 'text' as const,
              widths: [0.12, 0.12, 0.76],
              rows: short.map((p) => {
                const x = a.answers.get(p.id)
                return [p.id, x ? complyLabels[x.comply] : '', x?.commentary ?? '']
              }),
            },
          },
        ]
      : []),
  ]
}
