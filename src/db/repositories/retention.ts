import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import {
  ANONYMISED_NAME,
  laterActivityEvents,
  REDACTED,
  redacted,
  retainableStates,
} from '../../domain/dataProtection/retention.js'
import type { DB } from '../schema.js'
import { inboxRepository } from './inbox.js'

/** A closed complaint past retention, and what (if anything) holds it. */
export type RetentionCandidate = {
  id: string
  reference: string
  state: string
  personId: string | null
  lastActivityOn: CalendarDate
  legalHold: string | null
  ombudsmanOpen: boolean
  hazardOpen: boolean
  actionsOpen: boolean
}

export type Removed = {
  events: number
  letters: number
  documents: number
  emails: number
  drafts: number
  hazardEvents: number
  ombudsmanEvents: number
  personEvents: number
  /** Emails read from the complaints mailbox and joined to the complaint, deleted with their attachments. */
  inboxEmails: number
}

/** The day after `cutoff`, at midnight in London: anything last changed before it is past retention. */
export const dayAfter = (cutoff: CalendarDate) =>
  sql`((${cutoff}::date + 1)::timestamp at time zone 'Europe/London')`

/**
 * One page, by reference, of the rows `due` selects (each with its `last_at`), with that day in
 * London as `last_on`; and how many rows it selects in all.
 */
export async function pageOfDue<R extends { reference: string }>(
  db: Kysely<DB>,
  due: RawBuilder<unknown>,
  opts: { limit: number; afterReference?: string },
): Promise<{ rows: (R & { last_on: CalendarDate })[]; total: number }> {
  const [rows, total] = await Promise.all([
    sql<R & { last_on: CalendarDate }>`
      select d.*, to_char(d.last_at at time zone 'Europe/London', 'YYYY-MM-DD') as last_on
      from (${due}) d
      where d.reference > ${opts.afterReference ?? ''}
      order by d.reference limit ${opts.limit}`.execute(db),
    sql<{ n: string }>`select count(*)::text as n from (${due}) d`.execute(db),
  ])
  return { rows: rows.rows, total: Number(total.rows[0]?.n ?? 0) }
}

/**
 * The one place history may be rewritten: the anonymising transaction `tx`, and only it, may
 * rewrite the event tables the database lists (migrations 0031, 0032).
 */
export async function allowAnonymising(tx: Transaction<DB>) {
  await sql`select set_config('complaints.anonymising', 'on', true)`.execute(tx)
}

/** Redacts the personal data in these events, in the anonymising transaction; how many there were. */
export async function redactEvents(
  tx: Transaction<DB>,
  table:
    | 'complaint_events'
    | 'hazard_events'
    | 'ombudsman_case_events'
    | 'person_events'
    | 'service_request_events',
  rows: { id: number; data: unknown }[],
) {
  for (const r of rows)
    await tx
      .updateTable(table)
      .set({ data: JSON.stringify(redacted(r.data)) })
      .where('id', '=', r.id)
      .execute()
  return rows.length
}

