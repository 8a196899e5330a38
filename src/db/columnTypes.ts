import type { ColumnType } from 'kysely'

/** The column types the schema files share. */

/** A timestamptz column: read as a Date, written as a Date. */
export type Instant = ColumnType<Date, Date, Date>
/** A jsonb column: read as the value, written as JSON text. */
export type Json<T> = ColumnType<T, string, string>
