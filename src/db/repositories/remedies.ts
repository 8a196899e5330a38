import { type Kysely, sql } from 'kysely'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import type { Remedy } from '../../domain/complaints/events.js'
import type { RegisterRowKept } from '../../domain/remedies/followThrough.js'
import type { Band, GuidanceSet } from '../../domain/remedies/guidance.js'
import type { LandlordRates, Rates } from '../../domain/remedies/ruleSets.js'
import { givenInTheResponse, type RemedyStatus } from '../../domain/remedies/vocabulary.js'
import type { DB } from '../schema.js'

/** A remedy's row in the register, as the table's columns. */
export const registerColumns = (complaintId: string, r: RegisterRowKept) => ({
  complaint_id: complaintId,
  stage: r.stage,
  position: r.position,
  response_seq: r.responseSeq,
  offered_at: r.offeredAt,
  upheld: r.upheld,
  type: r.type,
  amount: r.amount,
  status: r.status,
  owed: r.owed,
  done_on: r.doneOn,
  offset_against_arrears: r.offsetAgainstArrears,
})

/** One remedy offered in a response, as the register reads it. */
export type RegisterRow = {
  complaintId: string
  reference: string
  residentName: string
  handlerId: string | null
  state: string
  stage: 1 | 2
  position: number
  respondedAt: Date
  remedy: Remedy
  status: RemedyStatus
  doneOn: CalendarDate | null
  offsetAgainstArrears: number | null
}

/** Where a page of the register's remedies ends: the last one shown, in the register's order. */
export type RemedyKey = { offeredAt: Date; complaintId: string; stage: number; position: number }
/** Where a page of the Ombudsman's orders ends: the last one shown, by the date it is due. */
export type DirectionKey = { dueOn: CalendarDate; caseId: string; directionId: string }

/** Roles limited to an entity: only that entity's complaints' rows (`c` is the complaint). */
const ofEntity = (entityId: string | undefined) => (entityId ? sql`and c.entity_id = ${entityId}` : sql``)

/** The Ombudsman's orders and recommendations that put things right for the resident. */
const directionKinds = sql.join(['apology', 'compensation', 'works'].map((k) => sql`${k}`))

/**
 * A page of the remedies offered in responses: those still owed, oldest offer (so soonest due)
 * first, or every one, newest first; after `after`, the last of the page before. The page is
 * read from the register's index, then each row's complaint and response by their keys.
 */
export function registerPageQuery(f: { owed: boolean; after?: RemedyKey; limit: number; entityId?: string }) {
  const [cmp, dir] = f.owed ? [sql`>`, sql`asc`] : [sql`<`, sql`desc`]
  const after = f.after
    ? sql`and (g.offered_at, g.complaint_id, g.stage, g.position) ${cmp}
        (${f.after.offeredAt}::timestamptz, ${f.after.complaintId}::uuid, ${f.after.stage}::smallint, ${f.after.position}::smallint)`
    : sql``
  return sql<{
    complaintId: string
    reference: string
    residentName: string
    handlerId: string | null
    state: string
    stage: number
    position: number
    respondedAt: Date
    remedy: Remedy
    status: RemedyStatus
    doneOn: CalendarDate | null
    offsetAgainstArrears: string | null
  }>`
    select c.id as "complaintId", c.reference, c.resident_name as "residentName",
      c.current_handler_id as "handlerId", c.state, g.stage, g.position, g.offered_at as "respondedAt",
      -- What was offered, from the response itself, found by its key.
      (select r.data->'remedies'->(g.position - 1) from complaint_events r
        where r.complaint_id = g.complaint_id and r.seq = g.response_seq) as remedy,
      g.status, g.done_on::text as "doneOn", g.offset_against_arrears as "offsetAgainstArrears"
    from remedy_register g
    join complaints c on c.id = g.complaint_id
    where ${f.owed ? sql`g.owed` : sql`true`}
      -- Owed remedies are outstanding actions: a complaint that counts none (one closed before
      -- remedies were followed through) owes nothing on the register.
      and ${f.owed ? sql`c.open_actions > 0` : sql`true`}
      ${ofEntity(f.entityId)}
      ${after}
    order by g.offered_at ${dir}, g.complaint_id ${dir}, g.stage ${dir}, g.position ${dir}
    limit ${f.limit}
  `
}

