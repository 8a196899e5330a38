import {
  type CalendarDate,
  formatDateInWords,
  formatLongDate,
  formatMonthInWords,
} from '../../domain/calendar/calendarDate.js'
import {
  type AnnualReport,
  annualSections,
  type PublicationPart,
  partOf,
} from '../../domain/reports/annualReport.js'
import { pounds, type ReportBlock, type ReportDocument } from '../../domain/reports/reportDocument.js'
import { yearLabel } from '../../domain/reports/reportingYear.js'
import type { Timeliness } from '../../domain/reports/timeliness.js'
import type { TsmMeasures } from '../../domain/reports/tsm.js'
import { plural } from '../../domain/text/plural.js'
import type { BoardPackService } from './boardPack.js'

type Pack = Awaited<ReturnType<BoardPackService['pack']>>

export type AnnualInputs = {
  year: number
  landlordName: string
  pack: Pack
  tsm: { lcra: TsmMeasures; lcho: TsmMeasures; tenureNotRecorded: number }
  groundLabel: (code: string) => string
  report: AnnualReport
  /** Part (a): the year's approved self-assessment, summarised, when there is one. */
  selfAssessment?: ReportBlock[]
  /** The residents' panel's review of the year (Code 9.3), printed after part (f). */
  panelReview?: ReportBlock[]
  /** Who approved it and when, once approved: printed at the end of part (f). */
  approval?: { name: string; on: string }
}

/**
 * A clock's figure as a sentence of its own: never "not worked out", but why there is no figure.
 * "Acknowledgements: 92.3% were made in time (12 of 13 that fell due; 1 late)."
 */
const shareOf = (t: Timeliness | undefined, what: string, done: string) => {
  if (!t?.fellDue) return `${what}: none fell due in the year, so there is no share to give.`
  const missed = [
    t.late ? `${t.late} late` : '',
    t.overdue ? `${t.overdue} still overdue at the time of writing` : '',
    t.notMet ? `${t.notMet} never met` : '',
  ].filter(Boolean)
  return `${what}: ${t.percentInTime}% were ${done} in time (${t.onTime} of ${t.fellDue} that fell due${missed.length ? `; ${missed.join(', ')}` : ''}).`
}
const change = (now: number, before: number) =>
  before === 0
    ? ''
    : ` (${now >= before ? 'up' : 'down'} from ${before.toLocaleString('en-GB')} the year before)`

/**
 * Code 8.2: the governing body's response to the year's report, as its own document, published
 * beside the report: what it said, who approved it for the governing body, and when.
 */
export function governingBodyResponseDocument(
  year: number,
  landlordName: string,
  response: { text: string; approvedBy?: string; approvedOn?: CalendarDate },
): ReportDocument {
  const label = yearLabel(year)
  return {
    title: `Our governing body’s response to the annual complaints report ${label}`,
    subtitle: `${landlordName}. The response of the governing body to the annual complaints performance and service improvement report for 1 April ${year} to 31 March ${year + 1} (Complaint Handling Code 8.2).`,
    author: landlordName,
    blocks: [
      ...response.text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((text) => ({ kind: 'paragraph' as const, text })),
      {
        kind: 'paragraph',
        text: response.approvedBy
          ? `Approved for the governing body by ${response.approvedBy} on ${formatLongDate(response.approvedOn as CalendarDate)}.`
          : 'Not yet approved by the governing body: this is a draft.',
      },
    ],
  }
}

/**
 * Code 8.1, 8.2: the annual complaints performance and service improvement report, drafted from
 * the year's records in the Code's parts (a) to (f), each followed by the landlord's commentary.
 */
