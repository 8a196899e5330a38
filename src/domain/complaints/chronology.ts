import { formatDateInWords } from '../calendar/calendarDate.js'
import { addressLines } from '../letters/postalAddress.js'
import { remedyInWords, remedyOffered } from '../remedies/followThrough.js'
import { adjustmentsInWords, preferredContactLabels, updateFrequencyLabels } from '../residents/needs.js'
import { plural } from '../text/plural.js'
import { priorityLabels } from '../triage/triage.js'
import type { Complaint } from './complaint.js'
import {
  type ComplaintEvent,
  type ConflictOfInterest,
  type InvolvedPerson,
  linkReasonLabels,
} from './events.js'
import { letterTitle } from './letters.js'
import { decisionLabels, remedyLabels, tenureLabels } from './vocabulary.js'

export const letterName = letterTitle

/**
 * Code 5.8: the handler's declaration in words, and whether it is missing (an assignment made
 * without the question answered, which is evidence the landlord lacks).
 */
export function conflictOfInterestInWords(ci: ConflictOfInterest | undefined): {
  text: string
  missing: boolean
} {
  if (ci?.declared === 'none')
    return { text: 'No conflict of interest declared by the handler', missing: false }
  if (ci?.declared === 'conflict')
    return {
      text: `Conflict of interest: ${ci.conflict}. How it is handled: ${ci.howHandled}`,
      missing: false,
    }
  return {
    text: 'Not declared: no record that the handler was asked about a conflict of interest',
    missing: true,
  }
}

/** Code 6.20: who was involved in a stage 2 response, in words, and whether it is missing. */
export function involvedInWords(involved: InvolvedPerson[] | undefined): { text: string; missing: boolean } {
  if (!involved?.length)
    return { text: 'Not recorded: who was involved in the final response', missing: true }
  return { text: involved.map((p) => `${p.name} (${p.role})`).join('; '), missing: false }
}

/**
 * One line of the case's chronology: what happened, in the words of the Code, and any detail.
 * The staff timeline and the Ombudsman's evidence pack both read it.
 */
