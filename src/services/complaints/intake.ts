import { createHash, randomUUID } from 'node:crypto'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { londonDateOf, yearOf } from '../../domain/calendar/calendarDate.js'
import { type Complaint, foldComplaint } from '../../domain/complaints/complaint.js'
import { complaintDeadlines } from '../../domain/complaints/deadlines.js'
import type { ComplaintEvent } from '../../domain/complaints/events.js'
import { decideReceive, formatReference, type IntakeInput } from '../../domain/complaints/intake.js'
import { WorkflowError } from '../../domain/complaints/workflow.js'
import { conflict, ruleBroken } from '../../errors.js'

import {
  type Actor,
  asAppError,
  type CaseworkEngine,
  type ComplaintsDeps,
  type ComplaintView,
  projectionOf,
} from './casework.js'

/** Another request holding the same Idempotency-Key committed first. */
class IdempotencyKeyTaken extends Error {}

const IDEMPOTENCY_HOURS = 24

/** Logging complaints (Code 1.2–1.3, 3.1–3.2), with Idempotency-Key for integrations. */
export function intakeUseCases(deps: ComplaintsDeps, engine: CaseworkEngine) {
  const { db, clock } = deps
  const { rules, load, view } = engine
  return {
    /** Logs a complaint (Code 1.2–1.3, 3.1–3.2); the same Idempotency-Key and body within 24 hours returns the first. */
    async receive(
      input: IntakeInput & { linkedFromId?: string },
      actor: Actor,
      idempotency?: { key: string; body: unknown },
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
          const previous = idempotency && (await repo.findIdempotency(actor.id, idempotency.key))
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
        const r = await rules()
        const receivedOn = londonDateOf(input.receivedAt)
        r.calendar.addWorkingDays(receivedOn, 0) // inside the calendar the service keeps
        const linkedFrom = input.linkedFromId ? await load(repo, input.linkedFromId) : undefined
        const policyVersion = (await deps.policy.inForceOn(receivedOn)).version
        const number = await repo.nextReferenceNumber()
        const id = randomUUID()
        const data = decideReceive(input, {
          now,
          reference: formatReference(yearOf(receivedOn), number),
          policyVersion,
          categories: await repo.categories(),
          linkedFrom,
        })
        const event: ComplaintEvent = { ...data, seq: 1, at: input.receivedAt, recordedAt: now, by: actor.id }
        const complaint = foldComplaint(id, [event])
        const deadlines = complaintDeadlines(complaint, r.policyOf, r.calendar, r.today)
        try {
          await db.transaction().execute(async (trx) => {
            const txRepo = complaintsRepository(trx)
            await txRepo.insertProjection(projectionOf(complaint, deadlines, now))
            await txRepo.appendEvents(id, 0, [{ data, at: event.at, recordedAt: now, by: actor.id }])
            // Claimed last, so a concurrent twin waits here for this transaction, then replays it.
            if (
              idempotency &&
              !(await txRepo.claimIdempotency(actor.id, idempotency.key, requestHash, id, now, freshAfter))
            )
              throw new IdempotencyKeyTaken()
          })
        } catch (error) {
          if (!(error instanceof IdempotencyKeyTaken)) throw error
          const first = await replay()
          if (!first)
            throw conflict('A request with this Idempotency-Key is still being processed; try again')
          return first
        }
        return { view: await view(id, actor.role), replayed: false }
      } catch (error) {
        asAppError(error)
      }
    },

    /** What is wrong with a complaint as typed, without logging it (for a form with other errors too). */
    async intakeProblems(
      input: IntakeInput,
      linkedFrom?: Complaint,
    ): Promise<{ field?: string; message: string }[]> {
      try {
        decideReceive(input, {
          now: clock.now(),
          reference: 'CHECK',
          policyVersion: 0,
          categories: await complaintsRepository(db).categories(),
          linkedFrom,
        })
        return []
      } catch (error) {
        if (error instanceof WorkflowError) return error.problems
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
