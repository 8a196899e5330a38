import type { ColumnType } from 'kysely'
import type { Instant, Json } from './columnTypes.js'

/** A complaint history file checked, and once confirmed written (migration 0055). */
export interface ComplaintImportsTable {
  id: string
  file_name: string
  uploaded_by: string
  uploaded_at: Instant
  /** The file's rows as read: each column's text, by column name. */
  cells: Json<unknown>
  /** What the dry run found. */
  report: Json<unknown>
  confirmed_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  confirmed_by: ColumnType<string | null, string | null | undefined, string | null>
  created_count: ColumnType<number | null, number | null | undefined, number | null>
}
