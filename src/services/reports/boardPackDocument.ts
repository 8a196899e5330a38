import { formatDateInWords, formatMonthInWords } from '../../domain/calendar/calendarDate.js'
import { deadlineLabels } from '../../domain/complaints/deadlines.js'
import { type HazardAssessment, hazardAssessmentLabels } from '../../domain/hazards/vocabulary.js'
import type { BoardFigures } from '../../domain/reports/boardPack.js'
import { type FactFilter, filterQuery } from '../../domain/reports/factCounts.js'
import {
  type Cell,
  pounds,
  type ReportBlock,
  type ReportDocument,
} from '../../domain/reports/reportDocument.js'
import type { Timeliness } from '../../domain/reports/timeliness.js'
import type { BoardPackContents as Pack } from './boardPackContents.js'

type Keyed = { key: string; count: number }[]

const percentText = (n: number | null) => (n === null ? null : `${n}%`)

/**
 * The board and MRC pack (Code 9.6, 9.7) as a document: each part a heading, a sentence on what
 * it shows, and its table, this period beside the one before. The page, the PDF for board papers
 * and the workbook are all made from it.
 */
export function boardPackDocument(p: Pack, landlordName: string): ReportDocument {
  const { now, before } = p
  const blocks: ReportBlock[] = []
  const head = ['', now.period.label, 'Previous period']
  const heading = (text: string) => blocks.push({ kind: 'heading', level: 2, text })
  const say = (text: string) => blocks.push({ kind: 'paragraph', text })
  // A row is its cells, and the facts its figure for this period counts (to open its complaints).
  type Row = Cell[] & { behind?: FactFilter }
  const behind = (cells: Cell[], filter?: FactFilter): Row => Object.assign(cells, { behind: filter })
  const link = (f?: FactFilter) =>
    f ? `/reports/board/complaints?from=${now.period.from}&to=${now.period.to}&${filterQuery(f)}` : null
  const table = (sheet: string, caption: string, rows: Row[], columns = head) =>
    blocks.push({
      kind: 'table',
      table: { sheet, caption, head: columns, rows, links: rows.map((r) => link(r.behind)) },
    })
  const compare = (a: Keyed, b: Keyed, name: (k: string) => string, filter?: (key: string) => FactFilter) =>
    [...new Set([...a, ...b].map((x) => x.key))].map((k) =>
      behind(
        [name(k), a.find((x) => x.key === k)?.count ?? 0, b.find((x) => x.key === k)?.count ?? 0],
        filter?.(k),
      ),
    )
  const chart = (id: string, title: string, rows: Keyed, name: (k: string) => string) =>
    rows.length &&
    blocks.push({ kind: 'chart', id, title, rows: rows.map((r) => ({ label: name(r.key), value: r.count })) })

  heading('Volumes')
  say(
    `Complaints received at stage 1 and requests for stage 2 from ${formatDateInWords(now.period.from)} to ${formatDateInWords(now.period.to)}, with those closed and withdrawn, beside ${before.period.label}.`,
  )
  table('Volumes', 'Complaints received, closed and escalated', [
    behind(['Stage 1 complaints received', now.stage1Received, before.stage1Received], { kind: 'received' }),
    behind(['Stage 2 requests received', now.stage2Received, before.stage2Received], { kind: 'escalation' }),
    behind(['Complaints closed', now.closed, before.closed], { kind: 'closed' }),
    behind(['Complaints withdrawn', now.withdrawn, before.withdrawn], { kind: 'withdrawn' }),
    [
      'Escalation rate: stage 2 requests per 100 stage 1 responses',
      now.escalationRate,
      before.escalationRate,
    ],
  ])
  chart(
    'category',
    `Stage 1 complaints received by category, ${now.period.label}`,
    now.byCategory,
    p.names.category,
  )
  table(
    'By category',
    'Stage 1 complaints received by category',
    compare(now.byCategory, before.byCategory, p.names.category, (key) => ({ kind: 'category', key })),
  )
  chart(
    'channel',
    `Stage 1 complaints received by channel, ${now.period.label}`,
    now.byChannel,
    p.names.channel,
  )
  table(
    'By channel',
    'Stage 1 complaints received by channel',
    compare(now.byChannel, before.byChannel, p.names.channel, (key) => ({ kind: 'received', key })),
  )
  table(
    'By tenure',
    'Stage 1 complaints received by tenure',
    compare(now.byTenure, before.byTenure, p.names.tenure),
  )

  heading('Outcomes')
  table(
    'Outcomes',
    'Responses in the period, by decision',
    now.outcomes.map((o, i) =>
      behind([o.label, o.count, before.outcomes[i]?.count ?? 0], {
        kind: 'response',
        key: `${o.stage}:${o.decision}`,
      }),
    ),
  )

  heading('Timeliness')
  say(
    'Each deadline counts once, in the period it fell due: met on time (with any extension agreed in time), met late, or not met — still overdue, or never met (the complaint closed without it, or was withdrawn or refused only after it fell due). The share in time is on time ÷ every deadline that fell due. Deadlines stopped by a withdrawal or refusal before they fell due are shown on their own line and left out of the share. “Without extensions” counts a response in time only thanks to an extension as not in time.',
  )
  const timeRows = (a: BoardFigures['timeliness'], b: BoardFigures['timeliness'], kind: 'clock' | 'target') =>
    a.flatMap((t) => {
      const was = b.find((x) => x.key === t.key)
      const n = (f: (x: Timeliness) => number) => [f(t), was ? f(was) : 0] as const
      const rows: Row[] = [
        behind([`${t.label}: fell due`, ...n((x) => x.fellDue)], { kind, key: t.key }),
        behind([`${t.label}: met on time`, ...n((x) => x.onTime)], { kind, key: t.key, result: 'on_time' }),
        [`${t.label}: of which in time only thanks to an extension`, ...n((x) => x.onTimeByExtension)],
        behind([`${t.label}: met late`, ...n((x) => x.late)], { kind, key: t.key, result: 'late' }),
        behind([`${t.label}: not met, still overdue`, ...n((x) => x.overdue)], {
          kind,
          key: t.key,
          result: 'overdue',
        }),
        behind([`${t.label}: never met (closed, or stopped after it fell due)`, ...n((x) => x.notMet)], {
          kind,
          key: t.key,
          result: 'not_met',
        }),
        behind([`${t.label}: stopped by withdrawal or refusal (left out)`, ...n((x) => x.stopped)], {
          kind,
          key: t.key,
          result: 'stopped',
        }),
        [`${t.label}: % in time`, percentText(t.percentInTime), percentText(was?.percentInTime ?? null)],
        [
          `${t.label}: % in time without extensions`,
          percentText(t.percentInTimeWithoutExtensions),
          percentText(was?.percentInTimeWithoutExtensions ?? null),
        ],
        [
          `${t.label}: of which recorded more than ${p.lateRecordingDays} working days later`,
          ...n((x) => x.recordedLate),
        ],
      ]
      return rows
    })
  table(
    'Timeliness',
    `Against the Code (${Object.values(deadlineLabels)
      .map((d) => d.provision)
      .join(', ')})`,
    timeRows(now.timeliness, before.timeliness, 'clock'),
  )
  if (now.targets.length || before.targets.length)
    table(
      'Own targets',
      'Against the landlord’s own targets',
      timeRows(
        [...now.targets, ...before.targets.filter((b) => !now.targets.some((n) => n.key === b.key))],
        before.targets,
        'target',
      ),
    )
  else say('No targets of the landlord’s own, shorter than the Code’s, fell due in the period.')

  heading('Extensions, refusals and withdrawals')
  table('Extensions and refusals', 'Extensions and refusals in the period', [
    ['Extensions', now.extensions, before.extensions],
    [
      'Extensions beyond the Code’s cap, with a good reason',
      now.extensionsBeyondCap,
      before.extensionsBeyondCap,
    ],
    ...compare(now.refusals, before.refusals, (k) => `Refused: ${k.replace(/_/g, ' ')}`),
  ])

  heading('Remedies and compensation')
  say('Remedies offered in responses issued in the period, and remedies done or paid in it (Code 7).')
  table('Remedies', 'Remedies offered, done and paid', [
    ...compare(
      now.remedies.offered,
      before.remedies.offered,
      (k) => `Offered: ${p.names.remedy(k)}`,
      (key) => ({ kind: 'remedy_offered', key }),
    ),
    [
      'Compensation offered',
      pounds(now.remedies.compensationOffered),
      pounds(before.remedies.compensationOffered),
    ],
    behind(['Remedies done or paid', now.remedies.done, before.remedies.done], { kind: 'remedy_done' }),
    [
      'Compensation paid (including any set against arrears)',
      pounds(now.remedies.compensationPaid),
      pounds(before.remedies.compensationPaid),
    ],
    [
      'Set against rent arrears, with the resident’s agreement',
      pounds(now.remedies.setAgainstArrears),
      pounds(before.remedies.setAgainstArrears),
    ],
  ])

  const la = p.letterAudits
  heading('Letter audits')
  say(
    'Letters sampled by the team leaders and scored against the landlord’s checklist: what the Code requires of each letter, tone, accuracy, plain English and promises kept. A letter counts in the period it was sent; 2 points for each item met, 1 for part met, out of 2 for each item that applies.',
  )
  table('Letter audits', 'Letters audited and their average score', [
    ['Letters audited', la.now.audited, la.before.audited],
    ['Average score', percentText(la.now.averageScore), percentText(la.before.averageScore)],
  ])
  if (la.now.byMonth.length)
    table(
      'Letter audit trend',
      'Average score by the month the letters were sent',
      la.now.byMonth.map((m) => [formatMonthInWords(m.month), m.audited, percentText(m.averageScore)]),
      ['Month sent', 'Letters audited', 'Average score'],
    )
  if (la.now.byItem.length)
    table(
      'Letter audit items',
      'What the letters audited most often missed',
      la.now.byItem
        .slice(0, 5)
        .map((i) => [
          la.itemText.get(i.itemId) ?? i.itemId,
          `${i.met} of ${i.applied}`,
          percentText(i.percentMet),
        ]),
      ['Checklist item', 'Met in full', 'Per cent met'],
    )

  heading('Awaab’s Law: hazards in the home')
  const hz = p.hazards
  say(
    'Emergency hazards and significant damp and mould hazards recorded from complaints, and how each duty’s clock was met, reported apart from the Code’s timescales. A duty counts in the period its clock ran out; a stopped clock (the household moved out, or no hazard found) is neither met nor missed.',
  )
  table(
    'Hazards',
    'Reports of hazards recorded, by the landlord’s decision',
    compare(hz.identified, hz.identifiedBefore, (k) => hazardAssessmentLabels[k as HazardAssessment] ?? k),
  )
  if (hz.now.length || hz.before.length)
    table(
      'Hazard duties',
      'Awaab’s Law duties due in the period',
      [...new Set([...hz.now, ...hz.before].map((d) => d.label))].map((label) => {
        const d = hz.now.find((x) => x.label === label)
        const b = hz.before.find((x) => x.label === label)
        return [
          label,
          d?.due ?? 0,
          d?.metInTime ?? 0,
          d?.metLate ?? 0,
          d?.notMet ?? 0,
          d?.stopped ?? 0,
          d?.running ?? 0,
          percentText(d?.percentInTime ?? null),
          percentText(b?.percentInTime ?? null),
        ]
      }),
      [
        'Duty',
        'Due in the period',
        'Met in time',
        'Met late',
        'Not met',
        'Stopped',
        'Still running',
        'In time',
        'In time, previous period',
      ],
    )
  else say('No Awaab’s Law duty was due in this period or the one before.')

  heading('The Housing Ombudsman')
  const o = p.ombudsman
  const ob = p.ombudsmanBefore
  say(
    `Cases that came in and determinations made in the period; orders and recommendations still owed as at ${o.asAt}.`,
  )
  const kinds = compare(
    o.received.map((r) => ({ key: r.label, count: r.count })),
    ob.received.map((r) => ({ key: r.label, count: r.count })),
    (k) => `Received: ${k}`,
  )
  const findings = compare(
    o.findings.map((r) => ({ key: r.label, count: r.count })),
    ob.findings.map((r) => ({ key: r.label, count: r.count })),
    (k) => `Finding: ${k}`,
  )
  table('Ombudsman', 'The Housing Ombudsman’s cases, findings and orders', [
    ...kinds,
    ['Determinations', o.determinations, ob.determinations],
    ...findings,
    ['Findings of severe maladministration', o.severeMaladministration, ob.severeMaladministration],
    ['Complaint Handling Failure Orders', o.failureOrders, ob.failureOrders],
    ['Orders made', o.ordersMade, ob.ordersMade],
    ['Recommendations made', o.recommendationsMade, ob.recommendationsMade],
    ['Orders and recommendations complied with', o.compliedWith, ob.compliedWith],
    [`Orders and recommendations still owed at the period’s end`, o.owed, ob.owed],
    ['Of which overdue', o.overdue, ob.overdue],
  ])

  const iv = p.interventions
  const ivb = p.interventionsBefore
  say(
    `The Ombudsman’s interventions apart from its investigations: Dispute Support, Complaint Handling Failure Orders, failure notices and policy compliance check recommendations. Received and complied with in the period (late: after the date the Ombudsman gave); open, and open past that date, as at ${iv.asAt}.`,
  )
  table(
    'Interventions',
    'The Housing Ombudsman’s interventions, by kind',
    [...iv.rows, { ...iv.total, label: 'All interventions' }].map((r, n) => {
      const b = n < ivb.rows.length ? ivb.rows[n] : ivb.total
      return [r.label, r.received, r.compliedOnTime, r.compliedLate, r.open, r.openOverdue, b?.received ?? 0]
    }),
    [
      'Intervention',
      'Received',
      'Complied with on time',
      'Complied with late',
      'Open',
      'Open and overdue',
      'Received, previous period',
    ],
  )

  heading('Themes and improvements')
  if (p.themes.length)
    table(
      'Themes',
      'Root causes recorded on complaints in the period (Code 9.1–9.4)',
      p.themes.map((t) => [t.label, t.value]),
      ['Root cause', 'Complaints'],
    )
  else say('No root causes were recorded on complaints in the period.')
  const i = p.improvement
  table(
    'Improvements',
    'Improvement actions',
    [
      ['Raised in the period', i.raised],
      ['Completed in the period', i.completed.length],
      [`Open at ${i.asAt}`, i.open],
      [`Overdue at ${i.asAt}`, i.overdue],
    ],
    ['', now.period.label],
  )
  if (i.completed.length)
    blocks.push({
      kind: 'list',
      items: i.completed.map(
        (a) => `${a.title} (completed ${formatDateInWords(a.on)}): ${a.weDid ?? a.evidence}`,
      ),
    })

  heading('Residents’ satisfaction with complaint handling')
  const s = p.satisfaction
  table(
    'Satisfaction',
    'Answers to our post-complaint survey given in the period (how satisfied residents were with the way we handled their complaint; not TSM TP09)',
    [
      ...s.now.scale.map((x, n) => [x.label, x.count, s.before.scale[n]?.count ?? 0]),
      ['Answers', s.now.answers, s.before.answers],
      [
        'Satisfied (very or fairly)',
        percentText(s.now.percentSatisfied),
        percentText(s.before.percentSatisfied),
      ],
    ],
  )

  return {
    title: `Board and MRC pack: ${now.period.label}`,
    subtitle: `${landlordName}. Complaints from ${formatDateInWords(now.period.from)} to ${formatDateInWords(now.period.to)}, beside ${before.period.label}, for the governing body and its Member Responsible for Complaints (Code 9.6, 9.7).`,
    author: landlordName,
    blocks,
  }
}
