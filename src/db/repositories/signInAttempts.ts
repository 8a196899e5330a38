import type { Kysely } from 'kysely'
import type { DB } from '../schema.js'

/** Attempts to sign in through the identity provider, each usable once (migration 0030). */
export function signInAttemptsRepository(db: Kysely<DB>) {
  return {
    async start(a: { stateHash: string; codeVerifier: string; nonce: string; next: string; at: Date }) {
      await db
        .insertInto('sign_in_attempts')
        .values({
          state_hash: a.stateHash,
          code_verifier: a.codeVerifier,
          nonce: a.nonce,
          next_path: a.next,
          created_at: a.at,
        })
        .execute()
    },

    /**
     * Takes the attempt for a state, once: it must be unused and started after `startedAfter`.
     * Marking it used and reading it are one statement, so two answers with the same state
     * (a replay) cannot both succeed, on one instance or many.
     */
    async claim(stateHash: string, now: Date, startedAfter: Date) {
      return db
        .updateTable('sign_in_attempts')
        .set({ used_at: now })
        .where('state_hash', '=', stateHash)
        .where('used_at', 'is', null)
        .where('created_at', '>', startedAfter)
        .returning(['code_verifier as codeVerifier', 'nonce', 'next_path as next'])
        .executeTakeFirst()
    },

    async deleteStartedBefore(before: Date): Promise<number> {
      const r = await db.deleteFrom('sign_in_attempts').where('created_at', '<', before).executeTakeFirst()
      return Number(r.numDeletedRows)
    },
  }
}
