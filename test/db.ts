import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { inject } from 'vitest'
import { systemClock } from '../src/clock.js'
import { type Database, openPostgres, pgliteOptions, wrapPGlite } from '../src/db/database.js'
import { prepareDatabase } from '../src/services/bootstrap.js'

/** Which database the database tests run on: PostgreSQL when TEST_DATABASE_URL is set. */
export const testDatabaseKind = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'

/**
 * A freshly migrated database of its own for one test file: a copy of the migrated PGlite
 * template, or a new schema on the PostgreSQL server (dropped again by `close`).
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) {
    const template = new Blob([readFileSync(inject('pgliteTemplate'))])
    return wrapPGlite(new PGlite({ ...pgliteOptions, loadDataDir: template }))
  }
  const schema = `test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const database = openPostgres(url, { poolMax: 20, searchPath: schema })
  await prepareDatabase(database.db, systemClock)
  return {
    ...database,
    async close() {
      await database.close()
      const cleanup = new pg.Client({ connectionString: url })
      await cleanup.connect()
      await cleanup.query(`drop schema ${schema} cascade`)
      await cleanup.end()
    },
  }
}