/** Storage limitation: what is past retention, legal holds, and anonymising one complaint. */
export function retentionRepository(db: Kysely<DB>) {
  return {
    /**
     * Closed complaints not yet anonymised whose last activity is on or before `cutoff`: when it
     * was closed (withdrawn, refused), or a remedy answered or done since, or the last event on
     * an Ombudsman case or hazard about it, each by when it took effect, never by when it was
     * typed in. A complaint that ended after the cutoff is passed over by the index alone.
     */
    async pastRetention(
      cutoff: CalendarDate,
      opts: { limit: number; afterReference?: string },
    ): Promise<{ rows: RetentionCandidate[]; total: number }> {
      const before = dayAfter(cutoff)
      const base = sql`
        select c.id, c.reference, c.state, c.person_id,
          greatest(c.closed_at, rm.last_at, om.last_at, hz.last_at) as last_at,
          h.reason as legal_hold,
          coalesce(om.open, false) as ombudsman_open,
          coalesce(hz.open, false) as hazard_open,
          c.open_actions > 0 as actions_open
        from complaints c
        left join lateral (
          select max(e.at) as last_at from complaint_events e
          where e.complaint_id = c.id and e.type in (${sql.join([...laterActivityEvents])})
        ) rm on true
        left join lateral (
          select max(e.at) as last_at,
            bool_or(oc.next_due_on is not null or not exists (
              select 1 from ombudsman_case_events d
              where d.case_id = oc.id and d.type = 'ombudsman.determination_recorded')) as open
          from ombudsman_cases oc join ombudsman_case_events e on e.case_id = oc.id
          where oc.complaint_id = c.id
        ) om on true
        left join lateral (
          select max(e.at) as last_at, bool_or(z.next_clock is not null) as open
          from hazards z join hazard_events e on e.hazard_id = z.id
          where z.complaint_id = c.id
        ) hz on true
        left join retention_holds h on h.complaint_id = c.id and h.released_at is null
        where c.anonymised_at is null
          and c.state in (${sql.join([...retainableStates])})
          and c.closed_at < ${before}`
      const due = sql`select * from (${base}) d where d.last_at < ${before}`
      const { rows, total } = await pageOfDue<{
        id: string
        reference: string
        state: string
        person_id: string | null
        legal_hold: string | null
        ombudsman_open: boolean
        hazard_open: boolean
        actions_open: boolean
      }>(db, due, opts)
      return {
        rows: rows.map((r) => ({
          id: r.id,
          reference: r.reference,
          state: r.state,
          personId: r.person_id,
          lastActivityOn: r.last_on,
          legalHold: r.legal_hold,
          ombudsmanOpen: r.ombudsman_open,
          hazardOpen: r.hazard_open,
          actionsOpen: r.actions_open,
        })),
        total,
      }
    },

    async complaintByReference(reference: string) {
      return db
        .selectFrom('complaints')
        .select(['id', 'reference', 'state', 'anonymised_at as anonymisedAt'])
        .where('reference', '=', reference.trim().toUpperCase())
        .executeTakeFirst()
    },

    async placeHold(h: { id: string; complaintId: string; reason: string; at: Date; by: string }) {
      await db
        .insertInto('retention_holds')
        .values({ id: h.id, complaint_id: h.complaintId, reason: h.reason, placed_at: h.at, placed_by: h.by })
        .execute()
    },

    /** Releases an active hold; false when there is none by that id. */
    async releaseHold(h: { id: string; reason: string; at: Date; by: string }): Promise<boolean> {
      const r = await db
        .updateTable('retention_holds')
        .set({ released_at: h.at, released_by: h.by, release_reason: h.reason })
        .where('id', '=', h.id)
        .where('released_at', 'is', null)
        .executeTakeFirst()
      return r.numUpdatedRows > 0n
    },

    async activeHolds() {
      return db
        .selectFrom('retention_holds as h')
        .innerJoin('complaints as c', 'c.id', 'h.complaint_id')
        .innerJoin('users as u', 'u.id', 'h.placed_by')
        .select([
          'h.id',
          'h.reason',
          'h.placed_at as placedAt',
          'u.name as placedBy',
          'c.reference',
          'c.id as complaintId',
        ])
        .where('h.released_at', 'is', null)
        .orderBy('c.reference')
        .execute()
    },

    async anonymisationOf(complaintId: string) {
      return db
        .selectFrom('retention_anonymisations')
        .select(['anonymised_at as anonymisedAt', 'retention_years as retentionYears'])
        .where('complaint_id', '=', complaintId)
        .executeTakeFirst()
    },

    async recentAnonymisations(limit: number) {
      return db
        .selectFrom('retention_anonymisations as a')
        .leftJoin('users as u', 'u.id', 'a.by_user_id')
        .select([
          'a.id',
          'a.complaint_id as complaintId',
          'a.reference',
          'a.anonymised_at as anonymisedAt',
          'a.last_activity_on as lastActivityOn',
          'a.retention_years as retentionYears',
          'a.person_anonymised as personAnonymised',
          'a.removed',
          'u.name as byName',
        ])
        .orderBy('a.anonymised_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(limit)
        .execute()
    },

    /**
     * Anonymises one complaint in the caller's transaction, after checking again, under a row
     * lock, that it is still closed, not anonymised and not held: its events, letters, emails,
     * hazards and Ombudsman case lose their personal data; its documents, drafts, codes and
     * sessions go; its resident record too once none of their complaints is left unanonymised.
     * Returns what was removed, or undefined if it may no longer be anonymised.
     */
    async anonymise(
      tx: Transaction<DB>,
      c: { id: string; lastActivityOn: CalendarDate },
      opts: { at: Date; letterText: string; years: number; byUserId: string | null },
    ): Promise<Removed | undefined> {
      const row = await tx
        .selectFrom('complaints')
        .select(['reference', 'state', 'person_id', 'anonymised_at'])
        .where('id', '=', c.id)
        .forUpdate()
        .executeTakeFirst()
      if (!row || row.anonymised_at || !retainableStates.includes(row.state as never)) return undefined
      const held = await tx
        .selectFrom('retention_holds')
        .select('id')
        .where('complaint_id', '=', c.id)
        .where('released_at', 'is', null)
        .executeTakeFirst()
      if (held) return undefined
      await allowAnonymising(tx)
      const events = await redactEvents(
        tx,
        'complaint_events',
        await tx
          .selectFrom('complaint_events')
          .select(['id', 'data'])
          .where('complaint_id', '=', c.id)
          .execute(),
      )
      const hazardEvents = await redactEvents(
        tx,
        'hazard_events',
        await tx
          .selectFrom('hazard_events')
          .select(['hazard_events.id', 'hazard_events.data'])
          .where('hazard_id', 'in', tx.selectFrom('hazards').select('id').where('complaint_id', '=', c.id))
          .execute(),
      )
      const ombudsmanEvents = await redactEvents(
        tx,
        'ombudsman_case_events',
        await tx
          .selectFrom('ombudsman_case_events')
          .select(['id', 'data'])
          .where(
            'case_id',
            'in',
            tx.selectFrom('ombudsman_cases').select('id').where('complaint_id', '=', c.id),
          )
          .execute(),
      )
      const letters = await tx
        .updateTable('letters')
        .set({ text: opts.letterText })
        .where('complaint_id', '=', c.id)
        .executeTakeFirst()
      // A letter audit's feedback may quote the letter: its words go; its scores stay for the figures.
      await tx
        .updateTable('letter_audits')
        .set({
          summary: REDACTED,
          scores: sql`(select coalesce(jsonb_agg(s - 'comment'), '[]'::jsonb) from jsonb_array_elements(scores) s)`,
        })
        .where('complaint_id', '=', c.id)
        .execute()
      const documents = await tx.deleteFrom('documents').where('complaint_id', '=', c.id).executeTakeFirst()
      const inboxEmails = await inboxRepository(tx).deleteForRetention({ complaintId: c.id })
      const messages = tx.selectFrom('mail_messages').select('id').where('complaint_id', '=', c.id)
      await tx
        .updateTable('mail_attempts')
        .set({ error: REDACTED })
        .where('message_id', 'in', messages)
        .where('error', 'is not', null)
        .execute()
      const emails = await tx
        .updateTable('mail_messages')
        .set({
          to_address: REDACTED,
          subject: REDACTED,
          text_body: REDACTED,
          html_body: `<p>${REDACTED}</p>`,
          last_error: null,
        })
        .where('complaint_id', '=', c.id)
        .executeTakeFirst()
      await tx
        .updateTable('satisfaction_responses')
        .set({ comment: null })
        .where('complaint_id', '=', c.id)
        .execute()
      const drafts = await tx
        .deleteFrom('complaint_drafts')
        .where('complaint_id', '=', c.id)
        .executeTakeFirst()
      await tx.deleteFrom('track_challenges').where('complaint_id', '=', c.id).execute()
      await tx.deleteFrom('resident_sessions').where('complaint_id', '=', c.id).execute()
      await tx
        .updateTable('complaints')
        .set({
          resident_name: ANONYMISED_NAME,
          resident_email: null,
          resident_postcode: null,
          address_key: null,
          search_text: row.reference.toLowerCase(),
          anonymised_at: opts.at,
        })
        .where('id', '=', c.id)
        .execute()

      // The resident record goes once nothing of theirs is left to keep (nor any record merged into it).
      let personEvents = 0
      let personAnonymised = false
      if (row.person_id) {
        const people = [
          row.person_id,
          ...(
            await tx.selectFrom('people').select('id').where('merged_into_id', '=', row.person_id).execute()
          ).map((p) => p.id),
        ]
        const stillKept = await tx
          .selectFrom('complaints')
          .select('id')
          .where('person_id', 'in', people)
          .where('anonymised_at', 'is', null)
          .executeTakeFirst()
        if (!stillKept) {
          personEvents = await redactEvents(
            tx,
            'person_events',
            await tx
              .selectFrom('person_events')
              .select(['id', 'data'])
              .where('person_id', 'in', people)
              .execute(),
          )
          await tx
            .updateTable('people')
            .set({
              name: ANONYMISED_NAME,
              email: null,
              phone: null,
              postcode: null,
              address: null,
              tenancy_reference: null,
              search_text: sql`lower(reference)`,
              has_vulnerability: false,
              has_adjustments: false,
              next_review_on: null,
              restricted_until: null,
              restriction_review_on: null,
              anonymised_at: opts.at,
            })
            .where('id', 'in', people)
            .execute()
          personAnonymised = true
        }
      }

      const removed: Removed = {
        events,
        letters: Number(letters.numUpdatedRows),
        documents: Number(documents.numDeletedRows),
        emails: Number(emails.numUpdatedRows),
        drafts: Number(drafts.numDeletedRows),
        hazardEvents,
        ombudsmanEvents,
        personEvents,
        inboxEmails,
      }
      await tx
        .insertInto('retention_anonymisations')
        .values({
          complaint_id: c.id,
          reference: row.reference,
          person_id: row.person_id,
          person_anonymised: personAnonymised,
          anonymised_at: opts.at,
          last_activity_on: c.lastActivityOn,
          retention_years: opts.years,
          by_user_id: opts.byUserId,
          removed: JSON.stringify(removed),
        })
        .execute()
      return removed
    },
  }
}
