import {
  addCalendarDays,
  type CalendarDate,
  endOfLondonDay,
  formatDay,
  formatLondonDayAndTime,
  formatLondonTime,
  londonDateOf,
} from '../calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { runningDeadlineStatus } from '../complaints/deadlines.js'
import type { Hazard } from './hazard.js'
import {
  EMERGENCY_HOURS,
  FURTHER_NOT_PRACTICABLE_WEEKS,
  FURTHER_WORKING_DAYS,
  type HazardClockKey,
  type HazardClockStatus,
  type HazardKind,
  hazardClockLabels,
  hazardKindLabels,
  INVESTIGATE_WORKING_DAYS,
  SAFETY_WORKING_DAYS,
  SUMMARY_WORKING_DAYS,
} from './vocabulary.js'

/**
 * One of Awaab's Law's duties on a hazard: by when, whether it was met, and how the time was
 * worked out. Derived from the hazard's events and the calendar as it is now, never stored.
 */
export type HazardClock = {
  key: HazardClockKey
  label: string
  /** The duty in words: "within 24 hours of becoming aware". */
  rule: string
  /** An emergency's clocks run to the minute; the others to the end of a working day. */
  due: { at: Date } | { on: CalendarDate }
  /** The instant the clock runs out, to sort by: for a day, the midnight that ends it. */
  dueAt: Date
  status: HazardClockStatus
  metAt?: Date
  /** Why a clock stopped without being met. */
  stoppedBecause?: string
  /** "5 hours 20 minutes left", "3 working days left", "2 working days overdue". */
  left?: string
  explanation: string
}

function hoursAndMinutes(ms: number) {
  const minutes = Math.max(0, Math.round(ms / 60_000))
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  const parts = [h ? `${h} hour${h === 1 ? '' : 's'}` : '', m || !h ? `${m} minute${m === 1 ? '' : 's'}` : '']
  return parts.filter(Boolean).join(' ')
}

type Context = { calendar: WorkingDayCalendar; now: Date }

/** The duties owed within hours rather than working days: an emergency's investigation and making safe. */
const hourlyDuties: Record<HazardKind, readonly HazardClockKey[]> = {
  emergency: ['investigate', 'safety'],
  damp_and_mould: [],
}

/** Whether a kind of hazard's duty runs to the minute (24 hours) rather than to the end of a working day. */
const runsByTheHour = (kind: string, clock: string) =>
  hourlyDuties[kind as HazardKind]?.includes(clock as HazardClockKey) ?? false

function byTheHour(
  key: HazardClockKey,
  rule: string,
  from: Date,
  fromLabel: string,
  met: Date | undefined,
  stoppedBecause: string | undefined,
  { now }: Context,
): HazardClock {
  const dueAt = new Date(from.getTime() + EMERGENCY_HOURS * 3_600_000)
  const explanation = `${fromLabel} ${formatLondonDayAndTime(from)}; ${EMERGENCY_HOURS} hours → ${formatLondonDayAndTime(dueAt)}`
  const base = { key, label: hazardClockLabels[key], rule, due: { at: dueAt }, dueAt, explanation }
  if (met) return { ...base, status: met <= dueAt ? 'met' : 'met_late', metAt: met }
  if (stoppedBecause) return { ...base, status: 'stopped', stoppedBecause }
  const ms = dueAt.getTime() - now.getTime()
  return ms >= 0
    ? { ...base, status: 'due', left: `${hoursAndMinutes(ms)} left` }
    : { ...base, status: 'overdue', left: `${hoursAndMinutes(-ms)} overdue` }
}

