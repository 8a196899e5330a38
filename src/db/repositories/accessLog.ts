import type { Kysely } from 'kysely'
import { isUuid } from '../../domain/ids.js'
import type { DB } from '../schema.js'

export const accessKinds = [
  'case',
  'case_history',
  'resident_record',
  'vulnerabilities',
  'document',
  'letter',
  'export',
  'subject_access',
] as const
export type AccessKind = (typeof accessKinds)[number]

export type AccessEntry = {
  staffId: string
  at: Date
  action: 'viewed' | 'downloaded'
  kind: AccessKind
  what: string
  complaintId?: string | null
  personId?: string | null
  via: 'web' | 'api'
  context?: string | null
}

export type AccessFilter = {
  staffId?: string
  complaintId?: string
  personId?: string
  kind?: AccessKind
  from?: Date
  before?: Date
  limit: number
  offset: number
}

/** The append-only log of who viewed or downloaded what (migration 0029). */
export function accessLogRepository(db: Kysely<DB>) {
  return {
    async record(e: AccessEntry): Promise<void> {
      await db
        .insertInto('access_log')
        .values({
          at: e.at,
          staff_id: e.staffId,
          action: e.action,
          kind: e.kind,
          what: e.what,
          complaint_id: e.complaintId ?? null,
          person_id: e.personId ?? null,
          via: e.via,
          context: e.context ?? null,
        })
        .execute()
    },

    /** A case or resident record by its id or its reference (CMP-…, RES-…), in any case. */
    async idOf(table: 'complaints' | 'people', given: string): Promise<string | undefined> {
      const value = given.trim()
      const row = await db
        .selectFrom(table)
        .select('id')
        .where((eb) =>
          // References are kept in capitals: compared as they are, the unique index finds them.
          isUuid(value) ? eb('id', '=', value) : eb('reference', '=', value.toUpperCase()),
        )
        .executeTakeFirst()
      return row?.id
    },

    /** Newest first, with the member of staff's name and the case's reference. */
    async search(f: AccessFilter) {
      let q = db
        .selectFrom('access_log as a')
        .innerJoin('users as u', 'u.id', 'a.staff_id')
        .leftJoin('complaints as c', 'c.id', 'a.complaint_id')
        .leftJoin('people as p', 'p.id', 'a.person_id')
      if (f.staffId) q = q.where('a.staff_id', '=', f.staffId)
      if (f.complaintId) q = q.where('a.complaint_id', '=', f.complaintId)
      // About a resident: their record, and anything about their complaints.
      if (f.personId) {
        const personId = f.personId
        q = q.where((eb) =>
          eb.or([
            eb('a.person_id', '=', personId),
            eb(
              'a.complaint_id',
              'in',
              eb
                .selectFrom('complaints')
                .select('complaints.id')
                .where('complaints.person_id', '=', personId),
            ),
          ]),
        )
      }
      if (f.kind) q = q.where('a.kind', '=', f.kind)
      if (f.from) q = q.where('a.at', '>=', f.from)
      if (f.before) q = q.where('a.at', '<', f.before)
      const [rows, total] = await Promise.all([
        q
          .select([
            'a.id',
            'a.at',
            'a.action',
            'a.kind',
            'a.what',
            'a.via',
            'a.context',
            'a.complaint_id as complaintId',
            'a.person_id as personId',
            'a.staff_id as staffId',
            'u.name as staffName',
            'u.email as staffEmail',
            'c.reference as complaintReference',
            'p.reference as personReference',
          ])
          .orderBy('a.at', 'desc')
          .orderBy('a.id', 'desc')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ])
      return { rows, total: Number(total.n) }
    },
  }
}
