import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Kysely, sql } from 'kysely'
import { paths } from '../paths.js'
import type { DB } from './schema.js'

export type Migration = { version: number; name: string; sql: string; checksum: string }

const fileName = /^(\d{4})_([a-z0-9_]+)\.sql$/

/** The plain-SQL migrations in their folder, in order; a misnamed file is an error, not skipped. */
export function readMigrations(dir: string = paths.migrations): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = fileName.exec(file)
      if (!match?.[1] || !match[2]) throw new Error(`Migration ${file} must be named NNNN_description.sql`)
      const text = readFileSync(join(dir, file), 'utf8')
      return {
        version: Number(match[1]),
        name: match[2],
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      }
    })
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration versions must run 1, 2, 3… without gaps; found ${m.version}`)
  })
  return migrations
}

// Any fixed number: every instance starting against the same database queues on it.
const MIGRATION_LOCK = 7_301_124_001

/**
 * Applies the migrations not yet applied, forward only, all in one transaction under an
 * advisory lock, so several instances starting at once against one PostgreSQL apply each
 * migration exactly once. An applied migration whose file has since changed is an error.
 */
export async function migrate(db: Kysely<DB>, migrations: Migration[] = readMigrations()): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx)
    await sql`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`.execute(trx)
    const applied = await trx
      .selectFrom('schema_migrations')
      .select(['version', 'name', 'checksum'])
      .execute()
    const byVersion = new Map(applied.map((a) => [a.version, a]))
    const known = new Set(migrations.map((m) => m.version))
    for (const a of applied) {
      if (!known.has(a.version)) {
        throw new Error(
          `The database has migration ${a.version} (${a.name}) that this version of the code does not know`,
        )
      }
    }
    const done: string[] = []
    for (const m of migrations) {
      const previous = byVersion.get(m.version)
      if (previous) {
        if (previous.checksum !== m.checksum) {
          throw new Error(
            `Migration ${m.version}_${m.name} was changed after it was applied; add a new migration instead`,
          )
        }
        continue
      }
      await sql.raw(m.sql).execute(trx)
      await trx
        .insertInto('schema_migrations')
        .values({ version: m.version, name: m.name, checksum: m.checksum, applied_at: new Date() })
        .execute()
      done.push(`${String(m.version).padStart(4, '0')}_${m.name}`)
    }
    return done
  })
}