export function annualReportDocument(i: AnnualInputs): ReportDocument {
  const { pack: p, report } = i
  const now = p.now
  const before = p.before
  const blocks: ReportBlock[] = []
  const heading = (key: (typeof annualSections)[number]['key']) => {
    const s = annualSections.find((x) => x.key === key)
    blocks.push({ kind: 'heading', level: 2, text: `${s?.part} ${s?.title}` })
  }
  const say = (text: string) => blocks.push({ kind: 'paragraph', text })
  const table = (sheet: string, caption: string, head: string[], rows: (string | number | null)[][]) =>
    blocks.push({ kind: 'table', table: { sheet, caption, head, rows } })
  const commentary = (key: keyof AnnualReport['commentary']) => {
    const text = report.commentary[key]
    if (text) {
      blocks.push({ kind: 'heading', level: 3, text: 'Our commentary' })
      say(text)
    }
  }
  const year = yearLabel(i.year)
  const cols = ['', year, yearLabel(i.year - 1)]

  heading('self_assessment')
  if (i.selfAssessment) blocks.push(...i.selfAssessment)
  else
    say(
      `Each year we assess ourselves against every provision of the Housing Ombudsman’s Complaint Handling Code, and our governing body reviews the assessment (Code 8.1–8.3). The ${year} self-assessment has not yet been approved by the governing body; it will be published alongside this report once it is.`,
    )
  commentary('self_assessment')

  heading('performance')
  const s1 = now.timeliness.find((t) => t.key === 'stage1Response')
  const ack = now.timeliness.find((t) => t.key === 'acknowledgement')
  say(
    `From 1 April ${i.year} to 31 March ${i.year + 1} we received ${now.stage1Received.toLocaleString('en-GB')} stage 1 complaints${change(now.stage1Received, before.stage1Received)} and ${now.stage2Received.toLocaleString('en-GB')} requests to take a complaint to stage 2. ` +
      `${shareOf(ack, 'Acknowledgements', 'made')} ${shareOf(s1, 'Stage 1 responses', 'sent')} ` +
      `Each deadline is counted in the year it fell due, including those not met; deadlines stopped by a withdrawal or refusal before they fell due are left out. ` +
      `${now.escalationRate === null ? '' : `For every 100 stage 1 responses, ${now.escalationRate} residents asked for stage 2. `}` +
      `We refused ${now.refusals.reduce((n, r) => n + r.count, 0)} complaints or escalations, each with our reasons and the resident’s right to go to the Ombudsman.`,
  )
  table('Volumes', 'Complaints received, closed and escalated', cols, [
    ['Stage 1 complaints received', now.stage1Received, before.stage1Received],
    ['Stage 2 requests received', now.stage2Received, before.stage2Received],
    ['Complaints closed', now.closed, before.closed],
    ['Complaints withdrawn', now.withdrawn, before.withdrawn],
    ['Stage 2 requests per 100 stage 1 responses', now.escalationRate, before.escalationRate],
  ])
  table(
    'TSM',
    'Tenant Satisfaction Measures CH01 and CH02 (as returned to the Regulator of Social Housing)',
    ['', 'Low-cost rental', 'Low-cost home ownership'],
    [
      ['CH01: stage 1 complaints per 1,000 homes', i.tsm.lcra.ch01Stage1, i.tsm.lcho.ch01Stage1],
      ['CH01: stage 2 complaints per 1,000 homes', i.tsm.lcra.ch01Stage2, i.tsm.lcho.ch01Stage2],
      [
        'CH02: stage 1 responses within the Code’s timescales (%)',
        i.tsm.lcra.ch02Stage1,
        i.tsm.lcho.ch02Stage1,
      ],
      [
        'CH02: stage 2 responses within the Code’s timescales (%)',
        i.tsm.lcra.ch02Stage2,
        i.tsm.lcho.ch02Stage2,
      ],
    ],
  )
  const share = (n: number | null) => (n === null ? 'none fell due' : `${n}%`)
  table(
    'Timeliness',
    'Each of the Code’s deadlines that fell due in the year: how many, and the share met in time',
    [
      '',
      `${year}: fell due`,
      `${year}: in time`,
      `${year}: without extensions`,
      `${year}: not met`,
      `${yearLabel(i.year - 1)}: in time`,
    ],
    now.timeliness.map((t) => [
      t.label,
      t.fellDue,
      share(t.percentInTime),
      share(t.percentInTimeWithoutExtensions),
      t.overdue + t.notMet,
      share(before.timeliness.find((x) => x.key === t.key)?.percentInTime ?? null),
    ]),
  )
  const recordedLate = now.timeliness.reduce((n, t) => n + t.recordedLate, 0)
  const stopped = now.timeliness.reduce((n, t) => n + t.stopped, 0)
  say(
    `${stopped ? `${stopped} deadline${stopped === 1 ? ' was' : 's were'} stopped by a withdrawal or refusal before falling due and ${stopped === 1 ? 'is' : 'are'} left out of these shares. ` : ''}` +
      `${recordedLate ? `Of the deadlines that fell due, ${recordedLate} rest${recordedLate === 1 ? 's' : ''} on a date recorded more than ${p.lateRecordingDays} working days after it happened; each such record gives its reason on the complaint.` : `No date these figures rest on was recorded more than ${p.lateRecordingDays} working days after it happened.`}`,
  )
  table(
    'Outcomes',
    'Responses by decision',
    cols,
    now.outcomes.map((o, n) => [o.label, o.count, before.outcomes[n]?.count ?? 0]),
  )
  // The same charts as the board pack, each followed by its table.
  if (now.byCategory.length)
    blocks.push({
      kind: 'chart',
      id: 'annual-category',
      title: `Stage 1 complaints received by category, ${year}`,
      rows: now.byCategory.map((c) => ({ label: p.names.category(c.key), value: c.count })),
    })
  table(
    'Categories',
    'What complaints were about',
    cols,
    now.byCategory.map((c) => [
      p.names.category(c.key),
      c.count,
      before.byCategory.find((b) => b.key === c.key)?.count ?? 0,
    ]),
  )
  if (now.refusals.length)
    table(
      'Refused',
      'The types of complaints we refused (Code 2.1–2.5, 8.1(b))',
      ['Reason', year],
      now.refusals.map((r) => [i.groundLabel(r.key), r.count]),
    )
  else say('We did not refuse any complaint or escalation in the year.')
  table('Remedies', 'Putting things right (Code 7)', cols, [
    ['Remedies done or paid', now.remedies.done, before.remedies.done],
    ['Compensation paid', pounds(now.remedies.compensationPaid), pounds(before.remedies.compensationPaid)],
  ])
  if (p.satisfaction.now.answers)
    say(
      `${p.satisfaction.now.answers} residents answered our survey on how we handled their complaint; ${p.satisfaction.now.percentSatisfied ?? 0}% were satisfied.`,
    )
  commentary('performance')

  heading('ombudsman')
  const o = p.ombudsman
  say(
    o.determinations || o.failureOrders
      ? `In the year the Housing Ombudsman determined ${o.determinations} complaints about us, finding severe maladministration on ${o.severeMaladministration} element${o.severeMaladministration === 1 ? '' : 's'}, and issued ${o.failureOrders} Complaint Handling Failure Order${o.failureOrders === 1 ? '' : 's'}. It made ${o.ordersMade} orders and ${o.recommendationsMade} recommendations; at the year’s end ${o.owed} were still being completed${o.overdue ? `, ${o.overdue} of them late` : ''}.`
      : 'The Housing Ombudsman made no determinations about us, and issued no Complaint Handling Failure Orders, in the year.',
  )
  if (o.findings.length)
    table(
      'Ombudsman findings',
      'The Ombudsman’s findings, element by element',
      ['Finding', year],
      o.findings.map((f) => [f.label, f.count]),
    )
  const iv = p.interventions.total
  say(
    iv.received || iv.open
      ? `The Ombudsman also intervened ${iv.received} time${iv.received === 1 ? '' : 's'} in the year outside its investigations (Dispute Support, failure orders, failure notices and policy compliance check recommendations). We complied with ${iv.compliedOnTime} on time and ${iv.compliedLate} late; at the year’s end ${iv.open} ${iv.open === 1 ? 'was' : 'were'} open${iv.openOverdue ? `, ${iv.openOverdue} of them past the date to comply by` : ''}.`
      : 'The Ombudsman made no other intervention about our complaint handling in the year.',
  )
  if (iv.received || iv.open)
    table(
      'Ombudsman interventions',
      'The Ombudsman’s interventions and our compliance with them (Code 8.1(c))',
      [
        'Intervention',
        'Received',
        'Complied with on time',
        'Complied with late',
        'Open at the year’s end',
        'Of which overdue',
      ],
      p.interventions.rows
        .filter((r) => r.received || r.compliedOnTime || r.compliedLate || r.open)
        .map((r) => [r.label, r.received, r.compliedOnTime, r.compliedLate, r.open, r.openOverdue]),
    )
  commentary('ombudsman')

  heading('improvements')
  if (p.themes.length)
    table(
      'Themes',
      'Why things went wrong: root causes recorded on complaints',
      ['Root cause', 'Complaints'],
      p.themes.map((t) => [t.label, t.value]),
    )
  if (p.improvement.completed.length) {
    say('What we changed because of what residents told us:')
    blocks.push({
      kind: 'list',
      items: p.improvement.completed.map((a) =>
        a.youSaid && a.weDid ? `You said: ${a.youSaid} We did: ${a.weDid}` : `${a.title}: ${a.evidence}`,
      ),
    })
  } else say('No improvement actions were completed in the year.')
  say(
    `${p.improvement.open} improvement action${p.improvement.open === 1 ? ' was' : 's were'} still in progress at the year’s end${p.improvement.overdue ? `, ${p.improvement.overdue} past the date set` : ''}.`,
  )
  const audits = p.letterAudits.now
  if (audits.audited) {
    say(
      `The complaints team audited ${plural(audits.audited, 'letter')} sent in the year against its checklist (what the Code requires of each letter, tone, accuracy, plain English and promises kept)${audits.averageScore === null ? '' : `, scoring ${audits.averageScore}% on average`}${audits.averageScore !== null && p.letterAudits.before.averageScore !== null ? `, against ${p.letterAudits.before.averageScore}% the year before` : ''}.`,
    )
    table(
      'Letter audits',
      'Letter audits: average score by the month the letters were sent',
      ['Month sent', 'Letters audited', 'Average score'],
      audits.byMonth.map((m) => [
        formatMonthInWords(m.month),
        m.audited,
        m.averageScore === null ? null : `${m.averageScore}%`,
      ]),
    )
  }
  commentary('improvements')

  const linked = (part: PublicationPart, none: string) => {
    const links = report.publications.filter((x) => partOf(x) === part)
    if (links.length)
      blocks.push({
        kind: 'list',
        items: links.map((x) => `${x.title}: ${x.url}${x.note ? ` (${x.note})` : ''}`),
      })
    else say(none)
  }
  heading('ombudsman_annual')
  linked(
    'e',
    `The Housing Ombudsman publishes an annual report on each landlord’s complaint handling. Its report about us for ${year} is not yet linked here; when it is published, we link it here.`,
  )
  commentary('ombudsman_annual')

  heading('publications')
  linked('f', `The Housing Ombudsman published no other report about us in ${year}.`)
  commentary('publications')

  if (i.panelReview) blocks.push(...i.panelReview)

  say(
    'Our governing body’s response to this report (Code 8.2) is published beside it, as its own document, dated and approved.',
  )
  if (i.approval)
    say(
      `This report was approved for the governing body by ${i.approval.name} on ${formatDateInWords(i.approval.on)}.`,
    )

  return {
    title: `Annual complaints performance and service improvement report ${year}`,
    subtitle: `${i.landlordName}. Complaints handled from 1 April ${i.year} to 31 March ${i.year + 1}, under the Housing Ombudsman’s Complaint Handling Code (8.1, 8.2).`,
    author: i.landlordName,
    blocks,
  }
}
