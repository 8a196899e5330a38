import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { improvementRepository } from '../../db/repositories/improvement.js'
import { ombudsmanRepository } from '../../db/repositories/ombudsman.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import { type CalendarDate, londonDateOf } from '../../domain/calendar/calendarDate.js'
import { type EntityScope, maySeeEntity } from '../../domain/entities/access.js'
import { isUuid } from '../../domain/ids.js'
import {
  decideCancel,
  decideComplete,
  decideLink,
  decideProgress,
  decidePublish,
  decideRaise,
  decideReschedule,
  decideUnpublish,
  foldImprovement,
  type ImprovementAction,
  type ImprovementEventData,
  isOverdue,
  type RaiseInput,
} from '../../domain/improvement/improvementAction.js'
import { foldOmbudsmanCase } from '../../domain/ombudsman/ombudsmanCase.js'
import { complaintHandlerRoles } from '../../domain/staff/roles.js'
import { notFound, refused } from '../../errors.js'
import { changeHistory } from '../changeHistory.js'
import { mayDo, type Staff } from '../governanceRecords.js'

/** The most actions a list shows at once. */
const LIST_LIMIT = 500
/** The most "You said, we did" entries the public page shows. */
const PUBLIC_LIMIT = 100

/**
 * Improvement actions (Code 9.1–9.4): what the landlord changes because of its complaints,
 * raised from a complaint, a theme, an Ombudsman order or recommendation, or another
 * recommendation; owned, with an accountable director and a date, tracked to completion with
 * its evidence, and published as "You said, we did" where the landlord chooses.
 */
/** The person acting, with the landlord their account is limited to, if it is (issue 34). */
type Actor = Staff & Partial<EntityScope>

/** What a person asks to raise: complaints named by reference or id. */
export type RaiseRequest = Omit<RaiseInput, 'complaintIds'> & { complaints?: string[] }

