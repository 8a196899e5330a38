import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'

/**
 * PGlite is one connection in one process. Every Kysely connection is handed out under a
 * mutex, so a request's transaction runs alone from BEGIN to COMMIT and never interleaves
 * with another request's statements.
 */
class Mutex {
  #tail: Promise<void> = Promise.resolve()
  /** Holders and waiters: 0 when the connection is idle. */
  queued = 0
  lock(): Promise<() => void> {
    let release!: () => void
    this.queued++
    const next = new Promise<void>((resolve) => {
      release = () => {
        this.queued--
        resolve()
      }
    })
    const acquired = this.#tail.then(() => release)
    this.#tail = this.#tail.then(() => next)
    return acquired
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // Parameterless SQL goes through the simple protocol, as node-postgres does, so a
    // migration file with many statements runs the same way on both drivers.
    if (compiled.parameters.length === 0) {
      const results = await this.pglite.exec(compiled.sql)
      const last = results.at(-1)
      return {
        rows: (last?.rows ?? []) as R[],
        numAffectedRows: last?.affectedRows === undefined ? undefined : BigInt(last.affectedRows),
      }
    }
    const result = await this.pglite.query<R>(compiled.sql, [...compiled.parameters])
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
    }
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors; streaming is not offered
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on the embedded database')
  }
}

class PGliteDriver implements Driver {
  readonly mutex = new Mutex()
  readonly #connection: PGliteConnection
  readonly #releases = new Map<DatabaseConnection, () => void>()

  constructor(private readonly pglite: PGlite) {
    this.#connection = new PGliteConnection(pglite)
  }

  async init(): Promise<void> {
    await this.pglite.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.lock()
    this.#releases.set(this.#connection, release)
    return this.#connection
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ''
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const release = this.#releases.get(connection)
    this.#releases.delete(connection)
    release?.()
  }

  async destroy(): Promise<void> {
    const release = await this.mutex.lock()
    try {
      if (!this.pglite.closed) await this.pglite.close()
    } finally {
      release()
    }
  }
}

export class PGliteDialect implements Dialect {
  #driver: PGliteDriver | undefined
  constructor(private readonly pglite: PGlite) {}
  /** Runs `work` with the one connection held, between transactions: nothing else runs meanwhile. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const release = this.#driver ? await this.#driver.mutex.lock() : () => {}
    try {
      return await work()
    } finally {
      release()
    }
  }
  /** The one connection's use: in use by one transaction, and how many wait for it. */
  connections() {
    const queued = this.#driver?.mutex.queued ?? 0
    return { total: 1, idle: queued === 0 ? 1 : 0, waiting: Math.max(0, queued - 1) }
  }
  createAdapter() {
    return new PostgresAdapter()
  }
  createDriver(): Driver {
    this.#driver = new PGliteDriver(this.pglite)
    return this.#driver
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's introspector takes any database
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db)
  }
}
