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
import type { Hazard, HazardState } from './hazard.js'
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
  isHazardKind,
  SAFETY_WORKING_DAYS,
  SUMMARY_WORKING_DAYS,
} from './vocabulary.js'

/**
 * One of Awaab's Law's duties on a hazard: by when, whether it was met, and how the time was
 * worked out. Derived from the hazard's events and the statutory calendar as it is now, never stored.
 */
export type HazardClock = {
  key: HazardClockKey
  label: string
  /** The kind of hazard the duty was owed as (an earlier assessment's, for one that fell due before a change). */
  kind: HazardKind
  /** Which assessment of the hazard it belongs to: 0 the first, then one more for each change. */
  period: number
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
  /** Why a clock whose time ran out unmet no longer runs (it stays not met). */
  missedBecause?: string
  /** For a duty owed under an earlier assessment: what ended that assessment. */
  earlierAssessment?: string
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

/**
 * `calendar` counts working days as the Regulations do (weekdays that are not bank holidays in
 * England): the statutory calendar, which never holds the landlord's closure days.
 */
type Context = { calendar: WorkingDayCalendar; now: Date }

/** What stops a duty, and when: only a stop before the time runs out stops it; after, the duty stays missed. */
type Stop = { why: string; at: Date }

/** The duties owed within hours rather than working days: an emergency's investigation and making safe. */
const hourlyDuties: Record<HazardKind, readonly HazardClockKey[]> = {
  emergency: ['investigate', 'safety'],
  damp_and_mould: [],
}

/** Whether a kind of hazard's duty runs to the minute (24 hours) rather than to the end of a working day. */
const runsByTheHour = (kind: string, clock: string) =>
  hourlyDuties[kind as HazardKind]?.includes(clock as HazardClockKey) ?? false

type Duty = { key: HazardClockKey; kind: HazardKind; rule: string; met: Date | undefined; stop?: Stop }

function settled(
  base: Omit<HazardClock, 'status'>,
  duty: Duty,
  metInTime: (met: Date) => boolean,
  stoppedInTime: (stop: Stop) => boolean,
): HazardClock | undefined {
  if (duty.met) return { ...base, status: metInTime(duty.met) ? 'met' : 'met_late', metAt: duty.met }
  if (duty.stop && stoppedInTime(duty.stop))
    return { ...base, status: 'stopped', stoppedBecause: duty.stop.why }
  if (duty.stop)
    return {
      ...base,
      status: 'missed',
      missedBecause: `${duty.stop.why} ${formatLondonDayAndTime(duty.stop.at)}, after the time had run out`,
    }
  return undefined
}

function byTheHour(duty: Duty, from: Date, fromLabel: string, { now }: Context): HazardClock {
  const dueAt = new Date(from.getTime() + EMERGENCY_HOURS * 3_600_000)
  const explanation = `${fromLabel} ${formatLondonDayAndTime(from)}; ${EMERGENCY_HOURS} hours → ${formatLondonDayAndTime(dueAt)}`
  const base = {
    key: duty.key,
    kind: duty.kind,
    period: 0,
    label: hazardClockLabels[duty.key],
    rule: duty.rule,
    due: { at: dueAt },
    dueAt,
    explanation,
  }
  const done = settled(
    base,
    duty,
    (met) => met <= dueAt,
    (stop) => stop.at <= dueAt,
  )
  if (done) return done
  const ms = dueAt.getTime() - now.getTime()
  return ms >= 0
    ? { ...base, status: 'due', left: `${hoursAndMinutes(ms)} left` }
    : { ...base, status: 'overdue', left: `${hoursAndMinutes(-ms)} overdue` }
}

function byTheDay(
  duty: Duty,
  due: { on: CalendarDate; explanation: string },
  { calendar, now }: Context,
): HazardClock {
  const base = {
    key: duty.key,
    kind: duty.kind,
    period: 0,
    label: hazardClockLabels[duty.key],
    rule: duty.rule,
    due: { on: due.on },
    dueAt: endOfLondonDay(due.on),
    explanation: due.explanation,
  }
  const done = settled(
    base,
    duty,
    (met) => londonDateOf(met) <= due.on,
    (stop) => londonDateOf(stop.at) <= due.on,
  )
  if (done) return done
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

/** The last day the 5 working days for further works allow, when the investigation found they are needed. */
export function furtherWorksDayDue(h: HazardState, calendar: WorkingDayCalendar): CalendarDate | undefined {
  if (!h.investigation?.furtherWorksNeeded) return undefined
  return calendar.addWorkingDays(londonDateOf(h.investigation.endedAt), FURTHER_WORKING_DAYS)
}

/** One assessment's clocks, as its kind, its awareness and its steps say. */
function clocksOf(h: HazardState, ctx: Context): HazardClock[] {
  if (!isHazardKind(h.kind)) return []
  const kind = h.kind
  const { calendar } = ctx
  const out: HazardClock[] = []
  const inv = h.investigation
  const noHazard: Stop | undefined =
    inv && !inv.hazardFound ? { why: 'the investigation found no hazard', at: inv.endedAt } : undefined
  const decanted: Stop | undefined = h.decant
    ? { why: `the household moved out (${h.decant.where})`, at: h.decant.at }
    : undefined
  out.push(
    runsByTheHour(kind, 'investigate')
      ? byTheHour(
          {
            key: 'investigate',
            kind,
            rule: 'within 24 hours of becoming aware',
            met: inv?.endedAt,
            stop: decanted,
          },
          h.awareAt,
          'aware',
          ctx,
        )
      : byTheDay(
          {
            key: 'investigate',
            kind,
            rule: `within ${INVESTIGATE_WORKING_DAYS} working days of becoming aware`,
            met: inv?.endedAt,
          },
          workingDaysFrom(calendar, h.awareAt, INVESTIGATE_WORKING_DAYS, 'aware'),
          ctx,
        ),
  )
  // Made safe within hours runs from awareness, investigation or not, and is met only when the work
  // is completed; otherwise the work follows a hazard found, and the duty is to begin it.
  const safetyByTheHour = runsByTheHour(kind, 'safety')
  if (safetyByTheHour)
    out.push(
      byTheHour(
        {
          key: 'safety',
          kind,
          rule: 'made safe (the relevant safety work completed) within 24 hours of becoming aware',
          met: h.madeSafe?.at,
          stop: noHazard ?? decanted,
        },
        h.awareAt,
        'aware',
        ctx,
      ),
    )
  if (!inv) return out
  out.push(
    byTheDay(
      {
        key: 'summary',
        kind,
        rule: `within ${SUMMARY_WORKING_DAYS} working days of the investigation ending`,
        met: h.summary?.sentAt,
      },
      workingDaysFrom(calendar, inv.endedAt, SUMMARY_WORKING_DAYS, 'investigation ended'),
      ctx,
    ),
  )
  if (!safetyByTheHour && inv.hazardFound)
    out.push(
      byTheDay(
        {
          key: 'safety',
          kind,
          rule: `begin within ${SAFETY_WORKING_DAYS} working days of the investigation ending`,
          met: h.safetyWork?.at,
        },
        workingDaysFrom(calendar, inv.endedAt, SAFETY_WORKING_DAYS, 'investigation ended'),
        ctx,
      ),
    )
  if (inv.furtherWorksNeeded) {
    const start = londonDateOf(inv.endedAt)
    const weeksLater = addCalendarDays(start, FURTHER_NOT_PRACTICABLE_WEEKS * 7)
    const fiveDays = workingDaysFrom(calendar, inv.endedAt, FURTHER_WORKING_DAYS, 'investigation ended')
    const deferred = h.furtherDeferred
    const decidedOn = deferred ? londonDateOf(deferred.decidedAt) : undefined
    const weeks = (decided: string) => ({
      on: weeksLater,
      explanation: `investigation ended ${formatDay(start)}; ${FURTHER_NOT_PRACTICABLE_WEEKS} weeks (not reasonably practicable within ${FURTHER_WORKING_DAYS} working days, decided ${decided}: ${deferred?.reason}) → ${formatDay(weeksLater)}`,
    })
    const weeksRule = `physically start within ${FURTHER_NOT_PRACTICABLE_WEEKS} weeks of the investigation ending`
    if (deferred && decidedOn && decidedOn <= fiveDays.on) {
      // Decided within the 5 working days: the duty is now to start within 12 weeks.
      out.push(
        byTheDay(
          { key: 'further', kind, rule: weeksRule, met: h.furtherWorks?.at },
          weeks(
            `${formatDay(decidedOn)}, within the ${FURTHER_WORKING_DAYS} working days to ${formatDay(fiveDays.on)}`,
          ),
          ctx,
        ),
      )
    } else {
      out.push(
        byTheDay(
          {
            key: 'further',
            kind,
            rule: `begin within ${FURTHER_WORKING_DAYS} working days of the investigation ending`,
            met: h.furtherWorks?.at,
            ...(deferred
              ? { stop: { why: 'decided not reasonably practicable', at: deferred.decidedAt } }
              : {}),
          },
          fiveDays,
          ctx,
        ),
      )
      // Decided after the 5 working days ran out: the duty stays missed, and the 12 weeks still run.
      if (deferred && decidedOn)
        out.push(
          byTheDay(
            { key: 'further_weeks', kind, rule: weeksRule, met: h.furtherWorks?.at },
            weeks(
              `${formatDay(decidedOn)}, after the ${FURTHER_WORKING_DAYS} working days ran out on ${formatDay(fiveDays.on)}`,
            ),
            ctx,
          ),
        )
    }
  }
  return out
}

/**
 * Every Awaab's Law clock that applies to the hazard so far:
 * - an emergency hazard is investigated within 24 hours of the landlord becoming aware of it, and
 *   made safe (the relevant safety work completed) within 24 hours; both stop if the household is
 *   moved out, or the investigation finds no hazard, before the time runs out;
 * - a significant damp and mould hazard is investigated within 10 working days of becoming aware,
 *   and relevant safety work begins within 5 working days of the investigation ending;
 * - either way the resident gets a written summary of the findings within 3 working days of the
 *   investigation ending, and further preventative works begin within 5 working days of it, or,
 *   where that is decided within those 5 days not to be reasonably practicable, physically start
 *   within 12 weeks (decided later, the 5 days stay missed and the 12 weeks still run);
 * - a duty that fell due under an earlier assessment (before the hazard was classed differently, or
 *   assessed again after a material change) stays on the record, met, late or not met.
 * Working days are the Regulations' (weekdays that are not bank holidays in England), counted from
 * the day after the one the clock starts on, as the Code's are.
 */
export function hazardClocks(h: Hazard, ctx: Context): HazardClock[] {
  const out: HazardClock[] = []
  h.earlier.forEach((earlier, period) => {
    const steps = earlier.steps ?? h
    for (const c of clocksOf({ ...steps, kind: earlier.kind, awareAt: earlier.awareAt }, ctx)) {
      const fellDue = c.dueAt <= earlier.until || (c.metAt !== undefined && c.metAt <= earlier.until)
      if (!fellDue) continue
      // Still open when the assessment changed: it no longer runs, and stays not met unless met later.
      const { left: _, ...rest } = c
      const stillOpen = c.status === 'due' || c.status === 'overdue'
      out.push({
        ...(stillOpen ? { ...rest, status: 'missed' as const } : c),
        label: `${c.label} (as ${hazardKindLabels[c.kind].toLowerCase()})`,
        period,
        earlierAssessment: earlier.because,
      })
    }
  })
  for (const c of clocksOf(h, ctx)) out.push({ ...c, period: h.earlier.length })
  return out
}

/** The clocks still running (due or overdue), soonest first. */
export function runningHazardClocks(clocks: HazardClock[]): HazardClock[] {
  // A duty owed under an earlier assessment never runs: it is `missed` or settled.
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
