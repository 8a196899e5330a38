import { type Kysely, sql } from 'kysely'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import type {
  AssessmentEvent,
  AssessmentEventData,
  SelfAssessment,
} from '../../domain/selfAssessment/selfAssessment.js'
import { assessmentStatus } from '../../domain/selfAssessment/selfAssessment.js'
import type { DB } from '../schema.js'
import { updatedOrConflict } from './complaints.js'
import { eventStream } from './eventStreams.js'

/** The self-assessments: each an append-only run of events, with a row for lists. */
export function selfAssessmentsRepository(db: Kysely<DB>) {
  const stream = eventStream<AssessmentEventData>(db, 'self_assessment_events')
  const row = (a: SelfAssessment, now: Date) => ({
    id: a.id,
    year: a.year,
    trigger: a.trigger,
    status: assessmentStatus(a),
    version: a.version,
    updated_at: now,
  })
  return {
    events: (id: string): Promise<AssessmentEvent[]> => stream.read(id),
    append: (
      id: string,
      afterSeq: number,
      events: { data: AssessmentEventData; at: Date; by: string | null }[],
    ) => stream.append(id, afterSeq, events),

    async insert(a: SelfAssessment, now: Date) {
      await db.insertInto('self_assessments').values(row(a, now)).execute()
    },

    /** Updates the row only if nobody else changed the assessment since `expectedVersion`. */
    async update(a: SelfAssessment, expectedVersion: number, now: Date) {
      await updatedOrConflict(
        db
          .updateTable('self_assessments')
          .set(row(a, now))
          .where('id', '=', a.id)
          .where('version', '=', expectedVersion)
          .executeTakeFirst(),
      )
    },

    async insertDocument(d: {
      id: string
      assessmentId: string
      provision: string
      filename: string
      contentType: string
      sha256: string
      content: Uint8Array
      at: Date
      by: string
    }) {
      await db
        .insertInto('self_assessment_documents')
        .values({
          id: d.id,
          assessment_id: d.assessmentId,
          provision: d.provision,
          filename: d.filename,
          content_type: d.contentType,
          size: d.content.length,
          sha256: d.sha256,
          content: d.content,
          uploaded_at: d.at,
          uploaded_by: d.by,
        })
        .execute()
    },

    async document(assessmentId: string, documentId: string) {
      return db
        .selectFrom('self_assessment_documents')
        .select(['filename', 'content_type as contentType', 'content'])
        .where('assessment_id', '=', assessmentId)
        .where('id', '=', documentId)
        .executeTakeFirst()
    },

    async annualFor(year: number) {
      return db
        .selectFrom('self_assessments')
        .select(['id', 'year', 'trigger', 'status'])
        .where('year', '=', year)
        .where('trigger', '=', 'annual')
        .executeTakeFirst()
    },

    async list() {
      return db
        .selectFrom('self_assessments')
        .select(['id', 'year', 'trigger', 'status', 'updated_at as updatedAt'])
        .orderBy('year', 'desc')
        .orderBy('updated_at', 'desc')
        .execute()
    },

    /** Code 6.13: stage 2 considered by the person who considered stage 1, acknowledged in the period. */
    async sameHandlerAtBothStages(from: CalendarDate, to: CalendarDate) {
      const { rows } = await sql<{ n: number }>`
        select count(*) as n from complaints c
        where c.stage2_handler_id is not null and c.stage2_handler_id = c.stage1_handler_id
          and exists (select 1 from report_facts f where f.complaint_id = c.id and f.kind = 'clock'
            and f.key = 'stage2Acknowledgement' and f.result in ('on_time', 'late')
            and f.on_date between ${from} and ${to})
      `.execute(db)
      return Number(rows[0]?.n ?? 0)
    },

    /** Code 7.1: upheld or partly upheld responses in the period, and those that offered a remedy. */
    async upheldWithRemedy(from: CalendarDate, to: CalendarDate) {
      const { rows } = await sql<{ upheld: number; remedied: number }>`
        select count(*) as upheld,
          count(*) filter (where exists (select 1 from report_facts o where o.complaint_id = r.complaint_id
            and o.kind = 'remedy_offered' and o.on_date = r.on_date)) as remedied
        from report_facts r
        where r.kind = 'response' and r.on_date between ${from} and ${to}
          and (r.key like '%:upheld' or r.key like '%:partly_upheld')
      `.execute(db)
      return { upheld: Number(rows[0]?.upheld ?? 0), remedied: Number(rows[0]?.remedied ?? 0) }
    },

    /** Code 9.6, 9.7: board packs taken from the service in the period (London dates). */
    async boardPacksProduced(from: CalendarDate, to: CalendarDate) {
      const { rows } = await sql<{ n: number }>`
        select count(*) as n from audit_log
        where action = 'board_pack.produced'
          and (at at time zone 'Europe/London')::date between ${from}::date and ${to}::date
      `.execute(db)
      return Number(rows[0]?.n ?? 0)
    },

    /** Code 8.1: versions of the year's annual report published. */
    /** The year's annual report versions published, and how many carried the self-assessment (8.1(a)). */
    async annualReportVersions(year: number) {
      const { rows } = await sql<{ n: number; with_a: number }>`
        select count(*) as n,
          count(*) filter (where data->>'includesSelfAssessment' = 'true') as with_a
        from annual_report_events where year = ${year} and type = 'annual.published'
      `.execute(db)
      return { versions: Number(rows[0]?.n ?? 0), withSelfAssessment: Number(rows[0]?.with_a ?? 0) }
    },
  }
}
