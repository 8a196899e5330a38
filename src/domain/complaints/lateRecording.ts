import { type CalendarDate, formatLongDate, londonDateOf } from '../calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { type ActorRole, Problems } from '../rules.js'
import { can } from '../staff/roles.js'
import type { Complaint } from './complaint.js'
import type { LateRecording } from './events.js'

/** What a person gives when recording late (api-v1 Conventions, third release). */
export type LateRecordingInput = {
  recordedLateReason?: string
  sentLetterDocumentId?: string
  evidenceDocumentId?: string
}

/** The landlord's tolerance, in working days, unless it sets another (api-v1). */
export const DEFAULT_LATE_RECORDING_DAYS = 2

/** Working days from the day something happened to the day it was recorded (0 the same day). */
export function workingDaysLate(at: Date, recordedAt: Date, calendar: WorkingDayCalendar): number {
  const on = londonDateOf(at)
  const recordedOn = londonDateOf(recordedAt)
  return recordedOn > on ? calendar.workingDaysBetween(on, recordedOn) : 0
}

const documentIds = (c: Complaint) =>
  new Set(c.events.flatMap((e) => (e.type === 'complaint.document_attached' ? [e.documentId] : [])))

/**
 * Whether an action dated `at` and recorded `now` is recorded late, and if so what it must carry:
 * a reason always; a response, the letter actually sent (it was not sent by this service).
 * Throws, naming every missing field at once; undefined when it is recorded in time.
 */
export function decideLateRecording(
  c: Complaint,
  what: { at: Date; now: Date; isResponse: boolean },
  input: LateRecordingInput,
  rules: { calendar: WorkingDayCalendar; toleranceDays: number },
): LateRecording | undefined {
  const days = workingDaysLate(what.at, what.now, rules.calendar)
  if (days <= rules.toleranceDays) return undefined
  const problems = new Problems()
  const when = formatLongDate(londonDateOf(what.at))
  const reason = input.recordedLateReason?.trim()
  if (!reason)
    problems.add(
      'recordedLateReason',
      `This is being recorded ${days} working days after ${when}, more than the ${rules.toleranceDays} allowed: say why it is recorded only now`,
    )
  const sent = input.sentLetterDocumentId
  if (what.isResponse) {
    if (!sent)
      problems.add(
        'sentLetterDocumentId',
        `This response was sent ${days} working days ago, so this service did not send it: attach a copy of the letter you sent to the case, and choose it`,
      )
    else if (!documentIds(c).has(sent))
      problems.add(
        'sentLetterDocumentId',
        'The letter actually sent must be a document attached to this case',
      )
  }
  problems.throwIfAny()
  return {
    reason: reason as string,
    workingDays: days,
    ...(what.isResponse && sent ? { sentLetterDocumentId: sent } : {}),
  }
}

/**
 * Code 6.4, 6.15: an extension is agreed before the deadline it moves. Recorded after that
 * deadline has passed it is refused, whatever date it claims, unless a senior lead confirms it
 * with the evidence (a letter or note on the case) that it was agreed in time. Adds what is
 * wrong to `problems`; returns the evidence when the deadline has passed and it is given.
 */
export function checkExtensionRecordedInTime(
  c: Complaint,
  what: { due: CalendarDate; recordedOn: CalendarDate; role: ActorRole },
  evidenceDocumentId: string | undefined,
  problems: Problems,
): string | undefined {
  if (what.recordedOn <= what.due) return undefined
  const provision = c.stage === 1 ? '6.4' : '6.15'
  const passed = `the stage ${c.stage} response was due on ${formatLongDate(what.due)}, which has passed`
  if (what.role === 'resident' || !can(what.role, 'confirmLateExtensions'))
    problems.add(
      'extendedAt',
      `Code ${provision}: an extension must be agreed before the deadline it moves, and ${passed}. Whatever date it was agreed, only a senior lead can record it now, with the evidence that it was agreed in time`,
      provision,
    )
  else if (!evidenceDocumentId)
    problems.add(
      'evidenceDocumentId',
      `Code ${provision}: ${passed}. Attach the letter or note showing the extension was agreed in time, and choose it as the evidence`,
      provision,
    )
  else if (!documentIds(c).has(evidenceDocumentId))
    problems.add('evidenceDocumentId', 'The evidence must be a document attached to this case', provision)
  else return evidenceDocumentId
  return undefined
}
