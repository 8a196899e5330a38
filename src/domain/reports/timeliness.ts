import { type CalendarDate, londonDateOf } from '../calendar/calendarDate.js'
import type { Complaint } from '../complaints/complaint.js'
import type { Deadline } from '../complaints/deadlines.js'
import { DEFAULT_LATE_RECORDING_DAYS } from '../complaints/lateRecording.js'

/**
 * The one timeliness rule every report and the dashboard use: a deadline belongs to
 * the period in which it fell due, and it was met on time, met late, or not met. A deadline
 * stopped by a withdrawal or a refusal before it fell due is its own line, left out of the share.
 *
 * What a deadline came to, as a fact records it:
 * - `on_time`, `late`: met, by its due date or after it;
 * - `open`: not met yet. On any day after its due date it reads as overdue (not met); until
 *   then it has not fallen due and is not counted at all;
 * - `not_met`: it fell due and never will be met: the complaint was closed without it, or was
 *   withdrawn or refused only after the deadline had passed;
 * - `stopped`: withdrawn or refused (and recorded) by the day it fell due.
 */
export const deadlineResults = ['on_time', 'late', 'open', 'not_met', 'stopped'] as const
export type DeadlineResult = (typeof deadlineResults)[number]

/** What a result reads as on the day a report is made: `open` becomes `overdue` or `not_due`. */
export const readResults = ['on_time', 'late', 'overdue', 'not_met', 'stopped', 'not_due'] as const
export type ReadResult = (typeof readResults)[number]

export function resultOn(result: DeadlineResult, due: CalendarDate, today: CalendarDate): ReadResult {
  if (result !== 'open') return result
  return due < today ? 'overdue' : 'not_due'
}

/**
 * The day a complaint's stop (its withdrawal or refusal) was recorded, if it stopped: a stop
 * dated back past a deadline that had already passed when it was recorded cannot turn that missed
 * deadline into a stopped one.
 */
function stoppedOn(c: Pick<Complaint, 'state' | 'events'>): CalendarDate | undefined {
  const stop = c.events.findLast(
    (e) => e.type === 'complaint.withdrawn' || (c.state === 'not_accepted' && e.type === 'complaint.refused'),
  )
  return stop ? londonDateOf(stop.recordedAt > stop.at ? stop.recordedAt : stop.at) : undefined
}

/** What a deadline of the complaint came to (see `deadlineResults`). */
export function deadlineResult(
  d: Pick<Deadline, 'status' | 'due'>,
  c: Pick<Complaint, 'state' | 'events'>,
): DeadlineResult {
  switch (d.status) {
    case 'met':
      return 'on_time'
    case 'met_late':
      return 'late'
    case 'due':
    case 'overdue':
      return 'open'
    case 'stopped': {
      // Closed without it: never met. Withdrawn or refused (as recorded) after it fell due: it
      // was missed first.
      const on = stoppedOn(c)
      return on && on <= d.due ? 'stopped' : 'not_met'
    }
  }
}

/** A deadline's standing in a period, as every report shows it. */
export type Timeliness = {
  key: string
  label: string
  /** Met by the day it was due, with any extension agreed in time. */
  onTime: number
  /** Of those on time, how many only thanks to an extension. */
  onTimeByExtension: number
  late: number
  /** Fell due and still not met. */
  overdue: number
  /** Fell due and will never be met: closed without it, or withdrawn or refused after it passed. */
  notMet: number
  /** Stopped by a withdrawal or refusal before it fell due: shown, left out of the share. */
  stopped: number
  /** Every deadline that fell due in the period: on time + late + overdue + not met. */
  fellDue: number
  /** Of those that fell due, how many rest on a date recorded more than the tolerance later. */
  recordedLate: number
  /** On time ÷ fell due, to one decimal place; null when none fell due. */
  percentInTime: number | null
  /** The same without extensions: on time only thanks to an extension counts as not in time. */
  percentInTimeWithoutExtensions: number | null
}

const oneDecimal = (n: number, d: number) => (d ? Math.round((n * 1000) / d) / 10 : null)

/** A fact count as the timeliness rule reads it (`FactCount` in factCounts.ts is one). */
type Counted = {
  kind: string
  key: string
  result: ReadResult | null
  withExtension: boolean
  recordedLate: boolean
  count: number
}

/**
 * The timeliness of one deadline (a Code clock, or the landlord's own target) from a period's
 * fact counts, read on the day the counts were taken (`resultOn`: an open deadline is overdue
 * once its day has passed, and not yet counted before).
 */
export function timelinessOf(
  counts: readonly Counted[],
  kind: 'clock' | 'target',
  key: string,
  label: string,
): Timeliness {
  const t = { onTime: 0, onTimeByExtension: 0, late: 0, overdue: 0, notMet: 0, stopped: 0, recordedLate: 0 }
  for (const c of counts) {
    if (c.kind !== kind || c.key !== key) continue
    switch (c.result) {
      case 'on_time':
        t.onTime += c.count
        if (c.withExtension) t.onTimeByExtension += c.count
        break
      case 'late':
        t.late += c.count
        break
      case 'overdue':
        t.overdue += c.count
        break
      case 'not_met':
        t.notMet += c.count
        break
      case 'stopped':
        t.stopped += c.count
        break
      default:
        continue
    }
    if (c.recordedLate && c.result !== 'stopped') t.recordedLate += c.count
  }
  const fellDue = t.onTime + t.late + t.overdue + t.notMet
  return {
    key,
    label,
    ...t,
    fellDue,
    percentInTime: oneDecimal(t.onTime, fellDue),
    percentInTimeWithoutExtensions: oneDecimal(t.onTime - t.onTimeByExtension, fellDue),
  }
}

/**
 * The figure in words, the same in every report: "76.9% in time (10 of 13 that fell due); 1
 * late, 1 still overdue, 1 never met; 2 stopped by withdrawal or refusal before falling due (left
 * out of the share); of which recorded more than 2 working days later: 1".
 */
export function describeTimeliness(t: Timeliness, toleranceDays = DEFAULT_LATE_RECORDING_DAYS): string {
  const parts = [
    t.fellDue
      ? `${t.percentInTime}% in time (${t.onTime} of ${t.fellDue} that fell due)`
      : 'none fell due in the period',
  ]
  const misses = [
    t.late ? `${t.late} late` : '',
    t.overdue ? `${t.overdue} still overdue` : '',
    t.notMet ? `${t.notMet} never met` : '',
  ].filter(Boolean)
  if (misses.length) parts.push(misses.join(', '))
  if (t.onTimeByExtension)
    parts.push(
      `${t.onTimeByExtension} in time only thanks to an extension (${t.percentInTimeWithoutExtensions}% in time without extensions)`,
    )
  if (t.stopped)
    parts.push(`${t.stopped} stopped by withdrawal or refusal before falling due (left out of the share)`)
  if (t.recordedLate)
    parts.push(`of which recorded more than ${toleranceDays} working days later: ${t.recordedLate}`)
  return parts.join('; ')
}
