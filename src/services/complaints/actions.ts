import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { listsRepository } from '../../db/repositories/lists.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { currentStageRecord, foldComplaint } from '../../domain/complaints/complaint.js'
import { complaintDeadlines } from '../../domain/complaints/deadlines.js'
import {
  type ConflictOfInterestInput,
  decideAcknowledge,
  decideAddIssue,
  decideExtend,
  decideReassign,
  decideRespond,
} from '../../domain/complaints/decisions/considering.js'
import {
  decideClose,
  decideCompleteAction,
  decideEscalation,
  decideRecordConsent,
  decideRefuse,
  decideRescheduleAction,
  decideWithdraw,
  type RefusalInput,
} from '../../domain/complaints/decisions/outcomes.js'
import {
  decideAttachDocument,
  decideContact,
  decideLearning,
  decideNote,
  decidePostalAddress,
  decideResidentUpdate,
  decideTenure,
} from '../../domain/complaints/decisions/record.js'
import { checkDocument } from '../../domain/complaints/documents.js'
import type { ComplaintEvent, LetterKind } from '../../domain/complaints/events.js'
import type { LateRecordingInput } from '../../domain/complaints/lateRecording.js'
import { actionTime } from '../../domain/complaints/workflow.js'
import { isEarlierCode } from '../../domain/policy/timescales.js'
import { WorkflowError } from '../../domain/rules.js'
import { can } from '../../domain/staff/roles.js'

import type { Actor, CaseworkEngine, ComplaintsDeps } from './casework.js'

