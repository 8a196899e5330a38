import { type Kysely, sql } from 'kysely'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import type {
  AssessmentEvent,
  AssessmentEventData,
  SelfAssessment,
} from '../../domain/selfAssessment/selfAssessment.js'
import { assessmentStatus } from '../../domain/selfAssessment/selfAssessment.js'
import type { DB } from '../schema.js'
import { updatedOrConflict } from '../versioned.js'

import { eventStream } from './eventStreams.js'

/**
 * Code 6.13: complaints whose stage 2 was acknowledged in the period (the clock met, on time or
 * late) and considered by the person who considered stage 1. The period's acknowledgements and
 * the complaints with one handler at both stages each come from an index of their own (migration
 * 0038), matched in one join: never every fact or every complaint.
 */
export const sameHandlerQuery = (from: CalendarDate, to: CalendarDate, entityId?: string) => sql<{
  n: string
}>`
  select count(*) as n from complaints c
  where c.id in (
      select f.complaint_id from report_facts f
      where f.kind = 'clock' and f.key = 'stage2Acknowledgement'
        and f.on_date between ${from}::date and ${to}::date and f.result in ('on_time', 'late'))
    and c.stage2_handler_id is not null and c.stage2_handler_id = c.stage1_handler_id
    ${entityId ? sql`and c.entity_id = ${entityId}` : sql``}
`

/**
 * Code 7.1: the upheld or partly upheld responses in the period that offered a remedy, from the
 * remedy register's counts kept a day at a time (migration 0038); for one landlord of a group,
 * from the register's rows of the period, each complaint's landlord read by its key.
 */
export const remediedUpheldQuery = (from: CalendarDate, to: CalendarDate, entityId?: string) =>
  entityId
    ? sql<{ n: string | null }>`
      select count(*) as n from remedy_register r
      join complaints c on c.id = r.complaint_id and c.entity_id = ${entityId}
      where r.upheld and r.position = 1
        and r.offered_at >= (${from}::date)::timestamp at time zone 'Europe/London'
        and r.offered_at < (${to}::date + 1)::timestamp at time zone 'Europe/London'`
    : sql<{ n: string | null }>`
      select sum(upheld_remedied) as n from remedy_register_days
      where offered_on between ${from}::date and ${to}::date`

/** London midnight at the start of a date, and of the day after another: a period of London dates as instants. */
const londonPeriod = (from: CalendarDate, to: CalendarDate) => sql`
  at >= (${from}::date)::timestamp at time zone 'Europe/London'
  and at < (${to}::date + 1)::timestamp at time zone 'Europe/London'`

/** One landlord's complaints' events only, when an entity is given (issue 34). */
const eventsOfEntity = (entityId: string | undefined) =>
  entityId ? sql`and complaint_id in (select id from complaints where entity_id = ${entityId})` : sql``

/**
 * Code 5.8: the assignments made in a period (at acknowledgement or reassignment), and how many
 * declared the handler had no conflict of interest or recorded how one was handled.
 */
export const conflictDeclarationsQuery = (from: CalendarDate, to: CalendarDate, entityId?: string) => sql<{
  n: string
  declared: string
}>`
  select count(*) as n,
    count(*) filter (where data->'conflictOfInterest'->>'declared' in ('none', 'conflict')) as declared
  from complaint_events
  where type in ('complaint.acknowledged', 'complaint.assigned') and ${londonPeriod(from, to)}
    ${eventsOfEntity(entityId)}
`

/** Code 6.20: the stage 2 responses made in a period, and how many recorded who was involved. */
export const finalResponseInvolvementQuery = (
  from: CalendarDate,
  to: CalendarDate,
  entityId?: string,
) => sql<{
  n: string
  recorded: string
}>`
  select count(*) as n,
    count(*) filter (where jsonb_array_length(coalesce(data->'involved', '[]'::jsonb)) > 0) as recorded
  from complaint_events
  where type = 'complaint.responded' and data->>'stage' = '2' and ${londonPeriod(from, to)}
    ${eventsOfEntity(entityId)}
`

/** Code 9.6, 9.7: the board packs taken in a period of London dates, from the audit log's own index. */
export const boardPacksQuery = (from: CalendarDate, to: CalendarDate) => sql<{ n: string }>`
  select count(*) as n from audit_log
  where action = 'board_pack.produced'
    and at >= (${from}::date)::timestamp at time zone 'Europe/London'
    and at < (${to}::date + 1)::timestamp at time zone 'Europe/London'
`

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
    entity_id: a.entityId ?? null,
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

    /** The year's annual assessment of the group (no entity), or of one landlord entity. */
    async annualFor(year: number, entityId?: string) {
      return db
        .selectFrom('self_assessments')
        .select(['id', 'year', 'trigger', 'status'])
        .where('year', '=', year)
        .where('trigger', '=', 'annual')
        .where('entity_id', entityId ? '=' : 'is', entityId ?? null)
        .executeTakeFirst()
    },

    /** Every assessment, newest year first; one landlord entity's only, if given. */
    async list(entityId?: string) {
      return db
        .selectFrom('self_assessments')
        .select(['id', 'year', 'trigger', 'status', 'updated_at as updatedAt', 'entity_id as entityId'])
        .$if(entityId !== undefined, (q) => q.where('entity_id', '=', entityId ?? ''))
        .orderBy('year', 'desc')
        .orderBy('updated_at', 'desc')
        .execute()
    },

    /** Code 6.13: stage 2 considered by the person who considered stage 1, acknowledged in the period. */
    async sameHandlerAtBothStages(from: CalendarDate, to: CalendarDate, entityId?: string) {
      const { rows } = await sameHandlerQuery(from, to, entityId).execute(db)
      return Number(rows[0]?.n ?? 0)
    },

    /** Code 5.8: assignments in the period, and those with the conflict of interest declared. */
    async conflictDeclarations(from: CalendarDate, to: CalendarDate, entityId?: string) {
      const { rows } = await conflictDeclarationsQuery(from, to, entityId).execute(db)
      return { assignments: Number(rows[0]?.n ?? 0), declared: Number(rows[0]?.declared ?? 0) }
    },

    /** Code 6.20: stage 2 responses in the period, and those recording who was involved. */
    async finalResponseInvolvement(from: CalendarDate, to: CalendarDate, entityId?: string) {
      const { rows } = await finalResponseInvolvementQuery(from, to, entityId).execute(db)
      return { responses: Number(rows[0]?.n ?? 0), recorded: Number(rows[0]?.recorded ?? 0) }
    },

    /** Code 7.1: upheld or partly upheld responses in the period that offered a remedy. */
    async remediedUpheldResponses(from: CalendarDate, to: CalendarDate, entityId?: string) {
      const { rows } = await remediedUpheldQuery(from, to, entityId).execute(db)
      return Number(rows[0]?.n ?? 0)
    },

    /** Code 9.6, 9.7: board packs taken from the service in the period (London dates). */
    async boardPacksProduced(from: CalendarDate, to: CalendarDate) {
      const { rows } = await boardPacksQuery(from, to).execute(db)
      return Number(rows[0]?.n ?? 0)
    },

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
