import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { lockDataDir } from './dataDirLock.js'
import { PGliteDialect } from './pgliteDialect.js'
import type { DB } from './schema.js'

export type Database = {
  db: Kysely<DB>
  kind: 'pglite' | 'postgres'
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>
  /** The connections held open, idle and waited for (PGlite has one). */
  connections(): { total: number; idle: number; waiting: number }
  /** The embedded database only: its data directory as a gzipped tarball, taken between transactions. */
  backup?(): Promise<Uint8Array>
  close(): Promise<void>
}

// The two drivers disagree on some types; both are made to return what the code expects:
// int8 (e.g. count(*)) as a number, date as its 'YYYY-MM-DD' text, numeric as exact text.
const INT8 = 20
const DATE = 1082
const NUMERIC = 1700
const asNumber = (v: string) => Number(v)
const asText = (v: string) => v

function wrap(
  db: Kysely<DB>,
  kind: Database['kind'],
  connections: Database['connections'],
  onClose: () => void = () => {},
): Database {
  return {
    db,
    kind,
    connections,
    async ping() {
      try {
        await sql`select 1`.execute(db)
        return true
      } catch {
        return false
      }
    },
    async close() {
      try {
        await db.destroy()
      } finally {
        onClose()
      }
    },
  }
}

export function openPostgres(url: string, options: { poolMax?: number; searchPath?: string } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return asNumber
        if (oid === DATE || oid === NUMERIC) return asText
        return pg.types.getTypeParser(oid, format)
      }) as typeof pg.types.getTypeParser,
    },
  })
  return wrap(new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), 'postgres', () => ({
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
  }))
}

export const pgliteParsers = { [INT8]: asNumber, [DATE]: asText, [NUMERIC]: asText }

/** An embedded database on a PGlite instance the caller made (tests load a migrated template). */
export function wrapPGlite(pglite: PGlite, onClose?: () => void): Database {
  const dialect = new PGliteDialect(pglite)
  return {
    ...wrap(new Kysely<DB>({ dialect }), 'pglite', () => dialect.connections(), onClose),
    backup: () =>
      dialect.exclusive(async () => new Uint8Array(await (await pglite.dumpDataDir('gzip')).arrayBuffer())),
  }
}

/** The embedded database under dataDir, locked to this process for as long as it is open. */
export async function openPGlite(dataDir: string): Promise<Database> {
  const lock = lockDataDir(dataDir)
  try {
    const pglite = await PGlite.create(lock.dataDir, { parsers: pgliteParsers })
    return wrapPGlite(pglite, () => lock.release())
  } catch (error) {
    lock.release()
    throw error
  }
}

export async function openDatabase(
  config: { kind: 'postgres'; url: string; poolMax: number } | { kind: 'pglite'; dataDir: string },
): Promise<Database> {
  return config.kind === 'postgres'
    ? openPostgres(config.url, { poolMax: config.poolMax })
    : openPGlite(config.dataDir)
}
