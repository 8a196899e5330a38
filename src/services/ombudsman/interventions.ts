import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { type InterventionFilter, interventionsRepository } from '../../db/repositories/interventions.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import { type CalendarDate, londonDateOf } from '../../domain/calendar/calendarDate.js'
import { checkDocument } from '../../domain/complaints/documents.js'
import { type EntityScope, maySeeEntity } from '../../domain/entities/access.js'
import { isUuid } from '../../domain/ids.js'
import {
  decideComplyIntervention,
  decideImprovementRaised,
  decideRecordIntervention,
  dueExplained,
  foldIntervention,
  type Intervention,
  type InterventionEventData,
  interventionStatus,
  interventionTitle,
  type RecordInterventionInput,
} from '../../domain/ombudsman/intervention.js'
import { complaintHandlerRoles } from '../../domain/staff/roles.js'
import { notFound, refused, ruleBroken } from '../../errors.js'
import { changeHistory } from '../changeHistory.js'
import { mayDo, type Staff } from '../governanceRecords.js'
import type { ImprovementService } from '../improvement/improvementActions.js'

/** How many interventions a page of the list shows. */
export const INTERVENTIONS_PAGE = 50

/**
 * The Housing Ombudsman's interventions against the landlord (Dispute Support, failure orders,
 * failure notices, policy compliance check recommendations): recorded, complied with (late, if
 * after the date to comply by), and the improvements they led to. Each change is an event kept
 * for good, written with the intervention's row in one transaction (`changeHistory`).
 */
