import { type CalendarDate, formatDateInWords as day, londonDateOf } from '../calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import type { RemedyFollowThrough } from '../remedies/followThrough.js'
import { plural } from '../text/plural.js'
import { priorityLabels } from '../triage/triage.js'
import { type Complaint, outstandingActions } from './complaint.js'
import { AT_RISK_WORKING_DAYS, type Deadline, type residentUpdateDue } from './deadlines.js'
import { stage1Considerers } from './decisions/considering.js'
import type { Stage } from './vocabulary.js'

/**
 * The case's Code panel: every provision of the Complaint Handling Code that applies to this
 * complaint so far, with where it stands and why. It reads the same clocks the reports count
 * (`complaintDeadlines`, `residentUpdateDue`, the remedies' follow-through), so a handler sees
 * a breach coming before the board pack shows it.
 */
export const provisionStates = ['breached', 'at_risk', 'due', 'met', 'stopped'] as const
export type ProvisionState = (typeof provisionStates)[number]

export const provisionStateLabels: Record<ProvisionState, string> = {
  breached: 'Breached',
  at_risk: 'At risk',
  due: 'Due',
  met: 'Met',
  stopped: 'No longer due',
}

export type ProvisionCheck = {
  provision: string
  title: string
  state: ProvisionState
  why: string
}

export type CodePanelInput = {
  complaint: Complaint
  deadlines: Deadline[]
  residentUpdate: ReturnType<typeof residentUpdateDue>
  remedies: RemedyFollowThrough[]
  calendar: WorkingDayCalendar
  today: CalendarDate
}

const stopReason = (c: Complaint) =>
  c.state === 'withdrawn'
    ? 'the complaint was withdrawn'
    : c.state === 'not_accepted'
      ? 'the complaint was not accepted'
      : 'the complaint was closed'

/** One of the Code's four clocks (6.2, 6.3, 6.11, 6.14), as the reports count it. */
function clockCheck(d: Deadline, c: Complaint, calendar: WorkingDayCalendar): ProvisionCheck {
  const base = { provision: d.provision, title: d.label }
  switch (d.status) {
    case 'met':
      return { ...base, state: 'met', why: `Done on ${day(d.metOn as CalendarDate)}; due by ${day(d.due)}.` }
    case 'met_late':
      return {
        ...base,
        state: 'breached',
        why: `Done on ${day(d.metOn as CalendarDate)}, ${plural(calendar.workingDaysBetween(d.due, d.metOn as CalendarDate), 'working day')} after it was due on ${day(d.due)}.`,
      }
    case 'overdue':
      return {
        ...base,
        state: 'breached',
        why: `Due on ${day(d.due)} and not done: ${plural(d.workingDaysOverdue ?? 0, 'working day')} overdue.`,
      }
    case 'stopped':
      return { ...base, state: 'stopped', why: `Was due on ${day(d.due)}; ${stopReason(c)} first.` }
    default: {
      const left = d.workingDaysLeft ?? 0
      return {
        ...base,
        state: left <= AT_RISK_WORKING_DAYS ? 'at_risk' : 'due',
        why:
          left === 0
            ? `Due today, ${day(d.due)}.`
            : `Due by ${day(d.due)}: ${plural(left, 'working day')} left.`,
      }
    }
  }
}

