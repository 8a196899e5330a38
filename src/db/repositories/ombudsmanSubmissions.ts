import type { Kysely } from 'kysely'
import type { SubmissionEvent, SubmissionEventData } from '../../domain/annualSubmission/submission.js'
import type { DB } from '../schema.js'
import { eventStream } from './eventStreams.js'

/** The Ombudsman's annual submissions: each year's append-only events, and a row with the latest. */
export function ombudsmanSubmissionsRepository(db: Kysely<DB>) {
  const stream = eventStream<SubmissionEventData>(db, 'ombudsman_submission_events')
  return {
    events: (year: number): Promise<SubmissionEvent[]> => stream.read(String(year)),
    append: (
      year: number,
      afterSeq: number,
      events: { data: SubmissionEventData; at: Date; by: string | null }[],
    ) => stream.append(String(year), afterSeq, events),

    /** The year's latest submission (the events' version check has already kept out a clash). */
    async saveLatest(s: { year: number; version: number; assessmentId: string; at: Date }) {
      const row = {
        version: s.version,
        assessment_id: s.assessmentId,
        submitted_at: s.at,
        updated_at: s.at,
      }
      await db
        .insertInto('ombudsman_submissions')
        .values({ year: s.year, ...row })
        .onConflict((oc) => oc.column('year').doUpdateSet(row))
        .execute()
    },

    /** The year's approved self-assessments, annual and re-assessments: the latest approved is the one to submit. */
    async approvedAssessmentIds(year: number) {
      const rows = await db
        .selectFrom('self_assessments')
        .select('id')
        .where('year', '=', year)
        .where('status', '=', 'approved')
        .execute()
      return rows.map((r) => r.id)
    },

    /**
     * The years whose latest submission carries a self-assessment since revised: another of the
     * year's assessments approved after it was submitted (an approved assessment never changes
     * again, so its row's last change is its approval).
     */
    async resubmissionsDue(): Promise<number[]> {
      const rows = await db
        .selectFrom('ombudsman_submissions as s')
        .select('s.year')
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('self_assessments as a')
              .select('a.id')
              .whereRef('a.year', '=', 's.year')
              .where('a.status', '=', 'approved')
              .whereRef('a.id', '<>', 's.assessment_id')
              .whereRef('a.updated_at', '>', 's.submitted_at'),
          ),
        )
        .orderBy('s.year')
        .execute()
      return rows.map((r) => r.year)
    },

    async years() {
      const rows = await db
        .selectFrom('ombudsman_submissions')
        .select('year')
        .orderBy('year', 'desc')
        .execute()
      return rows.map((r) => r.year)
    },
  }
}