/** Every action on a case, each a domain decision recorded through the casework engine. */
export function caseActions(deps: ComplaintsDeps, engine: CaseworkEngine) {
  const { db } = deps
  const { handlerFor, act } = engine
  return {
    acknowledge(
      id: string,
      actor: Actor,
      input: LateRecordingInput & {
        acknowledgedAt?: Date
        handlerId?: string
        definition: { issues: string[]; outcomesSought: string[]; notResponsibleFor?: string[] }
        discretion?: { reason: string }
        updateIntervalDays?: number
        updateIntervalAgreed?: boolean
        conflictOfInterest?: ConflictOfInterestInput
        version?: number
      },
    ) {
      return act(id, actor, input.version, async (c, ctx, r) => {
        const at = actionTime(c, input.acknowledgedAt, ctx.now, 'acknowledgedAt')
        const handler = await handlerFor(input.handlerId ?? actor.id)
        const event = decideAcknowledge(
          c,
          {
            handler,
            definition: input.definition,
            discretion: input.discretion,
            // Code 5.9: the interval agreed with the resident, or the landlord's policy for it.
            updateIntervalDays: input.updateIntervalDays,
            updateIntervalAgreed: input.updateIntervalAgreed,
            policyUpdateDays: r.policyOf(currentStageRecord(c).policyVersion).residentUpdateDays,
            conflictOfInterest: input.conflictOfInterest,
          },
          ctx,
        )
        return {
          events: [event],
          at,
          late: input,
          letter: c.state === 'received' ? 'acknowledgement' : 'stage2_acknowledgement',
        }
      })
    },

    reassign(
      id: string,
      actor: Actor,
      input: { handlerId: string; conflictOfInterest?: ConflictOfInterestInput; version?: number },
    ) {
      return act(id, actor, input.version, async (c, ctx) => {
        const handler = await handlerFor(input.handlerId)
        return {
          events: [decideReassign(c, handler, ctx, input.conflictOfInterest)],
          at: actionTime(c, undefined, ctx.now, 'at'),
        }
      })
    },

    extend(
      id: string,
      actor: Actor,
      input: LateRecordingInput & {
        workingDays: number
        reason: string
        goodReason?: string
        extendedAt?: Date
        version?: number
      },
    ) {
      return act(id, actor, input.version, (c, ctx, r) => {
        const at = actionTime(c, input.extendedAt, ctx.now, 'extendedAt')
        const policy = r.policyOf(currentStageRecord(c).policyVersion)
        const key = c.stage === 1 ? 'stage1Response' : 'stage2Response'
        const current = complaintDeadlines(c, r.policyOf, r.calendar, r.today).find((d) => d.key === key)
        const limits = {
          maxExtensionDays: c.stage === 1 ? policy.stage1MaxExtensionDays : policy.stage2MaxExtensionDays,
          currentDue: current?.due ?? londonDateOf(at),
          extendedOn: londonDateOf(at),
          recordedOn: r.today,
          earlierCode: isEarlierCode(currentStageRecord(c).policyVersion),
        }
        return { events: [decideExtend(c, input, limits, ctx)], at, late: input, letter: 'extension' }
      })
    },

    addIssue(id: string, actor: Actor, input: { summary: string; version?: number }) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideAddIssue(c, input.summary, ctx)],
        at: actionTime(c, undefined, ctx.now, 'at'),
      }))
    },

    respond(
      id: string,
      actor: Actor,
      input: Parameters<typeof decideRespond>[1] &
        LateRecordingInput & {
          respondedAt?: Date
          version?: number
          /** Code 9.1: the learning, recorded with the response (or later, on its own). */
          learning?: { rootCauses: string[]; serviceArea?: string; learning?: string }
        },
    ) {
      return act(id, actor, input.version, async (c, ctx) => {
        const at = actionTime(c, input.respondedAt, ctx.now, 'respondedAt')
        const stage = c.stage
        // Each outstanding action's owner must be someone who can see it through.
        for (const owner of new Set(
          (input.outstandingActions ?? []).flatMap((a) => (a.ownerId ? [a.ownerId] : [])),
        ))
          await handlerFor(owner)
        const responded = decideRespond(c, input, londonDateOf(at), ctx)
        const learned = input.learning
          ? decideLearning(
              // The learning is decided on the complaint as the response leaves it.
              foldComplaint(c.id, [
                ...c.events,
                { ...responded, seq: c.version + 1, at, recordedAt: ctx.now, by: actor.id } as ComplaintEvent,
              ]),
              { stage, ...input.learning },
              {
                rootCauses: await listsRepository(db).rootCauses(),
                categories: await complaintsRepository(db).categories(),
              },
              ctx,
            )
          : undefined
        return {
          events: learned ? [responded, learned] : [responded],
          at,
          late: input,
          letter: stage === 1 ? 'stage1_response' : 'stage2_response',
        }
      })
    },

    requestEscalation(
      id: string,
      actor: Actor,
      input: LateRecordingInput & {
        requestedAt?: Date
        how?: string
        residentReason?: string
        version?: number
      },
    ) {
      return act(id, actor, input.version, async (c, ctx) => {
        const at = actionTime(c, input.requestedAt, ctx.now, 'requestedAt')
        const policyVersion = (await deps.policy.inForceOn(londonDateOf(at))).version
        return { events: [decideEscalation(c, input, policyVersion, ctx)], at, late: input }
      })
    },

    refuse(
      id: string,
      actor: Actor,
      input: LateRecordingInput &
        RefusalInput & {
          refusedAt?: Date
          version?: number
        },
    ) {
      return act(id, actor, input.version, async (c, ctx) => {
        const at = actionTime(c, input.refusedAt, ctx.now, 'refusedAt')
        const grounds = (await complaintsRepository(db).exclusionGrounds()).filter((g) => g.active)
        return { events: [decideRefuse(c, input, grounds, ctx)], at, late: input, letter: 'refusal' }
      })
    },

    withdraw(
      id: string,
      actor: Actor,
      input: LateRecordingInput & { how: string; note?: string; withdrawnAt?: Date; version?: number },
    ) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideWithdraw(c, input, ctx)],
        at: actionTime(c, input.withdrawnAt, ctx.now, 'withdrawnAt'),
        late: input,
      }))
    },

    /** Code 1.3: the resident's consent for their representative, given after the complaint was logged. */
    recordConsent(
      id: string,
      actor: Actor,
      input: LateRecordingInput & { how: string; consentAt?: Date; version?: number },
    ) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideRecordConsent(c, input, ctx)],
        at: actionTime(c, input.consentAt, ctx.now, 'consentAt'),
        late: input,
      }))
    },

    close(
      id: string,
      actor: Actor,
      input: LateRecordingInput & { note?: string; closedAt?: Date; version?: number },
    ) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideClose(c, input.note, ctx)],
        at: actionTime(c, input.closedAt, ctx.now, 'closedAt'),
        late: input,
      }))
    },

    completeAction(
      id: string,
      actor: Actor,
      input: LateRecordingInput & { actionId: string; note?: string; completedAt?: Date; version?: number },
    ) {
      // Code 7.3: the resident is told when a promised action is done.
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideCompleteAction(c, input, ctx)],
        at: actionTime(c, input.completedAt, ctx.now, 'completedAt'),
        late: input,
        letter: 'action_update' as const,
      }))
    },

    /** Code 7.3: a promised action that will be late: its new date and why, told to the resident. */
    rescheduleAction(
      id: string,
      actor: Actor,
      input: { actionId: string; dueOn: string; reason: string; version?: number },
    ) {
      return act(id, actor, input.version, (c, ctx, r) => ({
        events: [decideRescheduleAction(c, input, r.today, ctx)],
        at: actionTime(c, undefined, ctx.now, 'at'),
        letter: 'action_update' as const,
      }))
    },

    /** Code 9.1–9.3: why a stage's complaint arose, where, and what was learned. */
    recordLearning(
      id: string,
      actor: Actor,
      input: {
        stage?: number
        rootCauses: string[]
        serviceArea?: string
        learning?: string
        version?: number
      },
    ) {
      return act(id, actor, input.version, async (c, ctx) => ({
        events: [
          decideLearning(
            c,
            input,
            {
              rootCauses: await listsRepository(db).rootCauses(),
              categories: await complaintsRepository(db).categories(),
            },
            ctx,
          ),
        ],
        at: actionTime(c, undefined, ctx.now, 'at'),
      }))
    },

    /** The resident's tenure, recorded or corrected (the TSM count by it). */
    recordTenure(id: string, actor: Actor, input: { tenure?: string; version?: number }) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideTenure(c, input.tenure, ctx)],
        at: actionTime(c, undefined, ctx.now, 'at'),
      }))
    },

    /** Where letters are posted: the resident's or the representative's address, recorded or corrected. */
    recordPostalAddress(
      id: string,
      actor: Actor,
      input: { whose?: string; address?: string; postcode?: string; version?: number },
    ) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decidePostalAddress(c, input, ctx)],
        at: actionTime(c, undefined, ctx.now, 'at'),
      }))
    },

    addNote(id: string, actor: Actor, input: { text: string; version?: number }) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideNote(c, input.text, ctx)],
        at: actionTime(c, undefined, ctx.now, 'at'),
      }))
    },

    recordContact(
      id: string,
      actor: Actor,
      input: LateRecordingInput & {
        direction: 'incoming' | 'outgoing'
        method: string
        summary: string
        contactAt?: Date
        version?: number
      },
    ) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideContact(c, input, ctx)],
        at: actionTime(c, input.contactAt, ctx.now, 'contactAt'),
        late: input,
      }))
    },

    /**
     * Code 5.9: records an update given to the resident; by letter or email, the update letter
     * (what is happening, when the response is due, when the next update will come) is sent.
     */
    updateResident(
      id: string,
      actor: Actor,
      input: LateRecordingInput & { method: string; summary: string; updatedAt?: Date; version?: number },
    ) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideResidentUpdate(c, input, ctx)],
        at: actionTime(c, input.updatedAt, ctx.now, 'updatedAt'),
        late: input,
        ...(input.method === 'letter' || input.method === 'email' ? { letter: 'update' as const } : {}),
      }))
    },

    /**
     * Issues a letter again, written with today's wording and the case as it now is. The first
     * letter is never changed: the new one says which letter it replaces, and is sent the same way.
     */
    reissueLetter(id: string, actor: Actor, input: { letterId: string; version?: number }) {
      return act(id, actor, input.version, async (c, ctx) => {
        if (!can(actor.role, 'handleComplaints'))
          throw new WorkflowError('forbidden', 'Your role does not allow you to reissue letters')
        const first = (await complaintsRepository(db).letters(id)).find((l) => l.id === input.letterId)
        if (!first) throw new WorkflowError('rule', 'There is no such letter on this complaint', 'letterId')
        return {
          events: [],
          at: actionTime(c, undefined, ctx.now, 'at'),
          letter: first.kind as LetterKind,
          reissue: { id: first.id, issuedAt: first.issuedAt },
        }
      })
    },

    /** Attaches a document (Code 5.12), checked by name and content; it can never be changed or removed. */
    attachDocument(
      id: string,
      actor: Actor,
      input: {
        filename: string
        bytes: Uint8Array
        description?: string
        version?: number
        /** The id to give it, when another record refers to it (the Ombudsman's compliance). */
        documentId?: string
        /** Written with it, in the same transaction (that other record's event). */
        alsoInTransaction?: (trx: Kysely<DB>) => Promise<void>
      },
    ) {
      return act(id, actor, input.version, (c, ctx) => {
        const check = checkDocument(input.filename, input.bytes)
        if (!check.ok) throw new WorkflowError('rule', check.problem, 'file')
        const documentId = input.documentId ?? randomUUID()
        const event = decideAttachDocument(
          c,
          {
            documentId,
            filename: check.filename,
            contentType: check.contentType,
            size: input.bytes.length,
            description: input.description,
          },
          ctx,
        )
        return {
          events: [event],
          at: actionTime(c, undefined, ctx.now, 'at'),
          document: {
            id: documentId,
            filename: check.filename,
            contentType: check.contentType,
            bytes: input.bytes,
            description: input.description,
          },
          ...(input.alsoInTransaction
            ? {
                alsoInTransaction: (trx: Kysely<DB>) =>
                  (input.alsoInTransaction as (t: Kysely<DB>) => Promise<void>)(trx),
              }
            : {}),
        }
      })
    },
  }
}