function stageChecks(c: Complaint, stage: Stage, today: CalendarDate): ProvisionCheck[] {
  const record = c.stages[stage]
  if (!record) return []
  const checks: ProvisionCheck[] = []
  const at = (p1: string, p2: string) => (stage === 1 ? p1 : p2)

  // Code 5.6: the complaint defined, and the outcome sought, when it is acknowledged.
  if (record.definition) {
    checks.push({
      provision: '5.6',
      title: `Complaint defined (stage ${stage})`,
      state: 'met',
      why: `Defined when acknowledged on ${day(record.acknowledgedOn as CalendarDate)}: ${plural(record.definition.issues.length, 'point')} to answer.`,
    })
  } else if (!record.response && c.state !== 'withdrawn' && c.state !== 'not_accepted') {
    checks.push({
      provision: '5.6',
      title: `Complaint defined (stage ${stage})`,
      state: 'due',
      why: 'To be set out, with the outcome the resident wants, when the complaint is acknowledged.',
    })
  }

  // Code 6.4 / 6.15 and 6.5 / 6.16: extensions decided in time, the resident told with the Ombudsman's details.
  if (record.extensions.length) {
    const total = record.extensions.reduce((sum, e) => sum + e.workingDays, 0)
    const reasons = record.extensions.map((e) => e.reason).join('; ')
    const good = record.extensions.find((e) => e.goodReason)?.goodReason
    checks.push({
      provision: at('6.4', '6.15'),
      title: `Extension (stage ${stage})`,
      state: 'met',
      why: `Extended by ${plural(total, 'working day')} before the response was due: ${reasons}.${good ? ` Good reason for going beyond the usual limit: ${good}.` : ''}`,
    })
    checks.push({
      provision: at('6.5', '6.16'),
      title: `Ombudsman's details with the extension (stage ${stage})`,
      state: 'met',
      why: "The extension letter gave the Housing Ombudsman's contact details.",
    })
  }

  // Code 6.8: points raised after acknowledgement are answered in the stage 1 response.
  if (stage === 1 && c.pendingIssues.length && !record.response) {
    checks.push({
      provision: '6.8',
      title: 'Points raised since acknowledgement',
      state: 'due',
      why: `${plural(c.pendingIssues.length, 'point')} raised since acknowledgement, to be answered in the stage 1 response.`,
    })
  }

  // Code 6.9 / 6.19: the response in writing, with everything the Code lists.
  if (record.response) {
    checks.push({
      provision: at('6.9', '6.19'),
      title: `Response in writing (stage ${stage})`,
      state: 'met',
      why: `The response letter of ${day(record.response.on)} set out the decision on each point, the reasons, any remedy, the actions still to do and ${stage === 1 ? 'how to escalate' : 'how to refer the complaint to the Housing Ombudsman'}.`,
    })
  }

  // Code 6.6 / 6.17: the response when the answer is known; the actions still to do followed through.
  const actions = outstandingActions(c).filter((a) => a.stage === stage)
  if (actions.length) {
    const open = actions.filter((a) => !a.completed)
    const late = open.filter((a) => a.dueOn < today).sort((a, b) => a.dueOn.localeCompare(b.dueOn))
    const next = open.map((a) => a.dueOn).sort()[0]
    checks.push({
      provision: at('6.6', '6.17'),
      title: `Actions promised in the response (stage ${stage})`,
      state: late.length ? 'breached' : open.length ? 'due' : 'met',
      why: late.length
        ? `${plural(late.length, 'action')} past ${late.length === 1 ? 'its' : 'their'} date: ${late.map((a) => `${a.description} (due ${day(a.dueOn)})`).join('; ')}.`
        : open.length
          ? `${plural(open.length, 'action')} still to do; the next is due on ${day(next as CalendarDate)}.`
          : actions.length === 1
            ? 'The action is done.'
            : `All ${plural(actions.length, 'action')} done.`,
    })
  }
  return checks
}

