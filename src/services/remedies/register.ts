import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Clock } from '../../clock.js'
import { auditLogRepository } from '../../db/repositories/auditLog.js'
import { type DirectionKey, type RemedyKey, remediesRepository } from '../../db/repositories/remedies.js'
import type { DB } from '../../db/schema.js'
import { type CalendarDate, londonDateOf } from '../../domain/calendar/calendarDate.js'
import type { Complaint } from '../../domain/complaints/complaint.js'
import { remedyLabels } from '../../domain/complaints/vocabulary.js'
import { directionKindLabels } from '../../domain/ombudsman/vocabulary.js'
import { type CalculationInput, calculateRemedy } from '../../domain/remedies/calculator.js'
import {
  isOwed,
  overdueIfOfferedBefore,
  registerRowsOf,
  remedyDue,
} from '../../domain/remedies/followThrough.js'
import {
  decideGuidanceSet,
  type GuidanceInput,
  type GuidanceSet,
  guidanceInForce,
  placeInBands,
} from '../../domain/remedies/guidance.js'
import {
  decideLandlordRates,
  type LandlordRates,
  type LandlordRatesInput,
  ombudsmanRuleSetOn,
  ombudsmanRuleSets,
} from '../../domain/remedies/ruleSets.js'
import { discretionaryParts, type RemedyStatus } from '../../domain/remedies/vocabulary.js'
import { can, type StaffRole } from '../../domain/staff/roles.js'
import { forbidden, pageLinkNotOurs, refused } from '../../errors.js'
import type { CalendarService } from '../calendar.js'
import { mayDo, type Staff } from '../governanceRecords.js'

/** The most rows a page of the register shows. */
export const REGISTER_PAGE = 100

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

/** Where the next page of the register starts: after the last remedy and the last order shown. */
export type RegisterCursor = { remedy?: RemedyKey; direction?: DirectionKey }

/** A cursor's keys, as a page link carries them (`pageCursor`): blank where a part has not started. */
export function registerCursorKeys(c: RegisterCursor): (string | number)[] {
  return [
    c.remedy?.offeredAt.toISOString() ?? '',
    c.remedy?.complaintId ?? '',
    c.remedy?.stage ?? 0,
    c.remedy?.position ?? 0,
    c.direction?.dueOn ?? '',
    c.direction?.caseId ?? '',
    c.direction?.directionId ?? '',
  ]
}
export const registerCursorLength = 7

const cursorKeys = z.union([
  z.tuple([z.literal(''), z.literal(''), z.literal(0), z.literal(0)]),
  z.tuple([z.iso.datetime(), z.uuid(), z.number().int().min(1).max(2), z.number().int().min(1).max(100)]),
])
const directionKeys = z.union([
  z.tuple([z.literal(''), z.literal(''), z.literal('')]),
  z.tuple([z.iso.date(), z.uuid(), z.string().min(1).max(60)]),
])

/** The cursor named by a page link's keys; keys this service did not make are refused. */
export function registerCursorOf(keys: (string | number)[] | undefined): RegisterCursor | undefined {
  if (!keys) return undefined
  const r = cursorKeys.safeParse(keys.slice(0, 4))
  const o = directionKeys.safeParse(keys.slice(4))
  if (!r.success || !o.success) throw pageLinkNotOurs()
  const [offeredAt, complaintId, stage, position] = r.data
  const [dueOn, caseId, directionId] = o.data
  return {
    ...(offeredAt ? { remedy: { offeredAt: new Date(offeredAt), complaintId, stage, position } } : {}),
    ...(dueOn ? { direction: { dueOn, caseId, directionId } } : {}),
  }
}

/**
 * Merges two pages, each in the register's order, into one of at most `size`: soonest due first
 * (still to do) or latest due first (every one). Says where each part stopped, and whether
 * either has more.
 */
function mergePages<A extends { dueOn: CalendarDate }, B extends { dueOn: CalendarDate }>(
  a: A[],
  b: B[],
  size: number,
  ascending: boolean,
) {
  const taken: (A | B)[] = []
  let i = 0
  let j = 0
  while (taken.length < size && (i < a.length || j < b.length)) {
    const x = a[i]
    const y = b[j]
    // Ties go to the response's remedy: the order is the due date, then the source.
    const takeA = x && (!y || (ascending ? x.dueOn <= y.dueOn : x.dueOn >= y.dueOn))
    if (takeA) taken.push(a[i++] as A)
    else taken.push(b[j++] as B)
  }
  return { taken, lastA: a[i - 1], lastB: b[j - 1], more: i < a.length || j < b.length }
}

/**
 * The remedy register (Code 7.1–7.3) across every complaint: each remedy offered in a response
 * from offer to done or paid, and the Ombudsman's orders for the resident until complied with;
 * and the compensation guidance the landlord takes account of (Code 7.4).
 */
