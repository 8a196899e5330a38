import type { Kysely } from 'kysely'
import type { DB } from '../schema.js'

/** Web sessions and API tokens, both stored as hashes of the secret the holder keeps. */
export function credentialsRepository(db: Kysely<DB>) {
  return {
    async insertSession(s: { tokenHash: string; userId: string; createdAt: Date; expiresAt: Date }) {
      await db
        .insertInto('staff_sessions')
        .values({
          token_hash: s.tokenHash,
          user_id: s.userId,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
          last_seen_at: s.createdAt,
        })
        .execute()
    },

    async findLiveSession(tokenHash: string, now: Date) {
      return db
        .selectFrom('staff_sessions')
        .select(['user_id as userId', 'expires_at as expiresAt', 'last_seen_at as lastSeenAt'])
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '>', now)
        .executeTakeFirst()
    },

    async touchSession(tokenHash: string, now: Date) {
      await db
        .updateTable('staff_sessions')
        .set({ last_seen_at: now })
        .where('token_hash', '=', tokenHash)
        .execute()
    },

    async deleteSession(tokenHash: string) {
      await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute()
    },

    /** Ends every session of a user except, optionally, the one in use. */
    async deleteSessionsOf(userId: string, except?: string) {
      let q = db.deleteFrom('staff_sessions').where('user_id', '=', userId)
      if (except) q = q.where('token_hash', '<>', except)
      await q.execute()
    },

    async deleteExpiredSessions(now: Date) {
      await db.deleteFrom('staff_sessions').where('expires_at', '<=', now).execute()
    },

    async insertApiToken(t: { tokenHash: string; userId: string; createdAt: Date; expiresAt: Date }) {
      await db
        .insertInto('api_tokens')
        .values({
          token_hash: t.tokenHash,
          user_id: t.userId,
          created_at: t.createdAt,
          expires_at: t.expiresAt,
        })
        .execute()
    },

    async touchApiToken(id: string, now: Date) {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute()
    },

    async revokeApiTokensOf(userId: string, now: Date) {
      await db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute()
    },
  }
}

export type CredentialsRepository = ReturnType<typeof credentialsRepository>
