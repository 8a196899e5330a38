import { type CalendarDate, londonDateOf } from '../calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import {
  defaultPolicy,
  EARLIER_CODE,
  type InternalTarget,
  isEarlierCode,
  type PolicyValues,
  type Timescales,
} from '../policy/timescales.js'
import type { Complaint, StageRecord } from './complaint.js'

export const deadlineKeys = [
  'acknowledgement',
  'stage1Response',
  'stage2Acknowledgement',
  'stage2Response',
] as const
export type DeadlineKey = (typeof deadlineKeys)[number]

export const deadlineStatuses = ['due', 'met', 'met_late', 'overdue', 'stopped'] as const
export type DeadlineStatus = (typeof deadlineStatuses)[number]

export const deadlineLabels: Record<DeadlineKey, { label: string; short: string; provision: string }> = {
  acknowledgement: {
    label: 'Acknowledge, define and log (stage 1)',
    short: 'Acknowledge, stage 1',
    provision: '6.2',
  },
  stage1Response: { label: 'Stage 1 response', short: 'Respond, stage 1', provision: '6.3' },
  stage2Acknowledgement: {
    label: 'Acknowledge, define and log (stage 2)',
    short: 'Acknowledge, stage 2',
    provision: '6.11',
  },
  stage2Response: { label: 'Stage 2 final response', short: 'Final response', provision: '6.14' },
}

/**
 * A deadline with this many working days left, or fewer, is due soon: at risk on the case's Code
 * panel, its own group in the queues and the daily prompt, a yellow tag.
 */
export const AT_RISK_WORKING_DAYS = 3

export type Deadline = {
  key: DeadlineKey
  label: string
  provision: string
  /** Day 0 of the count. */
  start: CalendarDate
  workingDays: number
  due: CalendarDate
  /** A response deadline moved by extensions: the day it was due before them. */
  dueWithoutExtensions?: CalendarDate
  status: DeadlineStatus
  metOn?: CalendarDate
  workingDaysLeft?: number
  workingDaysOverdue?: number
  policyVersion: number
  /** "received Fri 18 Dec 2026; 5 working days (…), skipping … → Tue 29 Dec 2026" */
  explanation: string
}

export type InternalTargetDeadline = Omit<Deadline, 'key' | 'provision'> & { name: string }

type Clock = { calendar: WorkingDayCalendar; today: CalendarDate }

/** Each stage's two clocks: acknowledge from the stage's start, respond from the acknowledgement. */
const stageClocks = {
  1: {
    acknowledge: {
      key: 'acknowledgement',
      startLabel: 'received',
      days: 'acknowledgeDays',
      provision: '6.2',
    },
    response: {
      key: 'stage1Response',
      startLabel: 'acknowledged',
      days: 'stage1ResponseDays',
      provisions: ['6.3', '6.4'],
    },
  },
  2: {
    acknowledge: {
      key: 'stage2Acknowledgement',
      startLabel: 'escalation requested',
      days: 'stage2AcknowledgeDays',
      provision: '6.11',
    },
    response: {
      key: 'stage2Response',
      startLabel: 'acknowledged at stage 2',
      days: 'stage2ResponseDays',
      provisions: ['6.14', '6.15'],
    },
  },
} as const satisfies Record<
  1 | 2,
  {
    acknowledge: { key: DeadlineKey; startLabel: string; days: keyof Timescales; provision: string }
    response: {
      key: DeadlineKey
      startLabel: string
      days: keyof Timescales
      provisions: readonly [string, string]
    }
  }
>

/** A deadline not yet met: due (with working days left) or overdue (with working days over). */
export function runningDeadlineStatus(
  due: CalendarDate,
  { calendar, today }: Clock,
): { status: 'due'; workingDaysLeft: number } | { status: 'overdue'; workingDaysOverdue: number } {
  if (today > due) return { status: 'overdue', workingDaysOverdue: calendar.workingDaysBetween(due, today) }
  return { status: 'due', workingDaysLeft: calendar.workingDaysBetween(today, due) }
}

function status(
  due: CalendarDate,
  metOn: CalendarDate | undefined,
  stopped: boolean,
  clock: Clock,
): Pick<Deadline, 'status' | 'metOn' | 'workingDaysLeft' | 'workingDaysOverdue'> {
  if (metOn) return { status: metOn <= due ? 'met' : 'met_late', metOn }
  if (stopped) return { status: 'stopped' }
  return runningDeadlineStatus(due, clock)
}

