/**
 * The version check every record kept as a history of events is written under: events are
 * numbered, and a (stream, seq) key that another writer took first, or a current-state row whose
 * version moved on, is a version conflict; nothing of that write is kept.
 */

/** Someone else changed the record first. The edge answers 409, naming the record (`src/errors.ts`). */
export class VersionConflictError extends Error {
  constructor() {
    super('The record changed while you were working on it')
    this.name = 'VersionConflictError'
  }
}

export const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505'

/**
 * Appends to an event stream at the next numbers: when another writer took them first (the
 * unique (stream, seq) key), nothing is written and the caller gets a version conflict.
 */
export async function appendOrConflict(insert: () => Promise<unknown>): Promise<void> {
  try {
    await insert()
  } catch (error) {
    if (isUniqueViolation(error)) throw new VersionConflictError()
    throw error
  }
}

/**
 * Runs an update made only `where version = expectedVersion`: when another writer moved the
 * record on first, no row changes and the caller gets a version conflict.
 */
export async function updatedOrConflict(update: Promise<{ numUpdatedRows: bigint }>): Promise<void> {
  if (Number((await update).numUpdatedRows) !== 1) throw new VersionConflictError()
}