export function describeEvent(
  e: ComplaintEvent,
  c: Complaint,
  names: Map<string, string>,
): { label: string; detail: string[] } {
  const who = (id: string | null | undefined) =>
    id ? (names.get(id) ?? 'a former member of staff') : 'nobody'
  switch (e.type) {
    case 'complaint.received':
      return {
        label: `Complaint received by ${e.channel.replace('_', ' ')}`,
        detail: [
          e.description,
          ...(e.representative
            ? [
                `Made by ${e.representative.name} (${e.representative.relationship}) ${e.representative.consent.given ? 'with the resident’s consent' : 'without the resident’s consent yet (Code 1.3)'}`,
              ]
            : []),
          ...(e.linkedFrom
            ? [
                `New issues from ${e.linkedFrom.reference}${e.linkedFrom.reason ? `: ${linkReasonLabels[e.linkedFrom.reason].toLowerCase()}` : ''}${e.linkedFrom.note ? ` (${e.linkedFrom.note})` : ''}`,
              ]
            : []),
          ...(e.issueOccurredOn ? [`The issue happened on ${formatDateInWords(e.issueOccurredOn)}`] : []),
          ...(e.residentAwareOn
            ? [`The resident became aware of it on ${formatDateInWords(e.residentAwareOn)}`]
            : []),
          ...(e.adjustments ? [`Adjustments asked for: ${adjustmentsInWords(e.adjustments)}`] : []),
          ...(e.updatePreference
            ? [
                `Wants to hear from us ${preferredContactLabels[e.updatePreference.method].toLowerCase()}, ${updateFrequencyLabels[e.updatePreference.frequency].toLowerCase()}`,
              ]
            : []),
          ...(e.triage
            ? [
                `Triage suggested (Code 6.1): ${priorityLabels[e.triage.priority].toLowerCase()} priority${e.triage.flags.length ? `; ${e.triage.flags.map((f) => `${f.flag} (${f.reasons.join('; ')})`).join('; ')}` : ', no flags'}`,
              ]
            : []),
        ],
      }
    case 'complaint.acknowledged':
      return {
        label: `Acknowledged, defined and logged at stage ${e.stage}`,
        detail: [
          `Handler: ${who(e.handlerId)}`,
          ...e.definition.issues.map((i) => `Issue: ${i.summary}`),
          ...e.definition.outcomesSought.map((o) => `Outcome sought: ${o}`),
          ...e.definition.notResponsibleFor.map((n) => `Not the landlord’s to resolve: ${n}`),
          ...(e.discretion ? [`Accepted outside the 12-month limit: ${e.discretion.reason}`] : []),
          `Code 5.8: ${conflictOfInterestInWords(e.conflictOfInterest).text}`,
          ...(e.updateIntervalAgreed
            ? [`Updates every ${plural(e.updateIntervalDays ?? 0, 'working day')}, agreed with the resident`]
            : e.updateIntervalDays
              ? [
                  `Updates every ${plural(e.updateIntervalDays, 'working day')}: the default, not agreed with the resident`,
                ]
              : []),
        ],
      }
    case 'complaint.assigned':
      return {
        label: `Stage ${e.stage} assigned to ${who(e.handlerId)}`,
        detail: [
          ...(e.previousHandlerId ? [`Previously ${who(e.previousHandlerId)}`] : []),
          `Code 5.8: ${conflictOfInterestInWords(e.conflictOfInterest).text}`,
        ],
      }
    case 'complaint.extended':
      return {
        label: `Stage ${e.stage} response extended by ${plural(e.workingDays, 'working day')}`,
        detail: [
          `Reason: ${e.reason}`,
          ...(e.goodReason ? [`Good reason for a longer extension: ${e.goodReason}`] : []),
        ],
      }
    case 'complaint.issue_added':
      return { label: 'Issue added to the complaint', detail: [e.issue.summary] }
    case 'complaint.responded':
      return {
        label: `Stage ${e.stage} response: ${decisionLabels[e.decision].toLowerCase()}`,
        detail: [
          e.reasons,
          // Code 6.7, 6.18: the decision on each issue, with its own reasons where given.
          ...e.issueDecisions.map((d) => {
            const issue = c.stages[e.stage]?.definition?.issues.find((i) => i.id === d.issueId)
            return `Decision on “${issue?.summary ?? 'an issue'}”: ${decisionLabels[d.decision].toLowerCase()}${d.reasons && d.reasons !== e.reasons ? `. ${d.reasons}` : ''}`
          }),
          ...e.remedies.map(
            (r) =>
              `Remedy: ${remedyLabels[r.type]}${r.amount !== undefined ? ` £${r.amount.toFixed(2)}` : ''}${r.description ? ` (${r.description})` : ''}${r.replaces ? `, replacing the stage 1 remedy (${remedyNamed(c, r.replaces.remedyId).toLowerCase()}): ${r.replaces.why}` : ''}`,
          ),
          ...e.outstandingActions.map(
            (a) => `Outstanding action: ${a.description}, due ${formatDateInWords(a.dueOn)}`,
          ),
          ...(e.stage === 2 ? [`Involved (Code 6.20): ${involvedInWords(e.involved).text}`] : []),
        ],
      }
    case 'complaint.escalation_requested':
      return {
        label: 'Resident asked for stage 2',
        detail: [
          ...(e.how ? [`Asked by ${e.how}`] : []),
          ...(e.residentReason ? [`They said: ${e.residentReason}`] : []),
        ],
      }
    case 'complaint.refused':
      return {
        label: e.refusing === 'escalation' ? 'Escalation refused' : 'Complaint not accepted',
        detail: [
          `Ground: ${e.reason.replaceAll('_', ' ')}`,
          e.explanation,
          ...(e.discretion
            ? [`Discretion to accept it considered (Code 2.3) and not used: ${e.discretion.whyNotExercised}`]
            : []),
          ...(e.issueOccurredOn ? [`The issue happened on ${formatDateInWords(e.issueOccurredOn)}`] : []),
          ...(e.residentAwareOn
            ? [`The resident became aware of it on ${formatDateInWords(e.residentAwareOn)}`]
            : []),
        ],
      }
    case 'complaint.withdrawn':
      return {
        label: 'Withdrawn by the resident',
        detail: [`Told us by ${e.how}`, ...(e.note ? [e.note] : [])],
      }
    case 'complaint.resident_updated':
      return { label: `Resident updated (${e.method.replace('_', ' ')})`, detail: [e.summary] }
    case 'complaint.outstanding_action_rescheduled': {
      const action = [c.stages[1], c.stages[2]]
        .flatMap((s) => s?.response?.outstandingActions ?? [])
        .find((a) => a.id === e.actionId)
      return {
        label: `Outstanding action moved to ${formatDateInWords(e.dueOn)}`,
        detail: [action?.description ?? '', `Why: ${e.reason}`],
      }
    }
    case 'complaint.consent_recorded':
      return { label: 'Resident’s consent for their representative recorded', detail: [e.how] }
    case 'complaint.closed':
      return { label: 'Complaint closed', detail: e.note ? [e.note] : [] }
    case 'complaint.note_added':
      return { label: 'Note', detail: [e.text] }
    case 'complaint.imported':
      return {
        label: 'Imported from the earlier system',
        detail: [
          `Its reference there: ${e.legacyReference}`,
          `From the file ${e.fileName}, by ${who(e.by)}; every date above is the one the earlier system recorded`,
        ],
      }
    case 'complaint.learning_recorded':
      return { label: `Learning recorded for stage ${e.stage}`, detail: [e.learning] }
    case 'complaint.information_added':
      return { label: 'Information added by the resident online', detail: [e.text] }
    case 'complaint.contact_recorded':
      return {
        label: `${e.direction === 'incoming' ? 'Contact from the resident' : 'Contact with the resident'} (${e.method.replace('_', ' ')})`,
        detail: [e.summary],
      }
    case 'complaint.outstanding_action_completed': {
      const action = [c.stages[1], c.stages[2]]
        .flatMap((s) => s?.response?.outstandingActions ?? [])
        .find((a) => a.id === e.actionId)
      return {
        label: 'Outstanding action completed',
        detail: [action?.description ?? '', ...(e.note ? [e.note] : [])],
      }
    }
    case 'complaint.triaged':
      return {
        label: `Triage confirmed: ${priorityLabels[e.priority].toLowerCase()} priority`,
        detail: [
          e.flags.length ? `Flags: ${e.flags.join(', ')}` : 'No flags',
          ...(e.reason ? [`Why: ${e.reason}`] : []),
        ],
      }
    case 'complaint.postal_address_recorded':
      return {
        label: `Postal address recorded for the ${e.whose}`,
        detail: [addressLines(e.address, e.postcode).join(', ')],
      }
    case 'complaint.tenure_recorded':
      return { label: `Tenure recorded: ${tenureLabels[e.tenure]}`, detail: [] }
    case 'complaint.remedy_answered':
      return {
        label: `The resident ${e.answer} a remedy offered at stage ${remedyStage(e.remedyId)}`,
        detail: [
          `${remedyNamed(c, e.remedyId)}, answered on ${formatDateInWords(e.on)}`,
          ...(e.note ? [e.note] : []),
        ],
      }
    case 'complaint.remedy_done':
      return {
        label: `A remedy offered at stage ${remedyStage(e.remedyId)} ${e.payment ? 'paid' : 'done'}`,
        detail: [
          `${remedyNamed(c, e.remedyId)}, on ${formatDateInWords(e.on)}`,
          ...(e.payment?.offsetAgainstArrears
            ? [
                `£${e.payment.offsetAgainstArrears.toFixed(2)} of it set against rent arrears, with the resident’s agreement`,
              ]
            : []),
          ...(e.note ? [e.note] : []),
        ],
      }
    case 'complaint.document_attached':
      return { label: `Document attached: ${e.filename}`, detail: e.description ? [e.description] : [] }
    case 'complaint.letter_issued':
      return { label: `${letterName(e.kind)} ${e.reissueOf ? 'reissued' : 'issued'}`, detail: [] }
  }
}

/** A remedy by its id ("2-1": stage 2, the first remedy offered), in words. */
function remedyNamed(c: Complaint, id: string): string {
  const r = remedyOffered(c, id)
  return r ? remedyInWords(r) : 'A remedy'
}

/** The stage whose response offered a remedy (its id is "stage-number"), for people to read. */
const remedyStage = (id: string) => Number(id.split('-')[0]) || 1
