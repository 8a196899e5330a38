import { type Kysely, sql } from 'kysely'
import type { ReportFact } from '../../domain/reports/factCounts.js'
import type { DB } from '../schema.js'
import { type ComplaintRow, type NewComplaintEvent, toColumns } from './complaints.js'
import { insertFacts } from './reports.js'

/** One import writes at a time, so two confirming the same file cannot both create a complaint. */
const IMPORT_LOCK = 7_301_124_055

/** An imported complaint as it is written: its row, its history and its report facts. */
export type ImportedComplaint = {
  row: ComplaintRow
  legacyReference: string
  events: NewComplaintEvent[]
  facts: ReportFact[]
}

export type ImportRecord = {
  id: string
  fileName: string
  uploadedBy: string
  uploadedAt: Date
  cells: unknown
  report: unknown
  confirmedAt: Date | null
  confirmedBy: string | null
  createdCount: number | null
}

/** Rows a statement: within PostgreSQL's 65,535 parameters for the widest row (the complaint's). */
const BATCH = 500

export function complaintImportsRepository(db: Kysely<DB>) {
  return {
    async insert(r: {
      id: string
      fileName: string
      uploadedBy: string
      uploadedAt: Date
      cells: unknown
      report: unknown
    }) {
      await db
        .insertInto('complaint_imports')
        .values({
          id: r.id,
          file_name: r.fileName,
          uploaded_by: r.uploadedBy,
          uploaded_at: r.uploadedAt,
          cells: JSON.stringify(r.cells),
          report: JSON.stringify(r.report),
        })
        .execute()
    },

    async find(id: string): Promise<ImportRecord | undefined> {
      const row = await db.selectFrom('complaint_imports').selectAll().where('id', '=', id).executeTakeFirst()
      return row
        ? {
            id: row.id,
            fileName: row.file_name,
            uploadedBy: row.uploaded_by,
            uploadedAt: row.uploaded_at,
            cells: row.cells,
            report: row.report,
            confirmedAt: row.confirmed_at,
            confirmedBy: row.confirmed_by,
            createdCount: row.created_count,
          }
        : undefined
    },

    async recent(limit: number) {
      return db
        .selectFrom('complaint_imports')
        .leftJoin('users', 'users.id', 'complaint_imports.uploaded_by')
        .select([
          'complaint_imports.id',
          'file_name as fileName',
          'uploaded_at as uploadedAt',
          'confirmed_at as confirmedAt',
          'created_count as createdCount',
          'users.name as uploadedByName',
        ])
        .orderBy('uploaded_at', 'desc')
        .limit(limit)
        .execute()
    },

    async markConfirmed(id: string, by: string, at: Date, created: number) {
      await db
        .updateTable('complaint_imports')
        .set({ confirmed_at: at, confirmed_by: by, created_count: created })
        .where('id', '=', id)
        .execute()
    },

    /** Which of these legacy references are already complaints here. */
    async alreadyImported(references: readonly string[]): Promise<Set<string>> {
      const found = new Set<string>()
      for (let i = 0; i < references.length; i += 5000) {
        const rows = await db
          .selectFrom('complaints')
          .select('legacy_reference')
          .where('legacy_reference', 'in', references.slice(i, i + 5000))
          .execute()
        for (const r of rows) if (r.legacy_reference) found.add(r.legacy_reference)
      }
      return found
    },

    /** In the import's transaction: one import at a time from here to its commit. */
    async lock() {
      await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(db)
    },

    /** `n` complaint numbers from the sequence our references are made from. */
    async complaintNumbers(n: number): Promise<number[]> {
      if (n === 0) return []
      const { rows } = await sql<{
        n: string
      }>`select nextval('complaint_reference_seq') as n from generate_series(1, ${n}::int)`.execute(db)
      return rows.map((r) => Number(r.n))
    },

    /** Writes imported complaints, a batch of rows a statement: their rows, events and report facts. */
    async write(complaints: readonly ImportedComplaint[]) {
      for (let i = 0; i < complaints.length; i += BATCH) {
        const batch = complaints.slice(i, i + BATCH)
        await db
          .insertInto('complaints')
          .values(batch.map((c) => ({ ...toColumns(c.row), legacy_reference: c.legacyReference })))
          .execute()
        // One parameter for a batch's events: PGlite binds thousands of parameters slowly (measured:
        // 10,000 complaints' 45,000 events in about half the time of a multi-row insert).
        const events = batch.flatMap((c) =>
          c.events.map((e, seq) => {
            const { type, ...data } = e.data
            return {
              complaint_id: c.row.id,
              seq: seq + 1,
              type,
              at: e.at,
              recorded_at: e.recordedAt,
              actor_id: e.by,
              by_resident: false,
              data,
            }
          }),
        )
        await sql`insert into complaint_events (complaint_id, seq, type, at, recorded_at, actor_id, by_resident, data)
          select complaint_id, seq, type, at, recorded_at, actor_id, by_resident, data
          from jsonb_populate_recordset(null::complaint_events, ${JSON.stringify(events)}::jsonb)`.execute(db)
      }
      await insertFacts(
        db,
        // Each with its complaint's landlord entity, for that landlord's TSM (issue 34).
        complaints.map((c) => ({
          complaintId: c.row.id,
          reference: c.row.reference,
          ...(c.row.entityId ? { entityId: c.row.entityId } : {}),
          facts: c.facts,
        })),
      )
    },
  }
}
