import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { entitiesRepository } from '../../db/repositories/entities.js'
import { intakeRepository } from '../../db/repositories/intake.js'
import { writeTogether } from '../../db/repositories/writeTogether.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf, yearOf } from '../../domain/calendar/calendarDate.js'
import { type Complaint, foldComplaint } from '../../domain/complaints/complaint.js'
import { complaintDeadlines, type Deadline } from '../../domain/complaints/deadlines.js'
import type { ComplaintEvent, ComplaintEventData } from '../../domain/complaints/events.js'
import {
  decideReceive,
  decideStaffIntake,
  formatReference,
  type IntakeInput,
  type StaffIntake,
} from '../../domain/complaints/intake.js'
import { isUuid } from '../../domain/ids.js'
import { addressKeyOf } from '../../domain/people/person.js'
import { Problems, WorkflowError } from '../../domain/rules.js'
import { mayHandleComplaints } from '../../domain/staff/roles.js'
import { repeatWindowStart, suggestTriage } from '../../domain/triage/triage.js'
import { conflict, refused, ruleBroken } from '../../errors.js'
import { residentRecordForComplaint, tenancyOf } from '../people/people.js'
import { newComplaintFacts } from '../reports/facts.js'
import { complaintWebhookWrites } from '../webhooks/outbox.js'

import {
  type Actor,
  type CaseActor,
  type CaseworkEngine,
  type ComplaintsDeps,
  type ComplaintView,
  eventData,
  projectionOf,
  storeDocument,
} from './casework.js'

/** Another request holding the same Idempotency-Key (or the same online draft) committed first. */
class IdempotencyKeyTaken extends Error {}

/** A file that arrives with the complaint (from the online form), attached as it is logged. */
export type ArrivingDocument = {
  filename: string
  contentType: string
  bytes: Uint8Array
  description?: string
}

/**
 * What the online form adds to logging a complaint: the files sent with it, and a claim made
 * in the same transaction, so that a second submit of the same form logs nothing.
 */
export type OnlineIntake = {
  documents: ArrivingDocument[]
  claim: (trx: Kysely<DB>, complaintId: string) => Promise<boolean>
  /** The complaint the form already became, when the claim is lost to a concurrent submit. */
  already: () => Promise<string | undefined>
  /** Anything else to do in the same transaction, such as a receipt by email. */
  alsoInTransaction?: (trx: Kysely<DB>, complaint: Complaint, deadlines: Deadline[]) => Promise<void>
}

const IDEMPOTENCY_HOURS = 24

