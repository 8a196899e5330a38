import { type Kysely, sql } from 'kysely'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import type { Remedy } from '../../domain/complaints/events.js'
import type { Band, GuidanceSet } from '../../domain/remedies/guidance.js'
import { givenInTheResponse } from '../../domain/remedies/vocabulary.js'
import type { DB } from '../schema.js'

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
  answer: { answer: 'accepted' | 'declined'; on: CalendarDate; note?: string } | null
  done: {
    on: CalendarDate
    note?: string
    payment?: { amount: number; offsetAgainstArrears?: number }
  } | null
}

/** Remedies offered (Code 7.1–7.3), and the landlord's compensation guidance (Code 7.4). */
export function remediesRepository(db: Kysely<DB>) {
  return {
    /**
     * Every remedy offered in a response, with the resident's latest answer and whether it was
     * done; `owed` keeps only those still to do (not declined, done, or given in the letter).
     */
    async register(f: { owed: boolean; limit: number }): Promise<RegisterRow[]> {
      const letterTypes = sql.join(givenInTheResponse.map((t) => sql`${t}`))
      const rows = await sql<{
        complaintId: string
        reference: string
        residentName: string
        handlerId: string | null
        state: string
        stage: number
        position: number
        respondedAt: Date
        remedy: Remedy
        answer: RegisterRow['answer']
        done: RegisterRow['done']
      }>`
        select c.id as "complaintId", c.reference, c.resident_name as "residentName",
          c.current_handler_id as "handlerId", c.state,
          (r.data->>'stage')::int as stage, m.position::int as position, r.at as "respondedAt",
          m.remedy, a.data as answer, d.data as done
        from complaint_events r
        join complaints c on c.id = r.complaint_id
        cross join lateral jsonb_array_elements(r.data->'remedies') with ordinality as m(remedy, position)
        left join lateral (
          select e.data from complaint_events e
          where e.complaint_id = r.complaint_id and e.type = 'complaint.remedy_answered'
            and e.data->>'remedyId' = (r.data->>'stage') || '-' || m.position
          order by e.seq desc limit 1
        ) a on true
        left join lateral (
          select e.data from complaint_events e
          where e.complaint_id = r.complaint_id and e.type = 'complaint.remedy_done'
            and e.data->>'remedyId' = (r.data->>'stage') || '-' || m.position
          limit 1
        ) d on true
        where r.type = 'complaint.responded'
          -- Owed remedies are outstanding actions, so only complaints with some are read.
          and (${!f.owed} or c.open_actions > 0)
          and (${!f.owed} or (
            d.data is null
            and coalesce(a.data->>'answer', 'offered') <> 'declined'
            and m.remedy->>'type' not in (${letterTypes})
          ))
        order by r.at desc, c.reference, m.position
        limit ${f.limit}
      `.execute(db)
      return rows.rows.map((r) => ({
        ...r,
        stage: r.stage === 2 ? 2 : 1,
        remedy: {
          ...r.remedy,
          ...(r.remedy.amount !== undefined ? { amount: Number(r.remedy.amount) } : {}),
        },
      }))
    },

    /**
     * The Ombudsman's orders and recommendations that put things right for the resident
     * (an apology, compensation, works), with when compliance was sent; `owed` keeps those not yet.
     */
    async ombudsmanRemedies(f: { owed: boolean; limit: number }) {
      const rows = await sql<{
        caseId: string
        ombudsmanReference: string
        complaintId: string
        reference: string
        residentName: string
        direction: {
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
          c.reference, c.resident_name as "residentName", d.data as direction,
          p.data->>'sentOn' as "compliedOn"
        from ombudsman_case_events d
        join ombudsman_cases o on o.id = d.case_id
        join complaints c on c.id = o.complaint_id
        left join ombudsman_case_events p on p.case_id = d.case_id
          and p.type = 'ombudsman.compliance_recorded' and p.data->>'directionId' = d.data->>'directionId'
        where d.type = 'ombudsman.direction_made' and d.data->>'kind' in ('apology', 'compensation', 'works')
          and (${!f.owed} or p.id is null)
        order by d.data->>'dueOn', c.reference
        limit ${f.limit}
      `.execute(db)
      return rows.rows.map((r) => ({
        ...r,
        direction: {
          ...r.direction,
          ...(r.direction.amount !== undefined ? { amount: Number(r.direction.amount) } : {}),
        },
      }))
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
  }
}
