import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { auditLogRepository } from '../../db/repositories/auditLog.js'
import { remediesRepository } from '../../db/repositories/remedies.js'
import type { DB } from '../../db/schema.js'
import { type CalendarDate, londonDateOf } from '../../domain/calendar/calendarDate.js'
import { remedyLabels } from '../../domain/complaints/vocabulary.js'
import { WorkflowError } from '../../domain/complaints/workflow.js'
import { directionKindLabels } from '../../domain/ombudsman/vocabulary.js'
import { isOwed, remedyDue, remedyStatusOf } from '../../domain/remedies/followThrough.js'
import {
  decideGuidanceSet,
  type GuidanceInput,
  type GuidanceSet,
  guidanceInForce,
  placeInBands,
} from '../../domain/remedies/guidance.js'
import { discretionaryParts, type RemedyStatus } from '../../domain/remedies/vocabulary.js'
import { can, type StaffRole } from '../../domain/staff/roles.js'
import { forbidden, ruleBroken } from '../../errors.js'
import type { CalendarService } from '../calendar.js'

/** The most rows the register shows at once; the oldest (most overdue) come first. */
const REGISTER_LIMIT = 500

export type RegisterEntry = {
  source: 'response' | 'ombudsman'
  complaintId: string
  reference: string
  residentName: string
  /** The remedy's id on the complaint, or the Ombudsman case it was ordered on. */
  remedyId?: string
  ombudsmanCaseId?: string
  ombudsmanReference?: string
  what: string
  description?: string
  amount?: number
  offeredOn?: CalendarDate
  dueOn: CalendarDate
  status: RemedyStatus
  doneOn?: CalendarDate
  offsetAgainstArrears?: number
  overdue: boolean
}

/**
 * The remedy register (Code 7.1–7.3) across every complaint: each remedy offered in a response
 * from offer to done or paid, and the Ombudsman's orders for the resident until complied with;
 * and the compensation guidance the landlord takes account of (Code 7.4).
 */
export function remediesService(deps: { db: Kysely<DB>; clock: Clock; calendar: CalendarService }) {
  const { db, clock } = deps
  const today = () => londonDateOf(clock.now())

  async function guidance() {
    const sets = await remediesRepository(db).guidanceSets()
    return { sets, inForce: guidanceInForce(sets, today()) }
  }

  return {
    async register(filter: { owed: boolean }) {
      const repo = remediesRepository(db)
      const calendar = await deps.calendar.current()
      const t = today()
      const entries: RegisterEntry[] = []
      for (const r of await repo.register({ owed: filter.owed, limit: REGISTER_LIMIT })) {
        const offeredOn = londonDateOf(r.respondedAt)
        const status = remedyStatusOf(r.remedy.type, r.answer?.answer, Boolean(r.done))
        const dueOn = remedyDue(offeredOn, r.stage, calendar).date
        entries.push({
          source: 'response',
          complaintId: r.complaintId,
          reference: r.reference,
          residentName: r.residentName,
          remedyId: `${r.stage}-${r.position}`,
          what: remedyLabels[r.remedy.type],
          ...(r.remedy.description ? { description: r.remedy.description } : {}),
          ...(r.remedy.amount !== undefined ? { amount: r.remedy.amount } : {}),
          offeredOn,
          dueOn,
          status,
          ...(r.done ? { doneOn: r.done.on } : status === 'done' ? { doneOn: offeredOn } : {}),
          ...(r.done?.payment?.offsetAgainstArrears
            ? { offsetAgainstArrears: Number(r.done.payment.offsetAgainstArrears) }
            : {}),
          overdue: isOwed(status) && dueOn < t,
        })
      }
      for (const o of await repo.ombudsmanRemedies({ owed: filter.owed, limit: REGISTER_LIMIT })) {
        entries.push({
          source: 'ombudsman',
          complaintId: o.complaintId,
          reference: o.reference,
          residentName: o.residentName,
          ombudsmanCaseId: o.caseId,
          ombudsmanReference: o.ombudsmanReference,
          what: `Ombudsman ${o.direction.direction}: ${directionKindLabels[o.direction.kind as keyof typeof directionKindLabels] ?? o.direction.kind}`,
          description: o.direction.description,
          ...(o.direction.amount !== undefined ? { amount: o.direction.amount } : {}),
          dueOn: o.direction.dueOn,
          status: o.compliedOn ? 'done' : 'offered',
          ...(o.compliedOn ? { doneOn: o.compliedOn } : {}),
          overdue: !o.compliedOn && o.direction.dueOn < t,
        })
      }
      entries.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.reference.localeCompare(b.reference))
      const money = (xs: RegisterEntry[]) =>
        xs.reduce((sum, e) => sum + Math.round((e.amount ?? 0) * 100), 0) / 100
      const owed = entries.filter((e) => isOwed(e.status))
      return {
        entries,
        limited: entries.length >= REGISTER_LIMIT,
        totals: {
          owedCount: owed.length,
          overdueCount: owed.filter((e) => e.overdue).length,
          owedMoney: money(owed),
          paidMoney: money(entries.filter((e) => e.status === 'done')),
          offsetMoney:
            entries.reduce((sum, e) => sum + Math.round((e.offsetAgainstArrears ?? 0) * 100), 0) / 100,
        },
      }
    },

    guidance,

    /**
     * Where a compensation figure sits in the guidance in force on a day (Code 7.4): of a
     * breakdown, the discretionary parts (time and trouble, distress and inconvenience).
     */
    async place(
      amount: number | undefined,
      breakdown: Partial<Record<string, number>> | undefined,
      on: CalendarDate = today(),
    ) {
      const set = guidanceInForce((await guidance()).sets, on)
      if (!set || amount === undefined || !Number.isFinite(amount)) return { set, placed: undefined }
      const discretionary = breakdown
        ? discretionaryParts.reduce((sum, p) => sum + (breakdown[p] ?? 0), 0)
        : undefined
      const figure = discretionary && discretionary > 0 ? discretionary : amount
      return { set, placed: { figure, ...placeInBands(figure, set) } }
    },

    /** A new dated set of bands (Code 7.4). Sets are never edited: a newer set takes over from its date. */
    async addGuidance(input: GuidanceInput, actor: { id: string; role: StaffRole }): Promise<GuidanceSet> {
      if (!can(actor.role, 'managePolicy'))
        throw forbidden('Your role does not allow you to change the compensation guidance')
      let decided: ReturnType<typeof decideGuidanceSet>
      try {
        decided = decideGuidanceSet(input)
      } catch (error) {
        if (error instanceof WorkflowError) throw ruleBroken(error.message, error.problems)
        throw error
      }
      const set: GuidanceSet = { ...decided, id: randomUUID(), createdAt: clock.now() }
      await db.transaction().execute(async (trx) => {
        await remediesRepository(trx).insertGuidanceSet(set, actor.id)
        await auditLogRepository(trx).record({
          at: set.createdAt,
          actorId: actor.id,
          action: 'compensation_guidance.added',
          details: {
            id: set.id,
            title: set.title,
            effectiveFrom: set.effectiveFrom,
            bands: set.bands.length,
          },
        })
      })
      return set
    },
  }
}

export type RemediesService = ReturnType<typeof remediesService>