function byTheDay(
  key: HazardClockKey,
  rule: string,
  due: { on: CalendarDate; explanation: string },
  met: Date | undefined,
  stoppedBecause: string | undefined,
  { calendar, now }: Context,
): HazardClock {
  const base = {
    key,
    label: hazardClockLabels[key],
    rule,
    due: { on: due.on },
    dueAt: endOfLondonDay(due.on),
    explanation: due.explanation,
  }
  if (met) return { ...base, status: londonDateOf(met) <= due.on ? 'met' : 'met_late', metAt: met }
  if (stoppedBecause) return { ...base, status: 'stopped', stoppedBecause }
  const running = runningDeadlineStatus(due.on, { calendar, today: londonDateOf(now) })
  const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`
  return running.status === 'due'
    ? {
        ...base,
        status: 'due',
        left: running.workingDaysLeft ? `${days(running.workingDaysLeft)} left` : 'Due today',
      }
    : { ...base, status: 'overdue', left: `${days(running.workingDaysOverdue)} overdue` }
}

function workingDaysFrom(calendar: WorkingDayCalendar, from: Date, days: number, label: string) {
  const e = calendar.explainAddition(londonDateOf(from), days, label)
  return { on: e.date, explanation: e.text }
}

/**
 * Every Awaab's Law clock that applies to the hazard so far:
 * - an emergency hazard is investigated, and made safe, within 24 hours of the landlord becoming
 *   aware of it (both stop if the household is moved out, or the investigation finds no hazard);
 * - a significant damp and mould hazard is investigated within 10 working days of becoming aware,
 *   and relevant safety work begins within 5 working days of the investigation ending;
 * - either way the resident gets a written summary of the findings within 3 working days of the
 *   investigation ending, and further preventative works begin within 5 working days of it, or,
 *   where that is not reasonably practicable, physically start within 12 weeks.
 * Working days count from the day after the one the clock starts on, as the Code's do.
 */
export function hazardClocks(h: Hazard, ctx: Context): HazardClock[] {
  const { calendar } = ctx
  const out: HazardClock[] = []
  const inv = h.investigation
  const noHazard = inv && !inv.hazardFound ? 'the investigation found no hazard' : undefined
  const decanted = h.decant ? `the household moved out (${h.decant.where})` : undefined
  out.push(
    runsByTheHour(h.kind, 'investigate')
      ? byTheHour(
          'investigate',
          'within 24 hours of becoming aware',
          h.awareAt,
          'aware',
          inv?.endedAt,
          decanted,
          ctx,
        )
      : byTheDay(
          'investigate',
          `within ${INVESTIGATE_WORKING_DAYS} working days of becoming aware`,
          workingDaysFrom(calendar, h.awareAt, INVESTIGATE_WORKING_DAYS, 'aware'),
          inv?.endedAt,
          undefined,
          ctx,
        ),
  )
  // Made safe within hours runs from awareness, investigation or not; otherwise it follows a hazard found.
  const safetyByTheHour = runsByTheHour(h.kind, 'safety')
  if (safetyByTheHour)
    out.push(
      byTheHour(
        'safety',
        'made safe within 24 hours of becoming aware',
        h.awareAt,
        'aware',
        h.safetyWork?.at,
        noHazard ?? decanted,
        ctx,
      ),
    )
  if (!inv) return out
  out.push(
    byTheDay(
      'summary',
      `within ${SUMMARY_WORKING_DAYS} working days of the investigation ending`,
      workingDaysFrom(calendar, inv.endedAt, SUMMARY_WORKING_DAYS, 'investigation ended'),
      h.summary?.sentAt,
      undefined,
      ctx,
    ),
  )
  if (!safetyByTheHour && inv.hazardFound)
    out.push(
      byTheDay(
        'safety',
        `begin within ${SAFETY_WORKING_DAYS} working days of the investigation ending`,
        workingDaysFrom(calendar, inv.endedAt, SAFETY_WORKING_DAYS, 'investigation ended'),
        h.safetyWork?.at,
        undefined,
        ctx,
      ),
    )
  if (inv.furtherWorksNeeded) {
    const start = londonDateOf(inv.endedAt)
    const weeksLater = addCalendarDays(start, FURTHER_NOT_PRACTICABLE_WEEKS * 7)
    const due = h.furtherDeferred
      ? {
          on: weeksLater,
          explanation: `investigation ended ${formatDay(start)}; ${FURTHER_NOT_PRACTICABLE_WEEKS} weeks (not reasonably practicable within ${FURTHER_WORKING_DAYS} working days: ${h.furtherDeferred.reason}) → ${formatDay(weeksLater)}`,
        }
      : workingDaysFrom(calendar, inv.endedAt, FURTHER_WORKING_DAYS, 'investigation ended')
    out.push(
      byTheDay(
        'further',
        h.furtherDeferred
          ? `physically start within ${FURTHER_NOT_PRACTICABLE_WEEKS} weeks of the investigation ending`
          : `begin within ${FURTHER_WORKING_DAYS} working days of the investigation ending`,
        due,
        h.furtherWorks?.at,
        undefined,
        ctx,
      ),
    )
  }
  return out
}

/** The clocks still running (due or overdue), soonest first. */
export function runningHazardClocks(clocks: HazardClock[]): HazardClock[] {
  return clocks
    .filter((c) => c.status === 'due' || c.status === 'overdue')
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
}

/** When a clock runs out, in words: "by 14:05 on Tue 4 Nov 2025", or "by the end of Thu 1 Apr 2027". */
function dueInWords(kind: string, clock: string, dueAt: Date): string {
  if (runsByTheHour(kind, clock)) return `by ${formatLondonTime(dueAt)} on ${formatDay(londonDateOf(dueAt))}`
  return `by the end of ${formatDay(londonDateOf(new Date(dueAt.getTime() - 1)))}`
}

/** A hazard's next duty as the queues, the case list and the daily prompt show it. */
export function nextDutyInWords(next: { kind: string; clock: string; dueAt: Date }, now: Date) {
  return {
    kind: hazardKindLabels[next.kind as HazardKind] ?? next.kind,
    duty: hazardClockLabels[next.clock as HazardClockKey] ?? next.clock,
    due: dueInWords(next.kind, next.clock, next.dueAt),
    overdue: next.dueAt < now,
  }
}