/** A stage's clock stops without being met when the complaint is refused or withdrawn during it. */
function stoppedDuring(c: Complaint, stage: 1 | 2): boolean {
  if (c.state === 'withdrawn' || c.state === 'closed') return true
  return c.state === 'not_accepted' && c.refusal?.stage === stage
}

function extensionsOf(r: StageRecord) {
  return r.extensions.reduce((sum, e) => sum + e.workingDays, 0)
}

/**
 * Every Code deadline that applies to the complaint so far, derived from its events, the
 * policy version in force when each stage began, and the calendar as it is now: nothing is
 * stored, so a new bank holiday or closure day moves them all.
 */
export function complaintDeadlines(
  c: Complaint,
  policyOf: (version: number) => PolicyValues,
  calendar: WorkingDayCalendar,
  today: CalendarDate,
): Deadline[] {
  const clock = { calendar, today }
  const out: Deadline[] = []
  const add = (
    key: DeadlineKey,
    start: CalendarDate,
    startLabel: string,
    days: number,
    detail: string,
    version: number,
    metOn: CalendarDate | undefined,
    stopped: boolean,
    withoutExtensions?: number,
  ) => {
    const e = calendar.explainAddition(
      start,
      days,
      startLabel,
      isEarlierCode(version) ? detail : `${detail}, timescales version ${version}`,
    )
    out.push({
      key,
      label: deadlineLabels[key].label,
      provision: deadlineLabels[key].provision,
      start,
      workingDays: days,
      due: e.date,
      ...(withoutExtensions !== undefined && withoutExtensions < days
        ? { dueWithoutExtensions: calendar.addWorkingDays(start, withoutExtensions) }
        : {}),
      policyVersion: version,
      explanation: e.text,
      ...status(e.date, metOn, stopped && !metOn, clock),
    })
  }

  for (const stage of [1, 2] as const) {
    const record = c.stages[stage]
    if (!record) continue
    const policy = policyOf(record.policyVersion)
    const clockFor = stageClocks[stage]
    const stopped = stoppedDuring(c, stage)
    // A complaint received before 1 April 2024 keeps the earlier Code's clocks, and says so.
    const earlier = isEarlierCode(record.policyVersion)
    const earlierRule = `${EARLIER_CODE.name}, ${EARLIER_CODE.timescales}`
    add(
      clockFor.acknowledge.key,
      record.startedOn,
      clockFor.acknowledge.startLabel,
      policy[clockFor.acknowledge.days],
      earlier ? earlierRule : `Code ${clockFor.acknowledge.provision}`,
      record.policyVersion,
      record.acknowledgedOn,
      stopped,
    )
    if (!record.acknowledgedOn) continue
    const base = policy[clockFor.response.days]
    const ext = extensionsOf(record)
    const [respond, extend] = clockFor.response.provisions
    const rules = earlier ? earlierRule : ext ? `Code ${respond} and ${extend}` : `Code ${respond}`
    // The earlier Code counts the response from the stage's start (receipt, or the request to
    // escalate); the 2024 Code from the acknowledgement.
    add(
      clockFor.response.key,
      earlier ? record.startedOn : record.acknowledgedOn,
      earlier ? clockFor.acknowledge.startLabel : clockFor.response.startLabel,
      base + ext,
      ext ? `${base} to respond + ${ext} extension, ${rules}` : rules,
      record.policyVersion,
      record.response?.on,
      stopped,
      base,
    )
  }
  return out
}

/** The deadline the landlord is working to now, if any: the one still due or overdue. */
export function openDeadline(deadlines: Deadline[]): Deadline | undefined {
  return deadlines.find((d) => d.status === 'due' || d.status === 'overdue')
}

/**
 * The landlord's own targets on top of the Code. Each is met by the next step after the
 * event it counts from: first contact or acknowledgement after receipt, the response after
 * an acknowledgement, the stage 2 acknowledgement after an escalation request.
 */