export function remediesService(deps: {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
  /** The rows a page of the register shows (REGISTER_PAGE unless a test wants fewer). */
  registerPage?: number
}) {
  const { db, clock } = deps
  const registerPage = deps.registerPage ?? REGISTER_PAGE
  const today = () => londonDateOf(clock.now())

  async function guidance() {
    const sets = await remediesRepository(db).guidanceSets()
    return { sets, inForce: guidanceInForce(sets, today()) }
  }

  /**
   * Code 7.4: the remedy guidance in force on a day (today if not given): the Ombudsman's rule
   * set and the landlord's own rates, with every version of those rates kept.
   */
  async function remedyGuidance(on: CalendarDate = today()) {
    const versions = await remediesRepository(db).landlordRates()
    return {
      on,
      ruleSet: ombudsmanRuleSetOn(on),
      ruleSets: ombudsmanRuleSets,
      landlordRates: guidanceInForce(versions, on),
      versions,
    }
  }

  return {
    /**
     * A page of the register: still to do, soonest due first, or every remedy, latest due first;
     * `after` is the page before's cursor. The totals count the whole register, not the page (one
     * entity's remedies only, with `entityId`, for a person limited to it).
     */
    async register(filter: { owed: boolean; after?: RegisterCursor; pageSize?: number; entityId?: string }) {
      const pageSize = filter.pageSize ?? registerPage
      const repo = remediesRepository(db)
      const calendar = await deps.calendar.current()
      const t = today()
      const [remedies, directions, totals] = await Promise.all([
        repo.register({
          owed: filter.owed,
          after: filter.after?.remedy,
          limit: pageSize + 1,
          entityId: filter.entityId,
        }),
        repo.ombudsmanRemedies({
          owed: filter.owed,
          after: filter.after?.direction,
          limit: pageSize + 1,
          entityId: filter.entityId,
        }),
        repo.totals(overdueIfOfferedBefore(t, calendar), t, filter.entityId),
      ])
      const fromResponses = remedies.map((r) => {
        const offeredOn = londonDateOf(r.respondedAt)
        const dueOn = remedyDue(offeredOn, r.stage, calendar).date
        const entry: RegisterEntry = {
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
          status: r.status,
          ...(r.doneOn ? { doneOn: r.doneOn } : {}),
          ...(r.offsetAgainstArrears ? { offsetAgainstArrears: r.offsetAgainstArrears } : {}),
          overdue: isOwed(r.status) && dueOn < t,
        }
        return {
          entry,
          dueOn,
          key: { offeredAt: r.respondedAt, complaintId: r.complaintId, stage: r.stage, position: r.position },
        }
      })
      const fromOmbudsman = directions.map((o) => {
        const entry: RegisterEntry = {
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
        }
        return {
          entry,
          dueOn: o.direction.dueOn,
          key: { dueOn: o.direction.dueOn, caseId: o.caseId, directionId: o.direction.directionId },
        }
      })
      const page = mergePages(fromResponses, fromOmbudsman, pageSize, filter.owed)
      const next: RegisterCursor | undefined = page.more
        ? {
            ...((page.lastA?.key ?? filter.after?.remedy)
              ? { remedy: page.lastA?.key ?? filter.after?.remedy }
              : {}),
            ...((page.lastB?.key ?? filter.after?.direction)
              ? { direction: page.lastB?.key ?? filter.after?.direction }
              : {}),
          }
        : undefined
      const r = totals.remedies
      const o = totals.directions
      const cents = (...xs: number[]) => xs.reduce((sum, x) => sum + Math.round(x * 100), 0) / 100
      return {
        entries: page.taken.map((x) => x.entry),
        /** The next page's cursor, when there is one. */
        next,
        /** Whether this page is the first. */
        first: !filter.after,
        totals: {
          owedCount: r.owedCount + o.owedCount,
          overdueCount: r.overdueCount + o.overdueCount,
          owedMoney: cents(r.owedMoney, o.owedMoney),
          // The remedies still to do have nothing paid: only the whole register counts what was.
          paidMoney: filter.owed ? 0 : cents(r.paidMoney, o.paidMoney),
          offsetMoney: filter.owed ? 0 : cents(r.offsetMoney),
        },
      }
    },

    guidance,
    remedyGuidance,

    /** Code 7.4: the guidance figure for what happened, line by line, against the set in force on `input.on`. */
    async calculate(input: CalculationInput) {
      const { ruleSet, landlordRates } = await remedyGuidance(input.on)
      try {
        return calculateRemedy(input, { ruleSet, landlordRates })
      } catch (error) {
        refused(error)
      }
    },

    /** A new version of the landlord's own rates (Code 7.4): never edited; a newer one takes over from its date. */
    async addLandlordRates(input: LandlordRatesInput, actor: Staff): Promise<LandlordRates> {
      mayDo(actor, 'manageCompensationRates', 'set the landlord’s compensation rates')
      let decided: ReturnType<typeof decideLandlordRates>
      try {
        decided = decideLandlordRates(input)
      } catch (error) {
        refused(error)
      }
      const rates: LandlordRates = { ...decided, id: randomUUID(), createdAt: clock.now() }
      await db.transaction().execute(async (trx) => {
        await remediesRepository(trx).insertLandlordRates(rates, actor.id)
        await auditLogRepository(trx).record({
          at: rates.createdAt,
          actorId: actor.id,
          action: 'compensation_rates.added',
          details: { id: rates.id, effectiveFrom: rates.effectiveFrom, rates: rates.rates },
        })
      })
      return rates
    },

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
        refused(error)
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

/**
 * Inside the transaction that records a change to a complaint: its rows in the remedy register
 * are rewritten when the change alters its remedies (a response, an answer, a payment), and left
 * alone when it does not, so most actions cost nothing more.
 */
export async function keepRemedyRegisterCurrent(trx: Kysely<DB>, before: Complaint, after: Complaint) {
  const rows = registerRowsOf(after)
  if (JSON.stringify(registerRowsOf(before)) === JSON.stringify(rows)) return
  await remediesRepository(trx).replaceRegisterRows(after.id, rows)
}
