import { type Kysely, sql } from 'kysely'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import type { AuditRecord, AuditScore, ChecklistItem } from '../../domain/letterAudits/letterAudits.js'
import type { DB } from '../schema.js'

export type SampledLetter = {
  id: string
  complaintId: string
  reference: string
  kind: string
  stage: number
  issuedAt: Date
  handlerId: string | null
}

export type AuditRow = AuditRecord & {
  id: string
  letterId: string
  complaintId: string
  reference: string
  checklistVersion: number
  summary: string
  auditedAt: Date
  auditedBy: string
  feedbackSeenAt: Date | null
}

/** What a letter to audit is shown with, read from `letters as l` and `complaints as c`. */
const letterColumns = [
  'l.id',
  'l.complaint_id as complaintId',
  'c.reference',
  'l.kind',
  'l.stage',
  'l.issued_at as issuedAt',
] as const

/** Letter audits and their checklist's versions. */
export function letterAuditsRepository(db: Kysely<DB>) {
  const audits = () =>
    db
      .selectFrom('letter_audits as a')
      .innerJoin('complaints as c', 'c.id', 'a.complaint_id')
      .select([
        'a.id',
        'a.letter_id as letterId',
        'a.complaint_id as complaintId',
        'c.reference',
        'a.kind',
        'a.sent_on as sentOn',
        'a.handler_id as handlerId',
        'a.checklist_version as checklistVersion',
        'a.scores',
        'a.score',
        'a.summary',
        'a.audited_at as auditedAt',
        'a.audited_on as auditedOn',
        'a.audited_by as auditedBy',
        'a.feedback_seen_at as feedbackSeenAt',
      ])
  const asRow = (r: Awaited<ReturnType<ReturnType<typeof audits>['execute']>>[number]): AuditRow => ({
    ...r,
    sentOn: r.sentOn as CalendarDate,
    auditedOn: r.auditedOn as CalendarDate,
    scores: r.scores as AuditScore[],
  })

  return {
    async checklist(version?: number): Promise<{ version: number; items: ChecklistItem[] } | undefined> {
      let q = db.selectFrom('letter_audit_checklists').select(['version', 'items'])
      q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version)
      const row = await q.executeTakeFirst()
      return row ? { version: row.version, items: row.items as ChecklistItem[] } : undefined
    },

    /**
     * A new version; two saving at once cannot both take the same number (the key refuses one).
     * `ifAbsent`: kept only if no version has that number yet (the Code's list as version 1).
     */
    async addChecklist(
      version: number,
      items: ChecklistItem[],
      at: Date,
      by: string | null,
      ifAbsent = false,
    ) {
      const insert = db
        .insertInto('letter_audit_checklists')
        .values({ version, items: JSON.stringify(items), created_at: at, created_by: by })
      await (ifAbsent ? insert.onConflict((oc) => oc.column('version').doNothing()) : insert).execute()
    },

    /**
     * Letters sent in [from, until) not yet audited, by whoever issued them and of the kind when
     * given: at random, or the latest first. Read from the letters' own events (who issued each,
     * indexed by when), not from who handles the complaint now.
     */
    async sample(f: {
      from: Date
      until: Date
      handlerId?: string
      kind?: string
      count: number
      random: boolean
    }): Promise<SampledLetter[]> {
      let q = db
        .selectFrom('complaint_events as e')
        .innerJoin('letters as l', (j) => j.on(sql`l.id`, '=', sql`(e.data ->> 'letterId')::uuid`))
        .innerJoin('complaints as c', 'c.id', 'e.complaint_id')
        .leftJoin('letter_audits as a', 'a.letter_id', 'l.id')
        .select([...letterColumns, 'e.actor_id as handlerId'])
        .where('e.type', '=', 'complaint.letter_issued')
        .where('e.at', '>=', f.from)
        .where('e.at', '<', f.until)
        .where('a.id', 'is', null)
      if (f.kind) q = q.where(sql<string>`e.data ->> 'kind'`, '=', f.kind)
      if (f.handlerId) q = q.where('e.actor_id', '=', f.handlerId)
      q = f.random ? q.orderBy(sql`random()`) : q.orderBy('e.at', 'desc').orderBy('l.id')
      return q.limit(f.count).execute()
    },

    /** A letter, and who issued it (the event that issued it says). */
    async letter(id: string) {
      return db
        .selectFrom('letters as l')
        .innerJoin('complaints as c', 'c.id', 'l.complaint_id')
        .leftJoin('complaint_events as e', (j) =>
          j
            .onRef('e.complaint_id', '=', 'l.complaint_id')
            .on('e.type', '=', 'complaint.letter_issued')
            .on(sql`e.data ->> 'letterId'`, '=', sql`l.id::text`),
        )
        .select([...letterColumns, 'l.text', 'e.actor_id as handlerId'])
        .where('l.id', '=', id)
        .executeTakeFirst()
    },

    /** Records an audit; false when the letter was already audited (by someone else, meanwhile). */
    async insert(a: Omit<AuditRow, 'reference' | 'feedbackSeenAt'>): Promise<boolean> {
      const inserted = await db
        .insertInto('letter_audits')
        .values({
          id: a.id,
          letter_id: a.letterId,
          complaint_id: a.complaintId,
          kind: a.kind,
          sent_on: a.sentOn,
          handler_id: a.handlerId,
          checklist_version: a.checklistVersion,
          scores: JSON.stringify(a.scores),
          score: a.score,
          summary: a.summary,
          audited_at: a.auditedAt,
          audited_on: a.auditedOn,
          audited_by: a.auditedBy,
        })
        .onConflict((oc) => oc.column('letter_id').doNothing())
        .executeTakeFirst()
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0
    },

    async get(id: string): Promise<AuditRow | undefined> {
      const r = await audits().where('a.id', '=', id).executeTakeFirst()
      return r && asRow(r)
    },

    /** Audits of letters sent in the period (for the figures), or of one handler's letters, newest first. */
    async list(f: { sentFrom?: CalendarDate; sentTo?: CalendarDate; handlerId?: string; limit?: number }) {
      let q = audits()
      if (f.sentFrom) q = q.where('a.sent_on', '>=', f.sentFrom)
      if (f.sentTo) q = q.where('a.sent_on', '<=', f.sentTo)
      if (f.handlerId) q = q.where('a.handler_id', '=', f.handlerId)
      const rows = await q
        .orderBy('a.audited_at', 'desc')
        .orderBy('a.id')
        .limit(f.limit ?? 10_000)
        .execute()
      return rows.map(asRow)
    },

    async markSeen(id: string, handlerId: string, at: Date) {
      await db
        .updateTable('letter_audits')
        .set({ feedback_seen_at: at })
        .where('id', '=', id)
        .where('handler_id', '=', handlerId)
        .where('feedback_seen_at', 'is', null)
        .execute()
    },

    async unseenFor(handlerId: string): Promise<number> {
      const r = await db
        .selectFrom('letter_audits')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('handler_id', '=', handlerId)
        .where('feedback_seen_at', 'is', null)
        .executeTakeFirstOrThrow()
      return Number(r.n)
    },
  }
}
