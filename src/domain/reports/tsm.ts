import { type CalendarDate, formatDateInWords as inWords, londonDateOf } from '../calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import type { Complaint } from '../complaints/complaint.js'
import type { Stage, Tenure } from '../complaints/vocabulary.js'
import { codeTimescales, type PolicyValues } from '../policy/timescales.js'
import { type FactCount, type FactKind, tally } from './factCounts.js'
import { type HomesOwned, homesFor } from './homesOwned.js'
import { reportingYear } from './reportingYear.js'

/** What one complaint adds to one measure, with why, so every figure can be checked case by case. */
export type TsmItem = {
  complaintId: string
  reference: string
  tenure: Tenure | null
  measure: 'stage1Received' | 'stage2Received' | 'stage1Response' | 'stage2Response'
  on: CalendarDate
  /** False for a complaint listed only to show why it is left out (refused before acknowledgement). */
  counted: boolean
  /** For a response: the date it was owed, whether it met it, and how that date was worked out. */
  owedOn?: CalendarDate
  within?: boolean
  why: string
}

/**
 * The counting rules of the Tenant Satisfaction Measures, as one named, dated set: a change of
 * the Regulator's rules is a new entry with the date it applies from, never an edit of this one,
 * so a return for an earlier year is always counted by the rules in force for it.
 */
export type TsmRuleSet = {
  id: string
  /** The first day of the first reporting year counted by these rules. */
  from: CalendarDate
  source: string
  /** How these figures were counted, in words, printed with the return. */
  summary: string[]
}

export const tsmRuleSets: readonly TsmRuleSet[] = [
  {
    id: 'tsm-2023-code-2024',
    from: '2023-04-01',
    source:
      'Regulator of Social Housing, Tenant Satisfaction Measures: Technical Requirements (CH01, CH02), with the Housing Ombudsman’s Complaint Handling Code timescales',
    summary: [
      'Stage 1 complaints received: those received in the year, except those refused before acknowledgement; withdrawn complaints count.',
      'Stage 2 complaints received: escalation requests received in the year that were not refused.',
      'CH01: complaints received per 1,000 homes owned at the year’s end, by tenure.',
      'Responses: those issued in the year, on the date they were sent.',
      'Within the Code’s timescales: the response was sent by the day it was owed under the Code — 10 working days at stage 1 and 20 at stage 2 from the acknowledgement (or from the day acknowledgement was due, 5 working days after receipt, if it came late) — not the landlord’s own shorter targets.',
      'Extensions count when recorded in line with the Code: agreed before the deadline they moved, and beyond 10 (stage 1) or 20 (stage 2) working days only with a good reason recorded.',
      'CH02: responses within the timescale as a share of all responses in the year; those in time only thanks to an extension, and those recorded more than the allowed working days after they were sent, are also shown.',
    ],
  },
]

/** The counting rules in force for a reporting year: the latest set that applies from its start. */
export function tsmRulesFor(year: number): TsmRuleSet {
  const start = reportingYear(year).from
  const inForce = tsmRuleSets.filter((r) => r.from <= start).at(-1)
  return inForce ?? (tsmRuleSets[0] as TsmRuleSet)
}

/** A stage's clocks as the TSM count them: the Code's timescales, and the Code's cap on extensions. */
const clocks = {
  1: { ack: 'acknowledgeDays', respond: 'stage1ResponseDays', cap: 'stage1MaxExtensionDays' },
  2: { ack: 'stage2AcknowledgeDays', respond: 'stage2ResponseDays', cap: 'stage2MaxExtensionDays' },
} as const

/**
 * The date a stage's response was owed under the TSM counting rules (`tsmRuleSets`): the Code's
 * timescale counted from the acknowledgement, or from the day it was due if it came late, plus
 * the extensions recorded in line with the Code. Also the date without any extension, so a
 * response in time only thanks to one can be shown apart.
 */
