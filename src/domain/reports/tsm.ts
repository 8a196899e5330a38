import type { CalendarDate } from '../calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import type { Complaint } from '../complaints/complaint.js'
import type { Stage, Tenure } from '../complaints/vocabulary.js'
import { codeTimescales, type PolicyValues } from '../policy/timescales.js'
import { type FactCount, tally } from './factCounts.js'

/** A reporting year as landlords write it: 2025 is "2025/26". */
export const yearLabel = (year: number) => `${year}/${String(year + 1).slice(2)}`

/** The reporting year a day falls in (2025 for any day from 1 April 2025 to 31 March 2026). */
export const reportingYearOf = (day: CalendarDate) =>
  Number(day.slice(0, 4)) - (day.slice(5) >= '04-01' ? 0 : 1)

/** The reporting year just ended on a day: the one a return or a report is made for. */
export const lastReportingYear = (day: CalendarDate) => reportingYearOf(day) - 1

/** A reporting year: the financial year from 1 April of `year` to 31 March of the next. */
export function reportingYear(year: number): { from: CalendarDate; to: CalendarDate } {
  return { from: `${year}-04-01` as CalendarDate, to: `${year + 1}-03-31` as CalendarDate }
}

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

const inYear = (on: CalendarDate, y: { from: CalendarDate; to: CalendarDate }) => on >= y.from && on <= y.to

/**
 * The Code's timescales for a stage's clocks as the TSM count them: the landlord's, never more
 * than the Code's; extensions only up to the Code's cap, whatever the reason.
 */
const clocks = {
  1: { ack: 'acknowledgeDays', respond: 'stage1ResponseDays', cap: 'stage1MaxExtensionDays' },
  2: { ack: 'stage2AcknowledgeDays', respond: 'stage2ResponseDays', cap: 'stage2MaxExtensionDays' },
} as const

/**
 * The date a stage's response was owed under the TSM counting rules: the Code timescale (as the
 * landlord's policy in force for the stage set it, never more than the Code) counted from the
 * acknowledgement, or from the day it was due if it came late, plus extensions up to the cap.
 */
export function tsmOwedDate(
  c: Complaint,
  stage: Stage,
  policyOf: (version: number) => PolicyValues,
  calendar: WorkingDayCalendar,
): { owedOn: CalendarDate; why: string } | undefined {
  const record = c.stages[stage]
  if (!record) return undefined
  const policy = policyOf(record.policyVersion)
  const k = clocks[stage]
  const ackDays = Math.min(policy[k.ack], codeTimescales[k.ack].maximum)
  const respondDays = Math.min(policy[k.respond], codeTimescales[k.respond].maximum)
  const cap = codeTimescales[k.cap].maximum
  const ackDue = calendar.addWorkingDays(record.startedOn, ackDays)
  const late = !record.acknowledgedOn || record.acknowledgedOn > ackDue
  const start = late ? ackDue : (record.acknowledgedOn as CalendarDate)
  const asked = record.extensions.reduce((sum, e) => sum + e.workingDays, 0)
  const counted = Math.min(asked, cap)
  const owedOn = calendar.addWorkingDays(start, respondDays + counted)
  const why = [
    late
      ? `acknowledgement was due ${ackDue} (${ackDays} working days) and came ${record.acknowledgedOn ? `late, on ${record.acknowledgedOn}` : 'never'}, so counted from ${ackDue}`
      : `acknowledged ${record.acknowledgedOn}`,
    `${respondDays} working days to respond`,
    ...(asked
      ? [
          asked > cap
            ? `extensions of ${asked} working days, of which the Code's cap of ${cap} count`
            : `extensions of ${asked} working days`,
        ]
      : []),
    `owed by ${owedOn}`,
  ].join('; ')
  return { owedOn, why }
}

/** CH01: a complaint counts as received unless it was refused before it was acknowledged. */
export const receivedCounts = (c: Complaint) =>
  !(c.refusal?.refusing === 'complaint' && c.refusal.stage === 1 && !c.stages[1].acknowledgedOn)

/** CH01: a request for stage 2 counts unless the escalation was refused. */
export const escalationCounts = (c: Complaint) => c.refusal?.refusing !== 'escalation'

/** What one complaint adds to the year's CH01 and CH02, by the counting rules of the contract. */
export function tsmItems(
  c: Complaint,
  year: number,
  policyOf: (version: number) => PolicyValues,
  calendar: WorkingDayCalendar,
): TsmItem[] {
  const y = reportingYear(year)
  const base = { complaintId: c.id, reference: c.reference, tenure: c.tenure ?? null }
  const items: TsmItem[] = []
  const refusedBeforeAck = !receivedCounts(c)
  if (inYear(c.receivedOn, y))
    items.push({
      ...base,
      measure: 'stage1Received',
      on: c.receivedOn,
      counted: !refusedBeforeAck,
      why: refusedBeforeAck
        ? `received ${c.receivedOn}, refused before acknowledgement (${c.refusal?.reason}): not counted`
        : `received ${c.receivedOn}${c.state === 'withdrawn' ? ' (withdrawn, still counted)' : ''}`,
    })
  if (c.escalation && inYear(c.escalation.on, y) && escalationCounts(c))
    items.push({
      ...base,
      measure: 'stage2Received',
      on: c.escalation.on,
      counted: true,
      why: `escalation requested ${c.escalation.on}`,
    })
  for (const stage of [1, 2] as const) {
    const response = c.stages[stage]?.response
    if (!response || !inYear(response.on, y)) continue
    const owed = tsmOwedDate(c, stage, policyOf, calendar)
    if (!owed) continue
    const within = response.on <= owed.owedOn
    items.push({
      ...base,
      measure: stage === 1 ? 'stage1Response' : 'stage2Response',
      on: response.on,
      counted: true,
      owedOn: owed.owedOn,
      within,
      why: `responded ${response.on}; ${owed.why}: ${within ? 'within' : 'outside'} the timescale`,
    })
  }
  return items
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
  const responses = (stage: Stage, within?: boolean) =>
    tally(
      counts,
      'response',
      (c) => mine(c) && c.key.startsWith(`${stage}:`) && (within === undefined || c.within === within),
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
  }
}