export function interventionsService(deps: {
  db: Kysely<DB>
  clock: Clock
  improvement: Pick<ImprovementService, 'plan'>
}) {
  const { db, clock } = deps
  const today = () => londonDateOf(clock.now())
  const mayRecord = (actor: Staff) => mayDo(actor, 'handleComplaints', 'record the Ombudsman’s interventions')

  async function load(id: string): Promise<Intervention> {
    if (!isUuid(id)) throw notFound('There is no such intervention')
    const events = await interventionsRepository(db).events(id)
    if (!events.length) throw notFound('There is no such intervention')
    return foldIntervention(id, events)
  }

  const owners = async () =>
    new Set((await usersRepository(db).activeIn(complaintHandlerRoles)).map((u) => u.id))

  /**
   * A complaint named by its id or its reference, with the day it was received; another
   * landlord's, to a person limited to one (issue 34), is as if there were none.
   */
  async function complaintNamed(named: string | undefined, viewer: Staff & Partial<EntityScope>) {
    const n = named?.trim()
    if (!n) return undefined
    const repo = complaintsRepository(db)
    const id = isUuid(n) ? n : await repo.findIdByReference(n)
    const c = id ? await repo.findProjection(id) : undefined
    return c && maySeeEntity({ entityId: viewer.entityId ?? null }, c.entity_id)
      ? { id: c.id, receivedOn: c.received_on as CalendarDate }
      : undefined
  }

  /** One change to an intervention: decided on it as it stands, written with its row. */
  function act(
    id: string,
    actor: Staff,
    decide: (i: Intervention) => InterventionEventData,
    options: { expectedVersion?: number; alsoWrite?: (trx: Kysely<DB>) => Promise<void> } = {},
  ) {
    mayRecord(actor)
    return changeHistory(db, {
      record: 'intervention',
      id,
      expectedVersion: options.expectedVersion,
      load: () => load(id),
      decide,
      write: async (trx, before, data) => {
        const now = clock.now()
        const after = foldIntervention(id, [
          ...before.events,
          { ...data, seq: before.version + 1, at: now, by: actor.id },
        ])
        const repo = interventionsRepository(trx)
        await options.alsoWrite?.(trx)
        await repo.appendEvents(id, before.version, [{ data, at: now, by: actor.id }])
        await repo.update(after, before.version, now)
        return after
      },
    })
  }

  return {
    async record(actor: Staff & Partial<EntityScope>, input: RecordInterventionInput): Promise<Intervention> {
      try {
        mayRecord(actor)
        const data = decideRecordIntervention(input, {
          today: today(),
          owners: await owners(),
          complaint: await complaintNamed(input.complaintId, actor),
        })
        const id = randomUUID()
        const now = clock.now()
        const i = foldIntervention(id, [{ ...data, seq: 1, at: now, by: actor.id }])
        await db.transaction().execute(async (trx) => {
          const repo = interventionsRepository(trx)
          await repo.insert(i, now)
          await repo.appendEvents(id, 0, [{ data, at: now, by: actor.id }])
        })
        return i
      } catch (error) {
        refused(error, 'intervention')
      }
    },

    /** One intervention, where it stands today, and why it is due when it is. */
    async view(id: string) {
      const i = await load(id)
      const complaintReference = i.complaintId
        ? await complaintsRepository(db).referenceOf(i.complaintId)
        : undefined
      return {
        intervention: i,
        title: interventionTitle(i),
        complaintReference,
        status: interventionStatus(i, today()),
        due: dueExplained(i),
      }
    },

    async list(filter: InterventionFilter, page = 1) {
      const t = today()
      const { rows, total } = await interventionsRepository(db).list(filter, {
        limit: INTERVENTIONS_PAGE,
        offset: (page - 1) * INTERVENTIONS_PAGE,
      })
      return {
        items: rows.map((r) => ({
          ...r,
          status: interventionStatus(
            {
              dueOn: r.dueOn as CalendarDate,
              complied: r.compliedOn
                ? { on: r.compliedOn, evidence: '', late: Boolean(r.compliedLate) }
                : undefined,
            },
            t,
          ),
        })),
        total,
        pageSize: INTERVENTIONS_PAGE,
      }
    },

    /**
     * Compliance, with its evidence and, when given, a copy of it (checked as any upload and kept
     * with the intervention, written with the event or not at all).
     */
    comply(
      id: string,
      actor: Staff,
      input: {
        compliedOn?: string
        evidence?: string
        file?: { filename: string; bytes: Uint8Array }
        expectedVersion?: number
      },
    ) {
      const { file } = input
      const checked = file ? checkDocument(file.filename, file.bytes) : undefined
      const document = checked?.ok ? { id: randomUUID(), filename: checked.filename } : undefined
      return act(
        id,
        actor,
        (i) => {
          if (checked && !checked.ok)
            throw ruleBroken(checked.problem, [{ field: 'file', message: checked.problem }])
          return decideComplyIntervention(
            i,
            { compliedOn: input.compliedOn, evidence: input.evidence, document },
            { today: today() },
          )
        },
        {
          expectedVersion: input.expectedVersion,
          alsoWrite:
            file && document && checked?.ok
              ? (trx) =>
                  interventionsRepository(trx).insertDocument({
                    id: document.id,
                    interventionId: id,
                    filename: document.filename,
                    contentType: checked.contentType,
                    sha256: createHash('sha256').update(file.bytes).digest('hex'),
                    content: file.bytes,
                    at: clock.now(),
                    by: actor.id,
                  })
              : undefined,
        },
      )
    },

    /**
     * Code 9.1: an improvement action raised from the intervention, through the improvement
     * actions' own service (as "another recommendation", naming the Ombudsman's intervention and
     * its complaint); the intervention keeps the link, written in the same transaction.
     */
    async raiseImprovement(
      id: string,
      actor: Staff,
      input: { title?: string; description?: string; ownerId?: string; director?: string; dueOn?: string },
    ) {
      const i = await load(id)
      mayRecord(actor)
      const planned = await deps.improvement.plan(
        {
          ...input,
          source: 'recommendation',
          detail: `The Housing Ombudsman: ${interventionTitle(i)}, ${i.ombudsmanReference}`,
          complaints: i.complaintId ? [i.complaintId] : [],
        },
        actor,
      )
      // The action and the intervention's link to it are written together, or neither is.
      await act(id, actor, (now) => decideImprovementRaised(now, planned.action), {
        alsoWrite: planned.write,
      })
      return planned.action
    },

    /** How many open interventions are past the date to comply by, today (one entity's, if asked). */
    overdueCount: (entityId?: string) => interventionsRepository(db).countOverdue(today(), entityId),

    /** Open interventions due by a day, or already late: for the daily prompts. */
    dueBy: (day: CalendarDate) => interventionsRepository(db).dueBy(day),

    /** Every intervention as its events make it, for the board pack, annual report and self-assessment. */
    all: () => allInterventions(db),

    async document(id: string, documentId: string) {
      if (!isUuid(id) || !isUuid(documentId)) throw notFound('There is no such document')
      const d = await interventionsRepository(db).document(id, documentId)
      if (!d) throw notFound('There is no such document')
      return { filename: d.filename, contentType: d.contentType, content: new Uint8Array(d.content) }
    },
  }
}

/** Every intervention as its events make it: tens or hundreds, not millions. */
export async function allInterventions(db: Kysely<DB>, entityId?: string): Promise<Intervention[]> {
  const repo = interventionsRepository(db)
  const out: Intervention[] = []
  for (const id of await repo.ids(entityId)) out.push(foldIntervention(id, await repo.events(id)))
  return out
}

export type InterventionsService = ReturnType<typeof interventionsService>