export function improvementService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db, clock } = deps
  const today = () => londonDateOf(clock.now())

  const mayRecord = (actor: Staff) => mayDo(actor, 'handleComplaints', 'record improvement actions')

  async function load(id: string): Promise<ImprovementAction> {
    if (!isUuid(id)) throw notFound('There is no such improvement action')
    const events = await improvementRepository(db).events(id)
    if (!events.length) throw notFound('There is no such improvement action')
    return foldImprovement(id, events)
  }

  /**
   * A complaint named by its id or its reference, if there is one the person may see: another
   * landlord's, to a person limited to one (issue 34), is as if there were none.
   */
  async function complaintId(named: string, viewer: Actor): Promise<string | undefined> {
    const repo = complaintsRepository(db)
    const id = isUuid(named) ? named : await repo.findIdByReference(named)
    const c = id ? await repo.findProjection(id) : undefined
    return c && maySeeEntity({ entityId: viewer.entityId ?? null }, c.entity_id) ? c.id : undefined
  }

  async function activeOwners() {
    return new Set((await usersRepository(db).activeIn(complaintHandlerRoles)).map((u) => u.id))
  }

  /** One change to an improvement action (`changeHistory`). */
  async function act(
    id: string,
    actor: Staff,
    decide: (a: ImprovementAction) => Promise<ImprovementEventData> | ImprovementEventData,
  ) {
    mayRecord(actor)
    const now = clock.now()
    return changeHistory(db, {
      record: 'improvement',
      id,
      load: () => load(id),
      decide,
      write: async (trx, before, data) => {
        const after = foldImprovement(id, [
          ...before.events,
          { ...data, seq: before.version + 1, at: now, by: actor.id },
        ])
        const repo = improvementRepository(trx)
        await repo.appendEvents(id, before.version, [{ data, at: now, by: actor.id }])
        await repo.update(after, before.version, now)
        if (data.type === 'improvement.complaint_linked') await repo.linkComplaints(id, [data.complaintId])
        return after
      },
    })
  }

  /**
   * A new action decided (the rules checked, nothing written yet) and how to write it, for a
   * record that must be written with it in one transaction (an Ombudsman intervention's link).
   */
  async function planRaise(input: RaiseRequest, actor: Actor) {
    try {
      mayRecord(actor)
      const named = (input.complaints ?? []).map((c) => c.trim()).filter(Boolean)
      const resolved = await Promise.all(named.map(async (n) => [n, await complaintId(n, actor)] as const))
      let direction: Parameters<typeof decideRaise>[1]['direction']
      if (input.ombudsmanCaseId && isUuid(input.ombudsmanCaseId)) {
        const events = await ombudsmanRepository(db).events(input.ombudsmanCaseId)
        const oc = events.length ? foldOmbudsmanCase(input.ombudsmanCaseId, events) : undefined
        const d = oc?.directions.find((x) => x.id === input.directionId)
        if (oc && d)
          direction = {
            caseId: oc.id,
            directionId: d.id,
            direction: d.direction,
            complaintId: oc.complaintId,
          }
      }
      const data = decideRaise(
        {
          ...input,
          // A name that matches no complaint is passed on as typed, so the rules name it.
          complaintIds: resolved.map(([n, id]) => id ?? n),
        },
        {
          today: today(),
          owners: await activeOwners(),
          knownComplaints: new Set(resolved.flatMap(([, id]) => (id ? [id] : []))),
          direction,
        },
      )
      const id = randomUUID()
      const now = clock.now()
      const a = foldImprovement(id, [{ ...data, seq: 1, at: now, by: actor.id }])
      return {
        action: a,
        write: async (trx: Kysely<DB>) => {
          const repo = improvementRepository(trx)
          await repo.insert(a, now)
          await repo.appendEvents(id, 0, [{ data, at: now, by: actor.id }])
          await repo.linkComplaints(id, a.complaintIds)
        },
      }
    } catch (error) {
      refused(error, 'improvement')
    }
  }

  return {
    /** Raises an improvement; complaints may be named by reference or id. */
    async raise(input: RaiseRequest, actor: Actor) {
      const planned = await planRaise(input, actor)
      try {
        await db.transaction().execute(planned.write)
      } catch (error) {
        refused(error, 'improvement')
      }
      return planned.action
    },

    /** An action decided and how to write it, for a change that writes it in its own transaction. */
    plan: planRaise,

    async view(id: string) {
      const a = await load(id)
      const repo = complaintsRepository(db)
      const complaints = await Promise.all(
        a.complaintIds.map(async (cid) => ({ id: cid, reference: (await repo.referenceOf(cid)) ?? cid })),
      )
      let ombudsman:
        | { caseId: string; reference: string; direction?: string; description?: string }
        | undefined
      if (a.origin.ombudsmanCaseId) {
        const events = await ombudsmanRepository(db).events(a.origin.ombudsmanCaseId)
        const oc = foldOmbudsmanCase(a.origin.ombudsmanCaseId, events)
        const d = oc.directions.find((x) => x.id === a.origin.directionId)
        ombudsman = {
          caseId: oc.id,
          reference: oc.ombudsmanReference,
          direction: d?.direction,
          description: d?.description,
        }
      }
      return { action: a, complaints, ombudsman, overdue: isOverdue(a, today()) }
    },

    /** Open ones or every one, a page at a time; one entity's only, for a person limited to it (`entityId`). */
    async list(
      filter: { open: boolean; entityId?: string },
      page: { limit: number; offset: number } = { limit: LIST_LIMIT, offset: 0 },
    ) {
      const t = today()
      const rows = await improvementRepository(db).list({ ...filter, ...page })
      return rows.map((r) => ({
        ...r,
        overdue: isOverdue({ status: r.status as 'open', dueOn: r.dueOn }, t),
      }))
    },

    /** Open improvements due by a day (for the prompts), each saying whether it is overdue. */
    async dueBy(day: CalendarDate) {
      const t = today()
      return (await improvementRepository(db).dueBy(day)).map((r) => ({ ...r, overdue: r.dueOn < t }))
    },

    /** Open improvements past their date (one entity's, if asked). */
    async overdue(entityId?: string) {
      const t = today()
      return (await improvementRepository(db).dueBy(t, entityId)).filter((r) => r.dueOn < t)
    },

    forComplaint: (complaintId: string) => improvementRepository(db).forComplaint(complaintId),
    forOmbudsmanCase: (caseId: string) => improvementRepository(db).forOmbudsmanCase(caseId),

    async linkComplaint(id: string, actor: Actor, named: string | undefined) {
      const cid = named?.trim() ? await complaintId(named, actor) : undefined
      return act(id, actor, (a) => decideLink(a, cid ?? '', Boolean(cid)))
    },
    noteProgress: (id: string, actor: Staff, note: string | undefined) =>
      act(id, actor, (a) => decideProgress(a, note)),
    reschedule: (id: string, actor: Staff, input: { dueOn?: string; reason?: string }) =>
      act(id, actor, (a) => decideReschedule(a, input, today())),
    complete: (id: string, actor: Staff, input: { evidence?: string; completedOn?: string }) =>
      act(id, actor, (a) => decideComplete(a, input, today())),
    cancel: (id: string, actor: Staff, reason: string | undefined) =>
      act(id, actor, (a) => decideCancel(a, reason)),
    publish: (id: string, actor: Staff, input: { youSaid?: string; weDid?: string }) =>
      act(id, actor, (a) => decidePublish(a, input)),
    unpublish: (id: string, actor: Staff, reason: string | undefined) =>
      act(id, actor, (a) => decideUnpublish(a, reason)),

    /** The public "You said, we did" page: published improvements, newest first. */
    published: () => improvementRepository(db).published(PUBLIC_LIMIT),
  }
}

export type ImprovementService = ReturnType<typeof improvementService>
