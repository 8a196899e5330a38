import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { requestRetentionRepository } from '../../db/repositories/requestRetention.js'
import {
  ExternalReferenceTaken,
  type ServiceRequestRow,
  serviceRequestsRepository,
} from '../../db/repositories/serviceRequests.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { isUuid } from '../../domain/ids.js'
import {
  checkCommentWaiting,
  commentsToOffer,
  decideClose,
  decideLog,
  decideNotAComplaint,
  decideSurveyComment,
  foldServiceRequest,
  type ServiceRequest,
  type ServiceRequestEventData,
} from '../../domain/serviceRequests/serviceRequest.js'
import { conflict, notFound, refused, ruleBroken } from '../../errors.js'
import { changeHistory } from '../changeHistory.js'
import type { ComplaintsService } from '../complaints.js'
import { mayDo, type Staff } from '../governanceRecords.js'

function rowOf(r: ServiceRequest, now: Date): ServiceRequestRow {
  return {
    id: r.id,
    reference: r.reference,
    externalReference: r.externalReference ?? null,
    kind: r.kind,
    summary: r.summary,
    status: r.status,
    residentName: r.resident.name,
    openedOn: r.openedOn,
    commentsToOffer: commentsToOffer(r).length,
    complaints: r.complaints.length,
    version: r.version,
    updatedAt: now,
  }
}

async function load(db: Kysely<DB>, id: string) {
  if (!isUuid(id)) throw notFound('There is no service request with that id')
  const events = await serviceRequestsRepository(db).events(id)
  if (!events.length) throw notFound('There is no service request with that id')
  return foldServiceRequest(id, events)
}

async function append(
  trx: Kysely<DB>,
  before: ServiceRequest | undefined,
  id: string,
  data: ServiceRequestEventData,
  by: string | null,
  now: Date,
) {
  const after = foldServiceRequest(id, [
    ...(before?.events ?? []),
    { ...data, seq: (before?.version ?? 0) + 1, at: now, by },
  ])
  const repo = serviceRequestsRepository(trx)
  if (before && (await requestRetentionRepository(trx).isAnonymised(id)))
    throw ruleBroken(
      `${before.reference} was anonymised under the retention policy: nothing can be added to it now`,
    )
  if (before) await repo.update(rowOf(after, now), before.version)
  else await repo.insert(rowOf(after, now))
  await repo.appendEvents(id, before?.version ?? 0, [{ data, at: now, by }])
  return after
}

/**
 * Code 1.4–1.6: the register of service requests. A resident unhappy with how one is handled gets
 * a complaint linked to it, logged in the same transaction as the link; the request stays open.
 */
export function serviceRequestsService(deps: {
  db: Kysely<DB>
  clock: Clock
  complaints: ComplaintsService
}) {
  const { db, clock } = deps

  /** One change to a request, made only on the version the person saw, if they name one (`changeHistory`). */
  const step = async (
    id: string,
    actor: Staff,
    version: number | undefined,
    decide: (r: ServiceRequest) => ServiceRequestEventData,
  ) => {
    mayDo(actor, 'handleComplaints', 'change service requests')
    return changeHistory(db, {
      record: 'service request',
      id,
      expectedVersion: version,
      load: () => load(db, id),
      decide,
      write: (trx, before, data) => append(trx, before, before.id, data, actor.id, clock.now()),
    })
  }

  return {
    async log(
      input: Parameters<typeof decideLog>[0],
      actor: Staff,
      source: 'staff' | 'api',
      /** Written with it, in the same transaction (an email in the inbox decided as this request). */
      alsoInTransaction?: (trx: Kysely<DB>, r: ServiceRequest) => Promise<void>,
    ): Promise<ServiceRequest> {
      try {
        mayDo(actor, 'handleComplaints', 'log service requests')
        const repo = serviceRequestsRepository(db)
        const now = clock.now()
        // Checked first, so a refused request takes no reference number.
        const checked = decideLog(input, { reference: '', today: londonDateOf(now), source })
        const reference = `SR-${londonDateOf(now).slice(0, 4)}-${String(await repo.nextReferenceNumber()).padStart(6, '0')}`
        const data = { ...checked, reference }
        const id = randomUUID()
        try {
          return await db.transaction().execute(async (trx) => {
            const logged = await append(trx, undefined, id, data, actor.id, now)
            await alsoInTransaction?.(trx, logged)
            return logged
          })
        } catch (error) {
          if (!(error instanceof ExternalReferenceTaken)) throw error
          const existing = await repo.findByReference(input.externalReference?.trim() ?? '')
          throw conflict(
            `The housing system’s request ${input.externalReference?.trim()} is already registered as ${existing?.reference}`,
            [
              {
                field: 'externalReference',
                message: `already registered as ${existing?.reference} (${existing?.id})`,
              },
            ],
          )
        }
      } catch (error) {
        refused(error, 'service request')
      }
    },

    view: (id: string) => load(db, id),

    /** The request a complaint was made about, by its reference or the housing system's. */
    forComplaint: (reference: string | undefined) =>
      reference ? serviceRequestsRepository(db).findByReference(reference) : Promise.resolve(undefined),

    list: (f: { toOffer?: boolean; open?: boolean }) => serviceRequestsRepository(db).list(f),

    /**
     * Code 1.5: the resident is unhappy with how the request is handled: a complaint is logged,
     * linked to it both ways in one transaction, and the request stays open.
     */
    async complain(
      id: string,
      actor: Staff,
      input: { channel?: string; description?: string; outcomeSought?: string; fromCommentSeq?: number },
    ) {
      mayDo(actor, 'handleComplaints', 'log complaints')
      const r = await load(db, id)
      const now = clock.now()
      const { view } = await deps.complaints.receive(
        {
          channel: input.channel ?? '',
          receivedAt: now,
          description: input.description ?? '',
          ...(input.outcomeSought ? { outcomeSought: input.outcomeSought } : {}),
          resident: r.resident,
          categories: [],
          serviceRequestReference: r.reference,
        },
        actor,
        undefined,
        {
          documents: [],
          claim: async () => true,
          already: async () => undefined,
          alsoInTransaction: async (trx, complaint) => {
            const fresh = await load(trx, id)
            if (input.fromCommentSeq !== undefined) checkCommentWaiting(fresh, input.fromCommentSeq)
            await append(
              trx,
              fresh,
              id,
              {
                type: 'service_request.complaint_logged',
                complaintId: complaint.id,
                complaintReference: complaint.reference,
                ...(input.fromCommentSeq !== undefined ? { fromCommentSeq: input.fromCommentSeq } : {}),
              },
              actor.id,
              now,
            )
          },
        },
      )
      return view
    },

    surveyComment: (
      id: string,
      actor: Staff,
      input: { comment?: string; score?: number },
      version?: number,
    ) => step(id, actor, version, () => decideSurveyComment(input)),
    notAComplaint: (
      id: string,
      actor: Staff,
      commentSeq: number,
      note: string | undefined,
      version?: number,
    ) => step(id, actor, version, (r) => decideNotAComplaint(r, commentSeq, note)),
    close: (id: string, actor: Staff, outcome: string | undefined, version?: number) =>
      step(id, actor, version, (r) => decideClose(r, outcome)),
  }
}

export type ServiceRequestsService = ReturnType<typeof serviceRequestsService>