export function tsmOwedDate(
  c: Complaint,
  stage: Stage,
  _policyOf: (version: number) => PolicyValues,
  calendar: WorkingDayCalendar,
): { owedOn: CalendarDate; owedWithoutExtensions: CalendarDate; why: string } | undefined {
  const record = c.stages[stage]
  if (!record) return undefined
  const k = clocks[stage]
  // The Code's timescales, whatever shorter targets the landlord's own policy sets.
  const ackDays = codeTimescales[k.ack].maximum
  const respondDays = codeTimescales[k.respond].maximum
  const cap = codeTimescales[k.cap].maximum
  const ackDue = calendar.addWorkingDays(record.startedOn, ackDays)
  const late = !record.acknowledgedOn || record.acknowledgedOn > ackDue
  const start = late ? ackDue : (record.acknowledgedOn as CalendarDate)
  const owedWithoutExtensions = calendar.addWorkingDays(start, respondDays)
  // Each extension in the order recorded: it counts if agreed before the date it moved, and
  // beyond the Code's cap only with a good reason.
  let counted = 0
  const notes: string[] = []
  for (const e of record.extensions) {
    const agreedOn = londonDateOf(e.at)
    const dueThen = calendar.addWorkingDays(start, respondDays + counted)
    if (agreedOn > dueThen) {
      notes.push(
        `an extension agreed ${inWords(agreedOn)}, after the ${inWords(dueThen)} it would move, does not count`,
      )
      continue
    }
    const within = Math.max(0, Math.min(e.workingDays, cap - counted))
    const days = e.goodReason ? e.workingDays : within
    if (days < e.workingDays)
      notes.push(
        `of an extension of ${e.workingDays} working days, ${days} count (the Code's cap of ${cap}, no good reason)`,
      )
    else
      notes.push(
        `an extension of ${e.workingDays} working days${counted + days > cap ? ' (beyond the cap, with a good reason)' : ''}`,
      )
    counted += days
  }
  const owedOn = calendar.addWorkingDays(start, respondDays + counted)
  const why = [
    late
      ? `acknowledgement was due ${inWords(ackDue)} (${ackDays} working days) and came ${record.acknowledgedOn ? `late, on ${inWords(record.acknowledgedOn)}` : 'never'}, so counted from ${inWords(ackDue)}`
      : `acknowledged ${inWords(record.acknowledgedOn as CalendarDate)}`,
    `${respondDays} working days to respond (the Code)`,
    ...notes,
    `owed by ${inWords(owedOn)}`,
  ].join('; ')
  return { owedOn, owedWithoutExtensions, why }
}

/** CH01: a complaint counts as received unless it was refused before it was acknowledged. */
export const receivedCounts = (c: Complaint) =>
  !(c.refusal?.refusing === 'complaint' && c.refusal.stage === 1 && !c.stages[1].acknowledgedOn)

/** CH01: a request for stage 2 counts unless the escalation was refused. */
export const escalationCounts = (c: Complaint) => c.refusal?.refusing !== 'escalation'

/** CH01, stage 1: why a complaint counts as received, or is left out. */
export const whyReceived = (c: Complaint) =>
  receivedCounts(c)
    ? `received ${inWords(c.receivedOn)}${c.state === 'withdrawn' ? ' (withdrawn, still counted)' : ''}`
    : `received ${inWords(c.receivedOn)}, refused before acknowledgement (${c.refusal?.reason}): not counted`

/** CH01, stage 2: why an escalation counts, or is left out. */
export const whyEscalated = (on: CalendarDate, c: Complaint) =>
  escalationCounts(c)
    ? `escalation requested ${inWords(on)}`
    : `escalation requested ${inWords(on)}, refused (${c.refusal?.reason}): not counted`

/** CH02: why a response was, or was not, within the timescale (see `tsmOwedDate`). */
export const whyResponded = (on: CalendarDate, owed: { owedOn: CalendarDate; why: string }) =>
  `responded ${inWords(on)}; ${owed.why}: ${on <= owed.owedOn ? 'within' : 'outside'} the timescale`

/** The report facts each measure lists: their kind, and for a response the stage its key starts with. */
export const tsmMeasureFacts = {
  stage1Received: { kind: 'received' },
  stage2Received: { kind: 'escalation' },
  stage1Response: { kind: 'response', keyPrefix: '1:' },
  stage2Response: { kind: 'response', keyPrefix: '2:' },
} as const satisfies Record<TsmItem['measure'], { kind: FactKind; keyPrefix?: string }>