export function internalTargetDeadlines(
  c: Complaint,
  policyOf: (version: number) => PolicyValues,
  calendar: WorkingDayCalendar,
  today: CalendarDate,
): InternalTargetDeadline[] {
  const clock = { calendar, today }
  const s1 = c.stages[1]
  const s2 = c.stages[2]
  const firstOutgoingContact = c.events.find(
    (e) => e.type === 'complaint.contact_recorded' && e.direction === 'outgoing',
  )
  const contactOn = firstOutgoingContact ? londonDateOf(firstOutgoingContact.at) : undefined
  const earliest = (...dates: (CalendarDate | undefined)[]) =>
    dates.filter((d): d is string => Boolean(d)).sort()[0]
  const starts: Record<
    InternalTarget['countedFrom'],
    { start?: CalendarDate; label: string; metOn?: CalendarDate; version?: number; stage: 1 | 2 }
  > = {
    received: {
      start: s1.startedOn,
      label: 'received',
      metOn: earliest(s1.acknowledgedOn, contactOn),
      version: s1.policyVersion,
      stage: 1,
    },
    stage1_acknowledged: {
      start: s1.acknowledgedOn,
      label: 'acknowledged',
      metOn: s1.response?.on,
      version: s1.policyVersion,
      stage: 1,
    },
    escalation_requested: {
      start: s2?.startedOn,
      label: 'escalation requested',
      metOn: s2?.acknowledgedOn,
      version: s2?.policyVersion,
      stage: 2,
    },
    stage2_acknowledged: {
      start: s2?.acknowledgedOn,
      label: 'acknowledged at stage 2',
      metOn: s2?.response?.on,
      version: s2?.policyVersion,
      stage: 2,
    },
  }
  const out: InternalTargetDeadline[] = []
  const seen = new Set<number>()
  for (const version of [s1.policyVersion, s2?.policyVersion]) {
    if (version === undefined || seen.has(version)) continue
    seen.add(version)
    for (const target of policyOf(version).internalTargets) {
      const from = starts[target.countedFrom]
      if (!from.start || from.version !== version) continue
      const e = calendar.explainAddition(
        from.start,
        target.workingDays,
        from.label,
        `internal target: ${target.name}`,
      )
      out.push({
        name: target.name,
        label: target.name,
        start: from.start,
        workingDays: target.workingDays,
        due: e.date,
        policyVersion: version,
        explanation: e.text,
        ...status(e.date, from.metOn, stoppedDuring(c, from.stage), clock),
      })
    }
  }
  return out
}

/** Code 5.9: how often the resident is to be updated while a stage is considered, in working days. */
export const updateIntervalOf = (record: StageRecord) =>
  record.updateIntervalDays ?? defaultPolicy.residentUpdateDays

/**
 * Code 5.9: while a stage is being considered, the resident is updated at the interval agreed
 * at acknowledgement, counted from the acknowledgement or the last update, whichever is later.
 */
export function residentUpdateDue(
  c: Complaint,
  calendar: WorkingDayCalendar,
  today: CalendarDate,
):
  | (Pick<Deadline, 'start' | 'workingDays' | 'due' | 'explanation'> & {
      /** Code 5.9: the interval was agreed with the resident; else it is the policy's default. */
      agreed: boolean
    } & ReturnType<typeof runningDeadlineStatus>)
  | undefined {
  if (c.state !== 'stage1' && c.state !== 'stage2') return undefined
  const record = c.stages[c.stage] as StageRecord
  if (!record.acknowledgedOn) return undefined
  const interval = updateIntervalOf(record)
  const lastUpdate = c.updates.filter((u) => u.stage === c.stage).at(-1)?.on
  const fromUpdate = Boolean(lastUpdate && lastUpdate > record.acknowledgedOn)
  const start = fromUpdate ? (lastUpdate as CalendarDate) : record.acknowledgedOn
  const agreed = record.updateIntervalAgreed === true
  const e = calendar.explainAddition(
    start,
    interval,
    fromUpdate ? 'last updated' : 'acknowledged',
    agreed
      ? 'Code 5.9: update interval agreed with the resident'
      : 'Code 5.9: the default interval (not agreed with the resident)',
  )
  return {
    agreed,
    start,
    workingDays: interval,
    due: e.date,
    explanation: e.text,
    ...runningDeadlineStatus(e.date, { calendar, today }),
  }
}
