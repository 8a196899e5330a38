import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { hazardsRepository } from '../../db/repositories/hazards.js'
import type { DB } from '../../db/schema.js'
import type { WorkingDayCalendar } from '../../domain/calendar/workingDayCalendar.js'
import {
  furtherWorksDayDue,
  type HazardClock,
  hazardClocks,
  runningHazardClocks,
} from '../../domain/hazards/clocks.js'
import {
  type DecisionInput,
  decideDecant,
  decideFurtherDeferred,
  decideFurtherStarted,
  decideIdentify,
  decideInvestigation,
  decideMadeSafe,
  decideMaterialChange,
  decideReclassify,
  decideSafetyWork,
  decideSummarySent,
  type HazardAction,
  type IdentifyInput,
  type InvestigationInput,
  type MaterialChangeInput,
} from '../../domain/hazards/decisions.js'
import { foldHazard, type Hazard, type HazardEventData } from '../../domain/hazards/hazard.js'
import { isUuid } from '../../domain/ids.js'
import { notFound } from '../../errors.js'
import type { CalendarService, WorkingDayCalendars } from '../calendar.js'
import { changeHistory } from '../changeHistory.js'
import { mayDo, type Staff } from '../governanceRecords.js'

/** The steps recorded on a hazard after it is identified, each decided by the domain. */
export const hazardSteps = {
  reclassify: (h: Hazard, input: DecisionInput & { reason?: string }, now: Date) =>
    decideReclassify(h, input, { now }),
  materialChange: (h: Hazard, input: MaterialChangeInput, now: Date) =>
    decideMaterialChange(h, input, { now }),
  investigation: (h: Hazard, input: InvestigationInput, now: Date) => decideInvestigation(h, input, { now }),
  summary: (h: Hazard, input: { sentAt?: Date; how?: string }, now: Date) =>
    decideSummarySent(h, input, { now }),
  safety: (h: Hazard, input: { at?: Date; what?: string }, now: Date) => decideSafetyWork(h, input, { now }),
  madeSafe: (h: Hazard, input: { at?: Date; what?: string }, now: Date) => decideMadeSafe(h, input, { now }),
  furtherDeferred: (h: Hazard, input: { reason?: string }) => decideFurtherDeferred(h, input),
  furtherStarted: (h: Hazard, input: { at?: Date; what?: string }, now: Date) =>
    decideFurtherStarted(h, input, { now }),
  decant: (h: Hazard, input: { at?: Date; where?: string }, now: Date) => decideDecant(h, input, { now }),
} as const satisfies Record<HazardAction, unknown>
export type HazardStep = keyof typeof hazardSteps
export type HazardStepInput<S extends HazardStep> = Parameters<(typeof hazardSteps)[S]>[1]

/** What a hazard's rows hold, worked out from its events and the calendar as it is now. */
function derived(h: Hazard, calendar: WorkingDayCalendar, now: Date) {
  const clocks = hazardClocks(h, { calendar, now })
  const next = runningHazardClocks(clocks)[0]
  return {
    clocks,
    row: {
      id: h.id,
      complaintId: h.complaintId,
      kind: h.kind,
      awareAt: h.awareAt,
      nextClock: next?.key ?? null,
      nextDueAt: next?.dueAt ?? null,
      version: h.version,
      updatedAt: now,
    },
    clockRows: clocks.map((c) => ({
      kind: c.kind,
      period: c.period,
      clock: c.key,
      dueAt: c.dueAt,
      metAt: c.metAt ?? null,
      within: c.metAt ? c.status === 'met' : null,
      stopped: c.status === 'stopped',
    })),
  }
}

async function load(db: Kysely<DB>, hazardId: string): Promise<Hazard> {
  if (!isUuid(hazardId)) throw notFound('There is no such hazard')
  const events = await hazardsRepository(db).events(hazardId)
  if (!events.length) throw notFound('There is no such hazard')
  return foldHazard(hazardId, events)
}

/**
 * After a change to the calendar, inside its transaction: every hazard with a clock running has
 * its clocks worked out again, so the queues and reports move with the new working days.
 */
/** One hazard's row and clocks worked out again from its events and the calendar given. */
export async function refreshHazard(trx: Kysely<DB>, id: string, calendar: WorkingDayCalendar, now: Date) {
  const repo = hazardsRepository(trx)
  const h = await load(trx, id)
  const d = derived(h, calendar, now)
  await repo.refreshHazard(d.row)
  await repo.replaceClocks(h, d.clockRows)
}