/** A report fact the TSM count, as the item the workbook and the pages list (see `reportFacts`). */
export function tsmItemOf(f: {
  complaintId: string
  reference: string
  tenure: Tenure | null
  kind: FactKind
  key: string
  on: CalendarDate
  counted: boolean
  within: boolean | null
  owedOn: CalendarDate | null
  why: string | null
}): TsmItem {
  const measure =
    f.kind === 'received'
      ? 'stage1Received'
      : f.kind === 'escalation'
        ? 'stage2Received'
        : f.key.startsWith('1:')
          ? 'stage1Response'
          : 'stage2Response'
  return {
    complaintId: f.complaintId,
    reference: f.reference,
    tenure: f.tenure,
    measure,
    on: f.on,
    counted: f.counted,
    ...(f.owedOn ? { owedOn: f.owedOn } : {}),
    ...(f.kind === 'response' && f.within !== null ? { within: f.within } : {}),
    why: f.why ?? '',
  }
}

export type TsmMeasures = {
  homes: number | null
  stage1Received: number
  stage2Received: number
  ch01Stage1: number | null
  ch01Stage2: number | null
  stage1Responses: number
  stage1ResponsesWithinTimescale: number
  ch02Stage1: number | null
  stage2Responses: number
  stage2ResponsesWithinTimescale: number
  ch02Stage2: number | null
  /** In time without any extension (third release). */
  stage1ResponsesWithinTimescaleWithoutExtension: number
  stage2ResponsesWithinTimescaleWithoutExtension: number
  /** Responses recorded more than the tolerance after they were sent (third release). */
  stage1ResponsesRecordedLate: number
  stage2ResponsesRecordedLate: number
}

/** One decimal place, half away from zero, without binary-fraction surprises. */
const oneDecimal = (numerator: number, denominator: number, scale: number) =>
  Math.round((numerator * scale * 10) / denominator) / 10

/**
 * The measures for one tenure from the year's facts (see `reportFacts`) and the homes owned at
 * the year's end: received and responses counted as the contract says, within the timescale
 * where the response met the date it was owed.
 */
export function tsmMeasures(counts: FactCount[], tenure: Tenure, homes: number | null): TsmMeasures {
  const mine = (c: FactCount) => c.tenure === tenure && c.counted
  const responses = (stage: Stage, within?: boolean, also: (c: FactCount) => boolean = () => true) =>
    tally(
      counts,
      'response',
      (c) =>
        mine(c) && c.key.startsWith(`${stage}:`) && (within === undefined || c.within === within) && also(c),
    ).count
  const stage1Received = tally(counts, 'received', mine).count
  const stage2Received = tally(counts, 'escalation', mine).count
  const stage1Responses = responses(1)
  const stage2Responses = responses(2)
  const stage1Within = responses(1, true)
  const stage2Within = responses(2, true)
  const perThousand = (received: number) => (homes ? oneDecimal(received, homes, 1000) : null)
  const percent = (within: number, responses: number) =>
    responses ? oneDecimal(within, responses, 100) : null
  return {
    homes,
    stage1Received,
    stage2Received,
    ch01Stage1: perThousand(stage1Received),
    ch01Stage2: perThousand(stage2Received),
    stage1Responses,
    stage1ResponsesWithinTimescale: stage1Within,
    ch02Stage1: percent(stage1Within, stage1Responses),
    stage2Responses,
    stage2ResponsesWithinTimescale: stage2Within,
    ch02Stage2: percent(stage2Within, stage2Responses),
    stage1ResponsesWithinTimescaleWithoutExtension: responses(1, true, (c) => !c.withExtension),
    stage2ResponsesWithinTimescaleWithoutExtension: responses(2, true, (c) => !c.withExtension),
    stage1ResponsesRecordedLate: responses(1, undefined, (c) => c.recordedLate),
    stage2ResponsesRecordedLate: responses(2, undefined, (c) => c.recordedLate),
  }
}

/**
 * The year's measures as the return gives them: LCRA and LCHO, each over its own homes owned at
 * the year's end (`homesFor`); complaints of any other tenure are in neither.
 */
export function tsmByTenure(counts: FactCount[], homes: HomesOwned | undefined) {
  return {
    lcra: tsmMeasures(counts, 'lcra', homesFor(homes, 'lcra')),
    lcho: tsmMeasures(counts, 'lcho', homesFor(homes, 'lcho')),
  }
}
