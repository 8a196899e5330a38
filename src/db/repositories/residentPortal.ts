import { type Kysely, sql } from 'kysely'
import type { DB } from '../schema.js'

export type Viewer = 'resident' | 'representative'
export type DraftFilePurpose = 'evidence' | 'consent'

/** What the resident pages keep: drafts of online complaints, one-time codes, sessions, surveys. */
export function residentPortalRepository(db: Kysely<DB>) {
  const draftFilesQuery = (draftId: string) =>
    db
      .selectFrom('complaint_draft_files')
      .select(['id', 'purpose', 'filename', 'content_type as contentType'])
      .where('draft_id', '=', draftId)
      .orderBy('created_at')
      .orderBy('id')
  return {
    async insertDraft(d: { id: string; tokenHash: string; at: Date }) {
      await db
        .insertInto('complaint_drafts')
        .values({
          id: d.id,
          token_hash: d.tokenHash,
          answers: JSON.stringify({}),
          created_at: d.at,
          updated_at: d.at,
        })
        .execute()
    },

    async draftByToken(tokenHash: string) {
      const row = await db
        .selectFrom('complaint_drafts')
        .select(['id', 'answers', 'complaint_id as complaintId', 'updated_at as updatedAt'])
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst()
      return row && { ...row, answers: row.answers as Record<string, unknown> }
    },

    async saveAnswers(id: string, answers: Record<string, unknown>, at: Date) {
      await db
        .updateTable('complaint_drafts')
        .set({ answers: JSON.stringify(answers), updated_at: at })
        .where('id', '=', id)
        .where('complaint_id', 'is', null)
        .execute()
    },

    /**
     * Marks the draft as the complaint it became, in the transaction that logs the complaint.
     * False when another submit of the same draft got there first (it waits for that one's
     * transaction, then finds the draft taken).
     */
    async claimDraft(id: string, complaintId: string, at: Date): Promise<boolean> {
      const rows = await db
        .updateTable('complaint_drafts')
        // The answers and files are the complaint's now: the draft keeps only which complaint it became.
        .set({ complaint_id: complaintId, submitted_at: at, updated_at: at, answers: JSON.stringify({}) })
        .where('id', '=', id)
        .where('complaint_id', 'is', null)
        .returning('id')
        .execute()
      if (rows.length !== 1) return false
      await db.deleteFrom('complaint_draft_files').where('draft_id', '=', id).execute()
      return true
    },

    async insertDraftFile(f: {
      id: string
      draftId: string
      purpose: DraftFilePurpose
      filename: string
      contentType: string
      content: Uint8Array
      at: Date
    }) {
      await db
        .insertInto('complaint_draft_files')
        .values({
          id: f.id,
          draft_id: f.draftId,
          purpose: f.purpose,
          filename: f.filename,
          content_type: f.contentType,
          size: f.content.length,
          content: Buffer.from(f.content),
          created_at: f.at,
        })
        .execute()
    },

    /** The files added to a draft, oldest first: what they are, and their bytes when asked for. */
    async draftFiles(draftId: string) {
      return (await draftFilesQuery(draftId).select('size').execute()) as {
        id: string
        purpose: DraftFilePurpose
        filename: string
        contentType: string
        size: number
      }[]
    },

    async draftFileContents(draftId: string) {
      return draftFilesQuery(draftId).select('content').execute()
    },

    async removeDraftFile(draftId: string, fileId: string) {
      await db
        .deleteFrom('complaint_draft_files')
        .where('draft_id', '=', draftId)
        .where('id', '=', fileId)
        .execute()
    },

    /** Drafts untouched since the cutoff, sent or not: kept no longer than needed. */
    async deleteOldDrafts(before: Date): Promise<number> {
      const rows = await db
        .deleteFrom('complaint_drafts')
        .where('updated_at', '<', before)
        .returning('id')
        .execute()
      return rows.length
    },

    /** Codes, sessions and rate-limit counts past any use: nothing is kept that is not needed. */
    async deleteExpired(now: Date): Promise<{ challenges: number; sessions: number; hits: number }> {
      const dayAgo = new Date(now.getTime() - 86_400_000)
      const challenges = await db
        .deleteFrom('track_challenges')
        .where('expires_at', '<', dayAgo)
        .returning('id')
        .execute()
      const sessions = await db
        .deleteFrom('resident_sessions')
        .where('expires_at', '<', now)
        .returning('token_hash')
        .execute()
      const hits = await db
        .deleteFrom('rate_limit_hits')
        .where('at', '<', dayAgo)
        .returning('bucket')
        .execute()
      return { challenges: challenges.length, sessions: sessions.length, hits: hits.length }
    },

    async insertChallenge(c: {
      id: string
      tokenHash: string
      complaintId: string | null
      viewer: Viewer | null
      codeHash: string
      at: Date
      expiresAt: Date
    }) {
      await db
        .insertInto('track_challenges')
        .values({
          id: c.id,
          token_hash: c.tokenHash,
          complaint_id: c.complaintId,
          viewer: c.viewer,
          code_hash: c.codeHash,
          created_at: c.at,
          expires_at: c.expiresAt,
        })
        .execute()
    },

    async challengeByToken(tokenHash: string) {
      return db
        .selectFrom('track_challenges')
        .select([
          'id',
          'complaint_id as complaintId',
          'viewer',
          'code_hash as codeHash',
          'attempts',
          'expires_at as expiresAt',
          'used_at as usedAt',
        ])
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst()
    },

    /** Counts one try at the code, atomically; the tries used so far, or undefined when none are left. */
    async countAttempt(id: string, maxAttempts: number): Promise<number | undefined> {
      const row = await db
        .updateTable('track_challenges')
        .set({ attempts: sql`attempts + 1` })
        .where('id', '=', id)
        .where('attempts', '<', maxAttempts)
        .where('used_at', 'is', null)
        .returning('attempts')
        .executeTakeFirst()
      return row?.attempts
    },

    /** Uses the challenge up, once: false if it was already used. */
    async useChallenge(id: string, at: Date): Promise<boolean> {
      const rows = await db
        .updateTable('track_challenges')
        .set({ used_at: at })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .returning('id')
        .execute()
      return rows.length === 1
    },

    async insertSession(s: {
      tokenHash: string
      complaintId: string
      viewer: Viewer
      at: Date
      expiresAt: Date
    }) {
      await db
        .insertInto('resident_sessions')
        .values({
          token_hash: s.tokenHash,
          complaint_id: s.complaintId,
          viewer: s.viewer,
          created_at: s.at,
          expires_at: s.expiresAt,
        })
        .execute()
    },

    async session(tokenHash: string, now: Date) {
      const row = await db
        .selectFrom('resident_sessions')
        .select(['complaint_id as complaintId', 'viewer'])
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '>', now)
        .executeTakeFirst()
      return row && { complaintId: row.complaintId, viewer: row.viewer as Viewer }
    },

    async deleteSession(tokenHash: string) {
      await db.deleteFrom('resident_sessions').where('token_hash', '=', tokenHash).execute()
    },

    /**
     * Records one attempt in the bucket and says how many there have been since `since`,
     * this one included. Shared by every instance, since it lives in the database.
     */
    async hit(bucket: string, keyHash: string, at: Date, since: Date): Promise<number> {
      await db.insertInto('rate_limit_hits').values({ bucket, key_hash: keyHash, at }).execute()
      // Attempts older than a day count for nothing: forget them as we go.
      await db
        .deleteFrom('rate_limit_hits')
        .where('bucket', '=', bucket)
        .where('key_hash', '=', keyHash)
        .where('at', '<', new Date(at.getTime() - 86_400_000))
        .execute()
      const row = await db
        .selectFrom('rate_limit_hits')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('bucket', '=', bucket)
        .where('key_hash', '=', keyHash)
        .where('at', '>=', since)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },

    /** The answer, once per complaint and stage: false when one was already given. */
    async insertSurvey(s: {
      complaintId: string
      stage: number
      satisfaction: string
      comment?: string
      at: Date
    }): Promise<boolean> {
      const rows = await db
        .insertInto('satisfaction_responses')
        .values({
          complaint_id: s.complaintId,
          stage: s.stage,
          satisfaction: s.satisfaction,
          comment: s.comment ?? null,
          answered_at: s.at,
        })
        .onConflict((oc) => oc.columns(['complaint_id', 'stage']).doNothing())
        .returning('complaint_id')
        .execute()
      return rows.length === 1
    },

    async surveys(complaintId: string) {
      return db
        .selectFrom('satisfaction_responses')
        .select(['stage', 'satisfaction', 'comment', 'answered_at as answeredAt'])
        .where('complaint_id', '=', complaintId)
        .orderBy('stage')
        .execute()
    },
  }
}