export async function refreshRunningHazards(
  trx: Kysely<DB>,
  { statutory: calendar }: WorkingDayCalendars,
  now: Date,
) {
  for (const id of await hazardsRepository(trx).runningIds()) await refreshHazard(trx, id, calendar, now)
}

export type HazardView = { hazard: Hazard; clocks: HazardClock[]; running: HazardClock[] }

/**
 * Awaab's Law on complaints about hazards in the home: a hazard is identified from a complaint,
 * and each duty's clock (investigate, written summary, safety work, further works) runs beside the
 * Code's. Each step is an event kept for good, written with the hazard's rows in one transaction.
 */
export function hazardsService(deps: { db: Kysely<DB>; clock: Clock; calendar: CalendarService }) {
  const { db, clock } = deps

  async function viewOf(h: Hazard): Promise<HazardView> {
    const clocks = hazardClocks(h, { calendar: await deps.calendar.statutory(), now: clock.now() })
    return { hazard: h, clocks, running: runningHazardClocks(clocks) }
  }

  /** One change to a hazard, or its first event (`changeHistory`): its row, its events and its clocks. */
  async function change(
    hazardId: string,
    actor: Staff,
    expectedVersion: number | undefined,
    load: () => Promise<Hazard | undefined>,
    decide: (before: Hazard | undefined) => HazardEventData,
  ) {
    const calendar = await deps.calendar.statutory()
    const after = await changeHistory(db, {
      record: 'hazard',
      id: hazardId,
      expectedVersion,
      load,
      decide,
      write: async (trx, before, data) => {
        const now = clock.now()
        const after = foldHazard(hazardId, [
          ...(before?.events ?? []),
          { ...data, seq: (before?.version ?? 0) + 1, at: now, by: actor.id },
        ])
        const d = derived(after, calendar, now)
        const repo = hazardsRepository(trx)
        if (before) await repo.updateHazard(d.row, before.version)
        else await repo.insertHazard(d.row)
        await repo.appendEvents(hazardId, before?.version ?? 0, [{ data, at: now, by: actor.id }])
        await repo.replaceClocks(after, d.clockRows)
        return after
      },
    })
    return viewOf(after)
  }

  return {
    /** A hazard identified from a complaint: its clocks start from when the landlord became aware. */
    async identify(complaintId: string, actor: Staff, input: IdentifyInput): Promise<HazardView> {
      mayDo(actor, 'handleComplaints', 'record hazards')
      const complaint = isUuid(complaintId)
        ? await complaintsRepository(db).findProjection(complaintId)
        : undefined
      if (!complaint) throw notFound('There is no complaint with that id')
      return change(
        randomUUID(),
        actor,
        undefined,
        async () => undefined,
        () => decideIdentify(complaintId, input, { now: clock.now() }),
      )
    },

    async record<S extends HazardStep>(
      hazardId: string,
      actor: Staff,
      step: S,
      input: HazardStepInput<S>,
      expectedVersion?: number,
    ): Promise<HazardView> {
      mayDo(actor, 'handleComplaints', 'record hazards')
      const decide = hazardSteps[step] as (h: Hazard, input: unknown, now: Date) => HazardEventData
      return change(
        hazardId,
        actor,
        expectedVersion,
        () => load(db, hazardId),
        (before) => {
          if (!before) throw notFound('There is no hazard with that id')
          return decide(before, input, clock.now())
        },
      )
    },

    async view(hazardId: string) {
      const h = await load(db, hazardId)
      const reference = (await complaintsRepository(db).referenceOf(h.complaintId)) ?? ''
      return { ...(await viewOf(h)), complaintReference: reference }
    },

    /** Every hazard recorded on a complaint, with its clocks. */
    async forComplaint(complaintId: string): Promise<HazardView[]> {
      const ids = await hazardsRepository(db).idsForComplaint(complaintId)
      return Promise.all(ids.map(async (id) => viewOf(await load(db, id))))
    },

    /** The last day further works may be decided not reasonably practicable, or begun, within the 5 working days. */
    async furtherWorksDayDue(h: Hazard) {
      return furtherWorksDayDue(h, await deps.calendar.statutory())
    },

    /**
     * Hazards with a clock running, the soonest to run out first (a handler's own, if asked; one
     * entity's complaints', for a person limited to it).
     */
    queue: (
      f: { handlerId?: string; entityId?: string; dueBy?: Date; limit?: number; offset?: number } = {},
    ) => hazardsRepository(db).running(f),
  }
}

export type HazardsService = ReturnType<typeof hazardsService>