/** A page of the Ombudsman's orders and recommendations for the resident, by the date each is due. */
export function directionsPageQuery(f: {
  owed: boolean
  after?: DirectionKey
  limit: number
  entityId?: string
}) {
  const [cmp, dir] = f.owed ? [sql`>`, sql`asc`] : [sql`<`, sql`desc`]
  const after = f.after
    ? sql`and ((d.data->>'dueOn'), d.case_id, (d.data->>'directionId')) ${cmp}
        (${f.after.dueOn}::text, ${f.after.caseId}::uuid, ${f.after.directionId}::text)`
    : sql``
  return sql<{
    caseId: string
    ombudsmanReference: string
    complaintId: string
    reference: string
    residentName: string
    direction: {
      directionId: string
      direction: string
      kind: string
      description: string
      amount?: number
      ownerId: string
      dueOn: CalendarDate
    }
    compliedOn: CalendarDate | null
  }>`
    select o.id as "caseId", o.ombudsman_reference as "ombudsmanReference", c.id as "complaintId",
      c.reference, c.resident_name as "residentName", d.data as direction, p.sent_on as "compliedOn"
    from ombudsman_case_events d
    join ombudsman_cases o on o.id = d.case_id
    join complaints c on c.id = o.complaint_id
    left join lateral (
      select p.data->>'sentOn' as sent_on from ombudsman_case_events p
      where p.case_id = d.case_id and p.type = 'ombudsman.compliance_recorded'
        and p.data->>'directionId' = d.data->>'directionId'
      order by p.seq limit 1
    ) p on true
    where d.type = 'ombudsman.direction_made' and d.data->>'kind' in (${directionKinds})
      and ${f.owed ? sql`p.sent_on is null` : sql`true`}
      ${ofEntity(f.entityId)}
      ${after}
    order by d.data->>'dueOn' ${dir}, d.case_id ${dir}, d.data->>'directionId' ${dir}
    limit ${f.limit}
  `
}

/**
 * The register's totals over every remedy, not a page, from the counts kept a day of offers at a
 * time (migration 0038): still owed, owed since before `overdueBefore` (offered then, so due
 * before today), and paid; and the Ombudsman's orders beside them.
 */
export function registerTotalsQueries(overdueBefore: CalendarDate, today: CalendarDate, entityId?: string) {
  type RemedyTotals = {
    owed: string | null
    overdue: string | null
    owedMoney: string | null
    paid: string | null
    offset: string | null
  }
  return {
    remedies: entityId
      ? // One entity's: from its remedies' rows (the day counts are the whole group's), the same sums.
        sql<RemedyTotals>`
      select count(*) filter (where g.owed) as owed,
        count(*) filter (where g.owed and (g.offered_at at time zone 'Europe/London')::date < ${overdueBefore}::date) as overdue,
        sum(g.amount) filter (where g.owed) as "owedMoney", sum(g.amount) filter (where g.status = 'done') as paid,
        sum(g.offset_against_arrears) as offset
      from remedy_register g
      join complaints c on c.id = g.complaint_id
      where c.entity_id = ${entityId}`
      : sql<RemedyTotals>`
      select sum(owed) as owed, sum(owed) filter (where offered_on < ${overdueBefore}::date) as overdue,
        sum(owed_amount) as "owedMoney", sum(paid_amount) as paid, sum(offset_amount) as offset
      from remedy_register_days`,
    directions: sql<{ owed: string; overdue: string; owedMoney: string | null; paid: string | null }>`
      select count(*) filter (where p.sent_on is null) as owed,
        count(*) filter (where p.sent_on is null and d.data->>'dueOn' < ${today}) as overdue,
        sum((d.data->>'amount')::numeric) filter (where p.sent_on is null) as "owedMoney",
        sum((d.data->>'amount')::numeric) filter (where p.sent_on is not null) as paid
      from ombudsman_case_events d
      left join lateral (
        select p.data->>'sentOn' as sent_on from ombudsman_case_events p
        where p.case_id = d.case_id and p.type = 'ombudsman.compliance_recorded'
          and p.data->>'directionId' = d.data->>'directionId'
        order by p.seq limit 1
      ) p on true
      ${entityId ? sql`join ombudsman_cases o on o.id = d.case_id join complaints c on c.id = o.complaint_id` : sql``}
      where d.type = 'ombudsman.direction_made' and d.data->>'kind' in (${directionKinds})
        ${ofEntity(entityId)}`,
  }
}