/** Logging complaints (Code 1.2–1.3, 3.1–3.2), with Idempotency-Key for integrations. */
export function intakeUseCases(deps: ComplaintsDeps, engine: CaseworkEngine) {
  const { db, clock } = deps
  const { rules, load, view, viewOf, handlerFor } = engine

  /** What staff add when logging (`decideStaffIntake`), the handler checked as active and able to handle. */
  async function staffIntake(input: StaffIntake, actor: Actor, now: Date) {
    const problems = new Problems()
    const extras = decideStaffIntake(input, { actor, today: londonDateOf(now), newId: randomUUID }, problems)
    problems.throwIfAny()
    if (input.handlerId) {
      const handler = await handlerFor(input.handlerId)
      if (!mayHandleComplaints(handler.role))
        throw ruleBroken(`${handler.name} does not handle complaints`, [
          { field: 'handlerId', message: 'Choose someone who handles complaints' },
        ])
    }
    return extras
  }

  return {
    /** Logs a complaint (Code 1.2–1.3, 3.1–3.2); the same Idempotency-Key and body within 24 hours returns the first. */
    async receive(
      input: IntakeInput & { linkedFromId?: string } & StaffIntake,
      actor: CaseActor,
      idempotency?: { key: string; body: unknown },
      online?: OnlineIntake,
    ): Promise<{ view: ComplaintView; replayed: boolean }> {
      try {
        const repo = complaintsRepository(db)
        const now = clock.now()
        const requestHash = idempotency
          ? createHash('sha256').update(JSON.stringify(idempotency.body)).digest('hex')
          : ''
        const freshAfter = new Date(now.getTime() - IDEMPOTENCY_HOURS * 3_600_000)
        /** The first request's result for this key, or 422 when the key was used for another body. */
        const replay = async () => {
          const previous = idempotency && actor.id && (await repo.findIdempotency(actor.id, idempotency.key))
          if (!previous || previous.createdAt < freshAfter) return undefined
          if (previous.requestHash !== requestHash) {
            throw ruleBroken(
              'This Idempotency-Key was already used, within the last 24 hours, for a different complaint; use a new key',
              [{ field: 'Idempotency-Key', message: 'used for a different request' }],
            )
          }
          return { view: await view(previous.complaintId, actor.role), replayed: true }
        }
        const earlier = await replay()
        if (earlier) return earlier
        // One read for all intake needs to know: the rules' versions, the categories, the
        // reference, the resident's record and the earlier complaints triage weighs (Code 6.1).
        const resident = input.resident ?? { name: '' }
        const looked = await intakeRepository(db).lookups({
          resident,
          addressKey: addressKeyOf(resident),
          since: repeatWindowStart(input.receivedAt),
        })
        const r = await rules(looked.stamp)
        const receivedOn = londonDateOf(input.receivedAt)
        r.calendar.addWorkingDays(receivedOn, 0) // inside the calendar the service keeps
        const linkedFrom = input.linkedFromId ? await load(repo, input.linkedFromId) : undefined
        const id = randomUUID()
        // Staff logging it may take it on, and record a vulnerability the resident disclosed.
        const extras = actor.role === 'resident' ? {} : await staffIntake(input, actor, now)
        // The resident's record gives the complaint its tenure (for the TSM) and its landlord
        // entity, unless the person logging it said (issue 34); none: the default entity.
        const tenancy = tenancyOf(looked.resident)
        const entityId = input.entityId || tenancy.entityId
        if (
          input.entityId &&
          !(isUuid(input.entityId) && (await entitiesRepository(db).find(input.entityId)))
        )
          throw ruleBroken('Choose one of the landlords', [
            { field: 'entityId', message: 'Choose the landlord the resident’s tenancy is with' },
          ])
        const tenure = input.tenure || tenancy.tenure
        const data = decideReceive(
          { ...input, ...(tenure ? { tenure } : {}), ...(entityId ? { entityId } : {}) },
          {
            now,
            reference: formatReference(yearOf(receivedOn), looked.complaintNumber),
            policyVersion: r.policyInForceOn(receivedOn).version,
            categories: looked.categories,
            linkedFrom,
          },
        )
        const byResident = actor.role === 'resident' ? { byResident: true as const } : {}
        const recorded = (d: ComplaintEventData, seq: number): ComplaintEvent => ({
          ...d,
          seq,
          at: input.receivedAt,
          recordedAt: now,
          by: actor.id,
          ...byResident,
        })
        const documents = (online?.documents ?? []).map((d) => ({ ...d, id: randomUUID() }))
        // The complaint joins the resident's record, and carries the triage the service
        // suggests from its words and the records (Code 6.1).
        const person = residentRecordForComplaint(db, looked.resident, {
          resident: data.resident,
          adjustments: data.adjustments,
          vulnerability: extras.vulnerability,
          tenancy: {
            ...(data.tenure ? { tenure: data.tenure } : {}),
            ...(data.entityId ? { entityId: data.entityId } : {}),
          },
          complaintId: id,
          by: actor.role === 'resident' ? null : actor.id,
          now,
        })
        const suggestion = suggestTriage(
          [data.description, data.outcomeSought].filter(Boolean).join('\n'),
          {
            vulnerable: person.vulnerable || Boolean(data.adjustments),
            earlierFromResident: looked.earlier.fromResident,
            earlierAtAddress: looked.earlier.atAddress,
            categories: data.categories.length,
          },
          r.triage.rules,
        )
        const taken = extras.assigned ? [recorded(extras.assigned, 2)] : []
        const events = [
          recorded(
            { ...data, personId: person.personId, triage: { ...suggestion, rulesVersion: r.triage.version } },
            1,
          ),
          ...taken,
          ...documents.map((d, i) =>
            recorded(
              {
                type: 'complaint.document_attached',
                documentId: d.id,
                filename: d.filename,
                contentType: d.contentType,
                size: d.bytes.length,
                ...(d.description ? { description: d.description } : {}),
              },
              i + 2 + taken.length,
            ),
          ),
        ]
        const complaint = foldComplaint(id, events)
        const deadlines = complaintDeadlines(complaint, r.policyOf, r.calendar, r.today)
        // The resident's record, the complaint, its events and its report facts: one statement.
        const writes = [
          ...person.writes,
          repo.insertProjectionQuery(projectionOf(complaint, deadlines, now)),
          repo.appendEventsQuery(
            id,
            0,
            events.map((e) => ({
              data: eventData(e),
              at: e.at,
              recordedAt: now,
              by: actor.id,
              byResident: e.byResident,
            })),
          ),
          ...newComplaintFacts(db, complaint, r),
          ...complaintWebhookWrites(db, complaint, deadlines, events, now),
        ]
        try {
          if (!documents.length && !online && !(idempotency && actor.id)) await writeTogether(db, writes)
          // With what else must happen in the same transaction: the files, the online form's
          // claim and receipt, the Idempotency-Key.
          else
            await db.transaction().execute(async (trx) => {
              await writeTogether(trx, writes)
              const txRepo = complaintsRepository(trx)
              for (const d of documents) await storeDocument(txRepo, id, d, now, actor.id)
              if (online && !(await online.claim(trx, id))) throw new IdempotencyKeyTaken()
              await online?.alsoInTransaction?.(trx, complaint, deadlines)
              // Claimed last, so a concurrent twin waits here for this transaction, then replays it.
              if (
                idempotency &&
                actor.id &&
                !(await txRepo.claimIdempotency(actor.id, idempotency.key, requestHash, id, now, freshAfter))
              )
                throw new IdempotencyKeyTaken()
            })
        } catch (error) {
          if (!(error instanceof IdempotencyKeyTaken)) throw error
          const already = await online?.already()
          if (already) return { view: await view(already, actor.role), replayed: true }
          const first = await replay()
          if (!first)
            throw conflict('A request with this Idempotency-Key is still being processed; try again')
          return first
        }
        // Just logged: the view is built from what was written, and nothing links to it yet.
        return { view: await viewOf(complaint, actor.role, r, [], actor), replayed: false }
      } catch (error) {
        refused(error, 'complaint')
      }
    },

    /** What is wrong with a complaint as typed, without logging it (for a form with other errors too). */
    async intakeProblems(
      input: IntakeInput & StaffIntake,
      linkedFrom?: Complaint,
      actor?: Actor,
    ): Promise<{ field?: string; message: string }[]> {
      const problems = new Problems()
      if (actor)
        decideStaffIntake(input, { actor, today: londonDateOf(clock.now()), newId: randomUUID }, problems)
      const staffProblems = problems.list
      try {
        decideReceive(input, {
          now: clock.now(),
          reference: 'CHECK',
          policyVersion: 0,
          categories: await complaintsRepository(db).categories(),
          linkedFrom,
        })
        return staffProblems
      } catch (error) {
        if (error instanceof WorkflowError) return [...error.problems, ...staffProblems]
        throw error
      }
    },

    async openForResident(r: { email?: string; name: string; postcode?: string }) {
      return complaintsRepository(db).openForResident(r)
    },

    async findIdByReference(reference: string) {
      return complaintsRepository(db).findIdByReference(reference)
    },
  }
}
