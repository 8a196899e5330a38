import {
  conflictOfInterestInWords,
  describeEvent,
  involvedInWords,
  letterName,
} from '../../../domain/complaints/chronology.js'
import type { Complaint, StageRecord } from '../../../domain/complaints/complaint.js'
import { updateIntervalOf } from '../../../domain/complaints/deadlines.js'
import { type Action, transitions } from '../../../domain/complaints/workflow.js'
import { plural } from '../../../domain/text/plural.js'

/** An action form as the case page offers it: its path, its action, and when else it is offered. */
export type OfferedForm<V> = { path: string; action: Action; offered?: (v: V) => boolean; done: string }

/**
 * The actions the case page offers: each form whose action the workflow allows now (and that is
 * offered for this case), then attaching a document, where allowed.
 */
export function caseActions<V extends { allowedActions: readonly Action[] }>(forms: OfferedForm<V>[], v: V) {
  return forms
    .filter((f) => v.allowedActions.includes(f.action) && (f.offered?.(v) ?? true))
    .map((f) => ({ path: f.path, label: transitions[f.action].label }))
    .concat(
      v.allowedActions.includes('attachDocument')
        ? [{ path: 'document', label: transitions.attachDocument.label }]
        : [],
    )
}

/** The notice after something was done on the case (`?done=`): a letter reissued, the complaint logged, or a form's own. */
export function caseNotice<V>(done: string | undefined, reference: string, forms: OfferedForm<V>[]) {
  if (done === 'reissued')
    return 'Letter reissued: the new letter says which one it replaces, and has been sent the same way.'
  if (done === 'logged')
    return `Complaint ${reference} logged. Acknowledge and define it within the working days shown below.`
  if (done === 'email')
    return 'The email from the inbox is added to the case’s history, with its attachments.'
  return forms.find((f) => f.path === done)?.done
}

/** Each letter on the case with its name, and how it went: the emails sent with it, and the post. */
export const caseLetters = <
  L extends { id: string; kind: string },
  E extends { letterId: string | null },
  P extends { letterId: string },
>(
  letters: L[],
  deliveries: { messages: E[]; postal: P[] },
) =>
  letters.map((l) => ({
    ...l,
    name: letterName(l.kind),
    emails: deliveries.messages.filter((m) => m.letterId === l.id),
    post: deliveries.postal.find((p) => p.letterId === l.id),
  }))

/** Each document on the case with its size in KB (at least 1) and who uploaded it. */
export const caseDocuments = <D extends { size: number; uploadedBy: string | null }>(
  documents: D[],
  staffNames: Map<string, string>,
) =>
  documents.map((d) => ({
    ...d,
    kb: Math.max(1, Math.round(d.size / 1024)),
    uploadedByName: d.uploadedBy ? (staffNames.get(d.uploadedBy) ?? 'Unknown') : 'Unknown',
  }))

/**
 * The case's history, newest first, in words: who did each thing (staff, the resident online, or
 * the system), and whether it was recorded over an hour after it happened or declared late.
 */
export const caseTimeline = (c: Complaint, staffNames: Map<string, string>) =>
  [...c.events].reverse().map((e) => ({
    ...describeEvent(e, c, staffNames),
    at: e.at,
    recordedAt: e.recordedAt,
    by: e.by ? (staffNames.get(e.by) ?? 'Unknown') : e.byResident ? 'The resident, online' : 'System',
    late: e.recordedAt.getTime() - e.at.getTime() > 3_600_000,
    recordedLate: e.recordedLate,
  }))

/** How many recordings were declared late: one action can write several events (a response and its learning), counted once. */
export const recordedLateCount = (events: readonly { recordedLate?: unknown; recordedAt: Date }[]) =>
  new Set(events.filter((e) => e.recordedLate).map((e) => e.recordedAt.getTime())).size

/**
 * What each stage records for the Code beyond its definition: the handler's conflict of interest
 * (5.8), how often the resident is updated and whether they agreed it (5.9), and who was involved
 * in the final response (6.20). A gap reads as missing, never as "none".
 */
export function stageEvidence(c: Pick<Complaint, 'stages'>) {
  const of = (s: StageRecord | undefined) =>
    s && {
      conflict: conflictOfInterestInWords(s.conflictOfInterest),
      updateInterval: s.acknowledgedOn
        ? s.updateIntervalAgreed
          ? `Every ${plural(updateIntervalOf(s), 'working day')}, agreed with the resident`
          : `Every ${plural(updateIntervalOf(s), 'working day')}: the default (not agreed with the resident)`
        : 'Not yet set',
      involved: involvedInWords(s.response?.involved),
    }
  return { 1: of(c.stages[1]), 2: of(c.stages[2]) }
}
