import type { CalendarDate } from '../calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { type Complaint, outstandingActions } from '../complaints/complaint.js'
import { type Deadline, openDeadline, type residentUpdateDue } from '../complaints/deadlines.js'
import type { ComplaintState } from '../complaints/vocabulary.js'
import type { Timescales } from '../policy/timescales.js'

/** Where a complaint is, in the words a resident would use (Code 3.1: easy to understand). */
export const residentStateWords: Record<ComplaintState, { title: string; text: string }> = {
  received: {
    title: 'We have received your complaint',
    text: 'We will contact you to confirm that we are looking into it, and to check we have understood what you are unhappy about.',
  },
  stage1: {
    title: 'We are looking into your complaint (stage 1)',
    text: 'A complaint handler is looking into what happened. They will write to you with our response.',
  },
  stage1_responded: {
    title: 'We have sent you our response (stage 1)',
    text: 'If you are not happy with our response, you can ask us to look at your complaint again (stage 2). You do not have to say why.',
  },
  stage2_requested: {
    title: 'You have asked us to look at your complaint again (stage 2)',
    text: 'Someone who was not involved in the first response will contact you to confirm what they will look at.',
  },
  stage2: {
    title: 'We are looking at your complaint again (stage 2)',
    text: 'Someone who was not involved in the first response is reviewing your complaint. They will write to you with our final response.',
  },
  stage2_responded: {
    title: 'We have sent you our final response (stage 2)',
    text: 'This is our final answer to your complaint. If you are still unhappy, you can ask the Housing Ombudsman to look at it.',
  },
  closed: {
    title: 'Your complaint is closed',
    text: 'We have finished dealing with your complaint. If something new goes wrong, you can make a new complaint.',
  },
  not_accepted: {
    title: 'We could not accept your complaint',
    text: 'We have written to you to explain why. You can ask the Housing Ombudsman to look at our decision.',
  },
  withdrawn: {
    title: 'Your complaint was withdrawn',
    text: 'You told us you no longer want us to look into this complaint. You can make a new complaint at any time.',
  },
}

const nextWords: Record<string, string> = {
  acknowledgement: 'We will confirm we are looking into your complaint',
  stage1Response: 'We will send you our response',
  stage2Acknowledgement: 'We will confirm what we will look at again at stage 2',
  stage2Response: 'We will send you our final response',
}

export type NextContact = { on: CalendarDate; what: string; late: boolean }

/**
 * The next date the resident will hear from the landlord: an update (Code 5.9) or the step the
 * Code's timescale is running to, whichever comes first. When the landlord is late, it says so.
 */
export function nextContact(
  deadlines: Deadline[],
  update: ReturnType<typeof residentUpdateDue>,
): NextContact | undefined {
  const open = openDeadline(deadlines)
  const step = open && {
    on: open.due,
    what: nextWords[open.key] ?? 'We will contact you',
    late: open.status === 'overdue',
  }
  const upd = update && {
    on: update.due,
    what: 'We will give you an update on progress',
    late: update.status === 'overdue',
  }
  if (step && !step.late && (!upd || step.on <= upd.on)) return step
  if (upd && !upd.late) return upd
  return step ?? upd
}

/** The outstanding actions promised in a response, as the resident sees them (Code 6.6, 6.17). */
export function promisedActions(c: Complaint, today: CalendarDate) {
  return outstandingActions(c).map((a) => ({
    description: a.description,
    dueOn: a.dueOn,
    status: a.completed ? ('done' as const) : a.dueOn < today ? ('late' as const) : ('to_do' as const),
    doneOn: a.completed?.at,
    movedBecause: a.rescheduled?.reason,
  }))
}

/**
 * What happens next if a complaint is sent today, worked out from the landlord's timescales and
 * the working-day calendar (Code 6.2, 6.3): the latest dates, as the Code's clocks count them.
 */
export function whatHappensNext(today: CalendarDate, t: Timescales, calendar: WorkingDayCalendar) {
  const acknowledgeBy = calendar.addWorkingDays(today, t.acknowledgeDays)
  return {
    acknowledgeDays: t.acknowledgeDays,
    stage1ResponseDays: t.stage1ResponseDays,
    stage2AcknowledgeDays: t.stage2AcknowledgeDays,
    stage2ResponseDays: t.stage2ResponseDays,
    residentUpdateDays: t.residentUpdateDays,
    acknowledgeBy,
    respondBy: calendar.addWorkingDays(acknowledgeBy, t.stage1ResponseDays),
  }
}
