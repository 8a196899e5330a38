import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { lockDataDir } from './dataDirLock.js'
import { PGliteDialect } from './pgliteDialect.js'
import { PreparingClient } from './prepared.js'
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

export function openPostgres(
  url: string,
  options: {
    poolMax?: number
    searchPath?: string
    onIdleError?: (error: Error) => void
    /** False behind a pooler that cannot keep prepared statements (`prepared.ts`). */
    preparedStatements?: boolean
  } = {},
): Database {
  const pool = new pg.Pool({
    ...(options.preparedStatements === false ? {} : { Client: PreparingClient }),
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
  // A connection dropped (PostgreSQL restarted, a proxy timed it out) is discarded by the pool,
  // which opens a new one when next needed; the query using it fails and its transaction rolls
  // back. Unheard, the error would end the process: idle connections report it to the pool, and
  // one in use between two queries reports it to itself.
  const lost = (error: Error) => options.onIdleError?.(error)
  pool.on('error', lost)
  pool.on('connect', (client) => client.on('error', lost))
  return wrap(new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), 'postgres', () => ({
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
  }))
}

export const pgliteParsers = { [INT8]: asNumber, [DATE]: asText, [NUMERIC]: asText }

/** How every embedded database is opened: the parsers above, and pg_trgm for the case list's search (migration 0036). */
export const pgliteOptions = { parsers: pgliteParsers, extensions: { pg_trgm } }

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
    const pglite = await PGlite.create(lock.dataDir, pgliteOptions)
    return wrapPGlite(pglite, () => lock.release())
  } catch (error) {
    lock.release()
    throw error
  }
}

export async function openDatabase(
  config:
    | { kind: 'postgres'; url: string; poolMax: number; preparedStatements?: boolean }
    | { kind: 'pglite'; dataDir: string },
  onIdleError?: (error: Error) => void,
): Promise<Database> {
  return config.kind === 'postgres'
    ? openPostgres(config.url, {
        poolMax: config.poolMax,
        ...(config.preparedStatements === false ? { preparedStatements: false } : {}),
        ...(onIdleError ? { onIdleError } : {}),
      })
    : openPGlite(config.dataDir)
}

const unavailableCodes = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
])

/**
 * Whether an error means the database could not be reached or dropped the connection (a restart,
 * a failover, a full server), rather than refusing the statement: the request may be tried again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null
  if (!e || typeof e !== 'object') return false
  const code = typeof e.code === 'string' ? e.code : ''
  if (unavailableCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true
  return (
    typeof e.message === 'string' &&
    /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
      e.message,
    )
  )
}
