import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.js'
import { VersionConflictError } from '../db/versioned.js'
import type { AppError } from '../errors.js'

/**
 * Runs a change to a versioned record in one transaction. If someone else changed the record
 * first (the row's version moved on), nothing is written and the answer is `changedMeanwhile`.
 */
export async function transactionOrConflict<T>(
  db: Kysely<DB>,
  changedMeanwhile: () => AppError,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction().execute(work)
  } catch (error) {
    if (error instanceof VersionConflictError) throw changedMeanwhile()
    throw error
  }
}
