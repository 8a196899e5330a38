import type { Kysely } from 'kysely'
import type { DB } from '../schema.js'

export function auditLogRepository(db: Kysely<DB>) {
  return {
    async record(entry: {
      at: Date
      actorId: string | null
      action: string
      subjectId?: string | null
      details?: Record<string, unknown>
    }) {
      await db
        .insertInto('audit_log')
        .values({
          at: entry.at,
          actor_id: entry.actorId,
          action: entry.action,
          subject_id: entry.subjectId ?? null,
          details: JSON.stringify(entry.details ?? {}),
        })
        .execute()
    },

    async forSubject(subjectId: string) {
      return db
        .selectFrom('audit_log')
        .select(['at', 'actor_id as actorId', 'action', 'details'])
        .where('subject_id', '=', subjectId)
        .orderBy('id')
        .execute()
    },
  }
}
