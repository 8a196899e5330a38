import { type CalendarDate, londonDateOf } from '../calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import type { Complaint } from '../complaints/complaint.js'
import { complaintDeadlines, internalTargetDeadlines, updateIntervalOf } from '../complaints/deadlines.js'
import type { ComplaintEvent } from '../complaints/events.js'
import type { PolicyValues } from '../policy/timescales.js'
import { remedyStates } from '../remedies/followThrough.js'
import type { FactKind, ReportFact } from './factCounts.js'
import { type DeadlineResult, deadlineResult } from './timeliness.js'
import {
  escalationCounts,
  receivedCounts,
  tsmOwedDate,
  whyEscalated,
  whyReceived,
  whyResponded,
} from './tsm.js'

/** Every fact a complaint adds to the reports, from its history and the rules in force. */
export function reportFacts(
  c: Complaint,
  policyOf: (version: number) => PolicyValues,
  calendar: WorkingDayCalendar,
  today: CalendarDate,
): ReportFact[] {
  const tenure = c.tenure ?? null
  const facts: ReportFact[] = []
  const add = (
    on: CalendarDate,
    kind: FactKind,
    key = '',
    more: {
      counted?: boolean
      within?: boolean | null
      amount?: number | null
      result?: DeadlineResult
      withExtension?: boolean
      recordedLate?: boolean
      owedOn?: CalendarDate
      why?: string
    } = {},
  ) =>
    facts.push({
      on,
      kind,
      key,
      tenure,
      counted: more.counted ?? true,
      within: more.within ?? null,
      result: more.result ?? null,
      withExtension: more.withExtension ?? false,
      recordedLate: more.recordedLate ?? false,
      amount: more.amount ?? null,
      owedOn: more.owedOn ?? null,
      why: more.why ?? null,
    })
  // Whether the event a date rests on was recorded more than the tolerance after it happened.
  const lateAt = (type: ComplaintEvent['type'], stage?: 1 | 2) =>
    c.events.some(
      (e) =>
        e.type === type && e.recordedLate && (stage === undefined || ('stage' in e && e.stage === stage)),
    )
  const stopRecordedLate = lateAt('complaint.withdrawn') || lateAt('complaint.refused')
  const extensionsRecordedLate = (stage: 1 | 2) =>
    c.events.some(
      (e) => e.type === 'complaint.extended' && e.stage === stage && (e.recordedLate || e.evidenceDocumentId),
    )

  add(c.receivedOn, 'received', c.channel, { counted: receivedCounts(c), why: whyReceived(c) })
  for (const category of c.categories.length ? c.categories : ['uncategorised'])
    add(c.receivedOn, 'category', category)
  if (c.escalation)
    add(c.escalation.on, 'escalation', '', {
      counted: escalationCounts(c),
      why: whyEscalated(c.escalation.on, c),
    })
  for (const stage of [1, 2] as const) {
    const record = c.stages[stage]
    const response = record?.response
    if (response) {
      const owed = tsmOwedDate(c, stage, policyOf, calendar)
      const within = owed ? response.on <= owed.owedOn : null
      add(response.on, 'response', `${stage}:${response.decision}`, {
        counted: Boolean(owed),
        within,
        withExtension: Boolean(within && owed && response.on > owed.owedWithoutExtensions),
        recordedLate: lateAt('complaint.responded', stage),
        ...(owed ? { owedOn: owed.owedOn, why: whyResponded(response.on, owed) } : {}),
      })
    }
    // Code 5.9: each update against the date it was due (from the acknowledgement or the update
    // before), and an update missed when the response came after one was due with none sent.
    if (record?.acknowledgedOn) {
      const interval = updateIntervalOf(record)
      let from = record.acknowledgedOn
      const end = response?.on
      for (const u of c.updates.filter((x) => x.stage === stage && x.on > (record.acknowledgedOn ?? x.on))) {
        if (end && u.on > end) break
        add(u.on, 'update', String(stage), { within: u.on <= calendar.addWorkingDays(from, interval) })
        from = u.on
      }
      const due = calendar.addWorkingDays(from, interval)
      if (end && end > due) add(due, 'update', String(stage), { within: false })
    }
    for (const e of record?.extensions ?? [])
      add(londonDateOf(e.at), 'extension', e.goodReason ? 'beyond_cap' : 'within_cap')
  }
  // Every deadline, in the period it fell due, with what it came to (see `timeliness.ts`).
  for (const d of complaintDeadlines(c, policyOf, calendar, today)) {
    const result = deadlineResult(d, c)
    const stage = d.key === 'acknowledgement' || d.key === 'stage1Response' ? 1 : 2
    const responseClock = d.key === 'stage1Response' || d.key === 'stage2Response'
    const withExtension = Boolean(
      result === 'on_time' && d.metOn && d.dueWithoutExtensions && d.metOn > d.dueWithoutExtensions,
    )
    const metLate = responseClock
      ? lateAt('complaint.responded', stage) || (withExtension && extensionsRecordedLate(stage))
      : lateAt('complaint.acknowledged', stage)
    add(d.due, 'clock', d.key, {
      within: result === 'on_time' ? true : result === 'late' || result === 'not_met' ? false : null,
      result,
      withExtension,
      recordedLate: d.metOn
        ? metLate
        : result === 'stopped' || result === 'not_met'
          ? stopRecordedLate
          : false,
    })
  }
  for (const d of internalTargetDeadlines(c, policyOf, calendar, today)) {
    const result = deadlineResult(d, c)
    add(d.due, 'target', d.name, {
      within: result === 'on_time' ? true : result === 'late' || result === 'not_met' ? false : null,
      result,
    })
  }
  if (c.refusal) add(londonDateOf(c.refusal.at), 'refusal', c.refusal.reason)
  if (c.withdrawal) add(londonDateOf(c.withdrawal.at), 'withdrawn')
  if (c.state === 'closed' && c.closedAt) add(londonDateOf(c.closedAt), 'closed')
  for (const r of remedyStates(c)) {
    add(r.offeredOn, 'remedy_offered', r.remedy.type, { amount: r.remedy.amount ?? null })
    if (r.done) {
      add(r.done.on, 'remedy_done', r.remedy.type, {
        amount: r.done.payment?.amount ?? null,
      })
      if (r.done.payment?.offsetAgainstArrears)
        add(r.done.on, 'arrears_offset', r.remedy.type, { amount: r.done.payment.offsetAgainstArrears })
    }
  }
  return facts
}

/** The same facts, in a stable order, so a change to a complaint rewrites them only when they differ. */
export const factsKey = (facts: ReportFact[]) =>
  facts
    .map((f) =>
      [
        f.on,
        f.kind,
        f.key,
        f.tenure,
        f.counted,
        f.within,
        f.result,
        f.withExtension,
        f.recordedLate,
        f.amount,
        f.owedOn,
        f.why,
      ].join('|'),
    )
    .sort()
    .join('\n')