/**
 * Many complaints' rows in the register at once (a bulk load: bench/reports.ts bulkLoad writes
 * the facts and the projection itself, so it writes these too, from `registerRowsOf`).
 */
export async function insertRegisterRows(
  db: Kysely<DB>,
  complaints: { complaintId: string; rows: RegisterRowKept[] }[],
) {
  const values = complaints.flatMap((c) => c.rows.map((r) => registerColumns(c.complaintId, r)))
  for (let i = 0; i < values.length; i += 5000)
    await db
      .insertInto('remedy_register')
      .values(values.slice(i, i + 5000))
      .execute()
}

const pounds = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v))

/** Remedies offered (Code 7.1–7.3), and the landlord's compensation guidance (Code 7.4). */
export function remediesRepository(db: Kysely<DB>) {
  return {
    /** A page of the remedies offered in responses (see `registerPageQuery`). */
    async register(f: {
      owed: boolean
      after?: RemedyKey
      limit: number
      entityId?: string
    }): Promise<RegisterRow[]> {
      const { rows } = await registerPageQuery(f).execute(db)
      return rows.map((r) => ({
        ...r,
        stage: r.stage === 2 ? 2 : 1,
        remedy: {
          ...r.remedy,
          ...(r.remedy.amount !== undefined ? { amount: Number(r.remedy.amount) } : {}),
        },
        offsetAgainstArrears: r.offsetAgainstArrears === null ? null : Number(r.offsetAgainstArrears),
      }))
    },

    /** A page of the Ombudsman's orders and recommendations for the resident (see `directionsPageQuery`). */
    async ombudsmanRemedies(f: { owed: boolean; after?: DirectionKey; limit: number; entityId?: string }) {
      const { rows } = await directionsPageQuery(f).execute(db)
      return rows.map((r) => ({
        ...r,
        direction: {
          ...r.direction,
          ...(r.direction.amount !== undefined ? { amount: Number(r.direction.amount) } : {}),
        },
      }))
    },

    /** Counts and sums over the whole register (see `registerTotalsQueries`). */
    async totals(overdueBefore: CalendarDate, today: CalendarDate, entityId?: string) {
      const q = registerTotalsQueries(overdueBefore, today, entityId)
      const [remedies, directions] = await Promise.all([q.remedies.execute(db), q.directions.execute(db)])
      const r = remedies.rows[0]
      const d = directions.rows[0]
      return {
        remedies: {
          owedCount: Number(r?.owed ?? 0),
          overdueCount: Number(r?.overdue ?? 0),
          owedMoney: pounds(r?.owedMoney),
          paidMoney: pounds(r?.paid),
          offsetMoney: pounds(r?.offset),
        },
        directions: {
          owedCount: Number(d?.owed ?? 0),
          overdueCount: Number(d?.overdue ?? 0),
          owedMoney: pounds(d?.owedMoney),
          paidMoney: pounds(d?.paid),
        },
      }
    },

    /** Rewrites a complaint's rows in the register (inside the transaction that changed them). */
    async replaceRegisterRows(complaintId: string, rows: RegisterRowKept[]) {
      await db.deleteFrom('remedy_register').where('complaint_id', '=', complaintId).execute()
      if (rows.length)
        await db
          .insertInto('remedy_register')
          .values(rows.map((r) => registerColumns(complaintId, r)))
          .execute()
    },

    /** Complaints whose responses offered something beyond the letter itself, for counting what is owed. */
    async complaintsWithRemediesToFollow(): Promise<string[]> {
      const letterTypes = sql.join(givenInTheResponse.map((t) => sql`${t}`))
      const rows = await sql<{ id: string }>`
        select distinct r.complaint_id as id from complaint_events r
        where r.type = 'complaint.responded'
          and exists (
            select 1 from jsonb_array_elements(r.data->'remedies') m
            where m->>'type' not in (${letterTypes})
          )
      `.execute(db)
      return rows.rows.map((r) => r.id)
    },

    /** Sets the outstanding-action count and next date a complaint's queues read. */
    async setOpenActions(complaintId: string, openActions: number, nextActionDueOn: string | null) {
      await db
        .updateTable('complaints')
        .set({ open_actions: openActions, next_action_due_on: nextActionDueOn })
        .where('id', '=', complaintId)
        .execute()
    },

    /** Whether a named data upgrade is still to do; `done` removes it. */
    async upgradePending(name: string) {
      return Boolean(
        await db.selectFrom('data_upgrades').select('name').where('name', '=', name).executeTakeFirst(),
      )
    },
    async upgradeDone(name: string) {
      await db.deleteFrom('data_upgrades').where('name', '=', name).execute()
    },

    /** Every set of compensation guidance, newest first, with its bands lowest first. */
    async guidanceSets(): Promise<GuidanceSet[]> {
      const sets = await db
        .selectFrom('compensation_guidance')
        .selectAll()
        .orderBy('effective_from', 'desc')
        .orderBy('created_at', 'desc')
        .execute()
      const bands = await db.selectFrom('compensation_bands').selectAll().orderBy('position').execute()
      return sets.map((s) => ({
        id: s.id,
        title: s.title,
        source: s.source,
        effectiveFrom: s.effective_from as CalendarDate,
        note: s.note,
        createdAt: s.created_at,
        bands: bands
          .filter((b) => b.guidance_id === s.id)
          .map(
            (b): Band => ({
              min: Number(b.min_pounds),
              max: b.max_pounds === null ? null : Number(b.max_pounds),
              label: b.label,
              description: b.description,
            }),
          ),
      }))
    },

    async insertGuidanceSet(g: GuidanceSet, by: string) {
      await db
        .insertInto('compensation_guidance')
        .values({
          id: g.id,
          title: g.title,
          source: g.source,
          effective_from: g.effectiveFrom,
          note: g.note,
          created_at: g.createdAt,
          created_by: by,
        })
        .execute()
      await db
        .insertInto('compensation_bands')
        .values(
          g.bands.map((b, i) => ({
            guidance_id: g.id,
            position: i + 1,
            min_pounds: b.min,
            max_pounds: b.max,
            label: b.label,
            description: b.description,
          })),
        )
        .execute()
    },

    /** Every version of the landlord's own rates (Code 7.4), newest first. */
    async landlordRates(): Promise<LandlordRates[]> {
      const rows = await db
        .selectFrom('landlord_compensation_rates')
        .selectAll()
        .orderBy('effective_from', 'desc')
        .orderBy('created_at', 'desc')
        .execute()
      const rate = (v: string | null) => (v === null ? undefined : Number(v))
      return rows.map((r) => {
        const rates: Rates = {}
        const given = {
          lossOfHeating: rate(r.loss_of_heating),
          heatingOrHotWater: rate(r.heating_or_hot_water),
          lossOfPower: rate(r.loss_of_power),
          missedAppointment: rate(r.missed_appointment),
        }
        for (const [k, v] of Object.entries(given)) if (v !== undefined) rates[k as keyof Rates] = v
        return {
          id: r.id,
          source: r.source,
          effectiveFrom: r.effective_from as CalendarDate,
          note: r.note,
          rates,
          createdAt: r.created_at,
        }
      })
    },

    async insertLandlordRates(r: LandlordRates, by: string) {
      await db
        .insertInto('landlord_compensation_rates')
        .values({
          id: r.id,
          source: r.source,
          effective_from: r.effectiveFrom,
          note: r.note,
          loss_of_heating: r.rates.lossOfHeating ?? null,
          heating_or_hot_water: r.rates.heatingOrHotWater ?? null,
          loss_of_power: r.rates.lossOfPower ?? null,
          missed_appointment: r.rates.missedAppointment ?? null,
          created_at: r.createdAt,
          created_by: by,
        })
        .execute()
    },
  }
}