/** The panel, in the Code's order. */
export function codePanel(input: CodePanelInput): ProvisionCheck[] {
  const { complaint: c, calendar, today } = input
  const checks: ProvisionCheck[] = []

  // Code 6.1: which complaints can be answered early and which need investigating.
  if (c.triage.confirmed) {
    checks.push({
      provision: '6.1',
      title: 'Priority considered',
      state: 'met',
      why: `Confirmed as ${priorityLabels[c.triage.confirmed.priority].toLowerCase()}${c.triage.confirmed.reason ? `: ${c.triage.confirmed.reason}` : ''}.`,
    })
  } else if (
    c.triage.suggested &&
    !c.stages[1].response &&
    c.state !== 'withdrawn' &&
    c.state !== 'not_accepted'
  ) {
    checks.push({
      provision: '6.1',
      title: 'Priority considered',
      state: 'due',
      why: `Suggested as ${priorityLabels[c.triage.suggested.priority].toLowerCase()} when logged; a handler is to confirm or change it.`,
    })
  }

  // Code 2.4 / 5.11: a complaint or an escalation refused, with the explanation given.
  if (c.refusal) {
    checks.push({
      provision: c.refusal.refusing === 'complaint' ? '2.4' : '5.11',
      title: c.refusal.refusing === 'complaint' ? 'Complaint not accepted' : 'Escalation refused',
      state: 'met',
      why: `Decided on ${day(londonDateOf(c.refusal.at))} (${c.refusal.reason}); the explanation was sent to the resident.`,
    })
  }

  for (const d of input.deadlines) checks.push(clockCheck(d, c, calendar))
  checks.push(...stageChecks(c, 1, today), ...stageChecks(c, 2, today))

  // Code 6.13: stage 2 considered by someone other than the stage 1 handler.
  const second = c.stages[2]
  if (second) {
    // Everyone who considered stage 1: its handlers (reassigned ones too) and who responded.
    const considered = second.handlerId ? stage1Considerers(c).has(second.handlerId) : false
    checks.push({
      provision: '6.13',
      title: 'A different person at stage 2',
      state: !second.handlerId ? 'due' : considered ? 'breached' : 'met',
      why: !second.handlerId
        ? 'No stage 2 handler yet: assign someone who did not consider stage 1.'
        : considered
          ? 'The stage 2 handler considered the complaint at stage 1.'
          : 'The stage 2 handler did not consider stage 1.',
    })
  }

  // Code 5.9: the resident kept updated at the interval agreed while a stage is considered.
  // The Code requires the updates once the response will fall outside its timescales (extended,
  // or overdue); before that a missed update is against the landlord's own interval: at risk.
  const u = input.residentUpdate
  if (u) {
    const record = c.stages[c.stage]
    const late =
      Boolean(record?.extensions.length) ||
      input.deadlines.some(
        (d) => d.status === 'overdue' && (d.key === 'stage1Response' || d.key === 'stage2Response'),
      )
    const left = u.status === 'due' ? u.workingDaysLeft : 0
    checks.push({
      provision: '5.9',
      title: 'Updates to the resident',
      state:
        u.status === 'overdue'
          ? late
            ? 'breached'
            : 'at_risk'
          : left <= AT_RISK_WORKING_DAYS
            ? 'at_risk'
            : 'due',
      why:
        u.status === 'overdue'
          ? `An update was due on ${day(u.due)}: ${plural(u.workingDaysOverdue, 'working day')} overdue${late ? ', while the response is extended or late' : ', against the interval agreed'}.`
          : `The next update is due by ${day(u.due)}, every ${plural(u.workingDays, 'working day')}.`,
    })
  }

  // Code 7.3: remedies offered are done, and on time.
  const owed = input.remedies.filter((r) => r.status !== 'superseded' && r.status !== 'declined')
  if (owed.length) {
    const late = owed.filter((r) => r.overdue)
    const open = owed.filter((r) => r.outstanding)
    checks.push({
      provision: '7.3',
      title: 'Remedies put right',
      state: late.length ? 'breached' : open.length ? 'due' : 'met',
      why: late.length
        ? `${plural(late.length, 'remedy', 'remedies')} not done by the date promised: ${late.map((r) => `${r.label} (due ${day(r.dueOn)})`).join('; ')}.`
        : open.length
          ? `${plural(open.length, 'remedy', 'remedies')} still to do; the next is due on ${day(open.map((r) => r.dueOn).sort()[0] as CalendarDate)}.`
          : owed.length === 1
            ? 'The remedy is done.'
            : `All ${plural(owed.length, 'remedy', 'remedies')} done.`,
    })
  }

  return checks.sort((a, b) => provisionOrder(a.provision) - provisionOrder(b.provision))
}

const provisionOrder = (p: string) => {
  const [section, item] = p.split('.').map(Number)
  return (section ?? 0) * 100 + (item ?? 0)
}

/** How many provisions stand in each state, for the panel's summary line. */
export function panelSummary(checks: ProvisionCheck[]): Record<ProvisionState, number> {
  const counts = Object.fromEntries(provisionStates.map((s) => [s, 0])) as Record<ProvisionState, number>
  for (const c of checks) counts[c.state] += 1
  return counts
}
