import { type CalendarDate, londonDateOf } from '../calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import type { Complaint } from '../complaints/complaint.js'
import { complaintDeadlines, internalTargetDeadlines, updateIntervalOf } from '../complaints/deadlines.js'
import type { PolicyValues } from '../policy/timescales.js'
import { remedyStates } from '../remedies/followThrough.js'
import type { FactKind, ReportFact } from './factCounts.js'
import { escalationCounts, receivedCounts, tsmOwedDate } from './tsm.js'

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
    more: { counted?: boolean; within?: boolean | null; amount?: number | null } = {},
  ) =>
    facts.push({
      on,
      kind,
      key,
      tenure,
      counted: more.counted ?? true,
      within: more.within ?? null,
      amount: more.amount ?? null,
    })

  add(c.receivedOn, 'received', c.channel, { counted: receivedCounts(c) })
  for (const category of c.categories.length ? c.categories : ['uncategorised'])
    add(c.receivedOn, 'category', category)
  if (c.escalation) add(c.escalation.on, 'escalation', '', { counted: escalationCounts(c) })
  for (const stage of [1, 2] as const) {
    const record = c.stages[stage]
    const response = record?.response
    if (response) {
      const owed = tsmOwedDate(c, stage, policyOf, calendar)
      add(response.on, 'response', `${stage}:${response.decision}`, {
        counted: Boolean(owed),
        within: owed ? response.on <= owed.owedOn : null,
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
  for (const d of complaintDeadlines(c, policyOf, calendar, today))
    if (d.metOn) add(d.metOn, 'clock', d.key, { within: d.status === 'met' })
  for (const d of internalTargetDeadlines(c, policyOf, calendar, today))
    if (d.metOn) add(d.metOn, 'target', d.name, { within: d.status === 'met' })
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
    .map((f) => [f.on, f.kind, f.key, f.tenure, f.counted, f.within, f.amount].join('|'))
    .sort()
    .join('\n')
