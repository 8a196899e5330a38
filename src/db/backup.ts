import { createHash } from 'node:crypto'
import { chmodSync, existsSync, readdirSync, rmSync, unlinkSync } from 'node:fs'
import { createServer, request as httpRequest, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { type Database, openPGlite, pgliteOptions, wrapPGlite } from './database.js'
import { DataDirLockedError, LOCK_FILE } from './dataDirLock.js'

/**
 * Backups of the embedded database. Only one process may open it, so while the service runs
 * the CLI asks the service for the backup over a socket only this user can open; the service
 * takes it between transactions. With the service stopped, the CLI opens the database itself.
 */

/** The service's control socket for a data folder (in the temporary folder: a socket path is short). */
export const controlSocketFor = (dataDir: string) =>
  join(
    tmpdir(),
    `complaints-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}.sock`,
  )

/** In the running service: answers `GET /backup` on the control socket with a backup. */
export async function serveBackups(
  database: Database,
  dataDir: string,
  logger: { info(o: object, m: string): void; error(o: object, m: string): void },
): Promise<{ close(): Promise<void> }> {
  const backup = database.backup
  if (!backup) throw new Error('Only the embedded database is backed up through the service')
  const path = controlSocketFor(dataDir)
  // This process holds the data folder's lock, so a socket left here is from one that died.
  if (existsSync(path)) unlinkSync(path)
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/backup') {
      res.writeHead(404).end('Only GET /backup is served here')
      return
    }
    const started = Date.now()
    backup()
      .then((bytes) => {
        logger.info({ bytes: bytes.length, ms: Date.now() - started }, 'backup taken for the CLI')
        res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': bytes.length }).end(bytes)
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'backup failed')
        res.writeHead(500).end(`The backup failed: ${(error as Error).message}`)
      })
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(path, () => done())
  })
  chmodSync(path, 0o600)
  return {
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done())
        if (existsSync(path)) unlinkSync(path)
      }),
  }
}

function backupFromService(dataDir: string): Promise<Uint8Array> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      { socketPath: controlSocketFor(dataDir), path: '/backup', method: 'GET' },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks)
          if (res.statusCode === 200) done(new Uint8Array(body))
          else fail(new Error(`The running service refused the backup: ${body.toString('utf8')}`))
        })
        res.on('error', fail)
      },
    )
    req.on('error', (error) =>
      fail(
        new Error(
          `The data folder is in use, but the service's control socket did not answer (${error.message}). ` +
            'Is the service running from this DATA_DIR, under this user?',
        ),
      ),
    )
    req.end()
  })
}

/** A backup of the embedded database under dataDir, whether or not the service is running. */
export async function backupOf(dataDir: string): Promise<{ bytes: Uint8Array; from: 'service' | 'folder' }> {
  let database: Database
  try {
    database = await openPGlite(dataDir)
  } catch (error) {
    if (error instanceof DataDirLockedError)
      return { bytes: await backupFromService(dataDir), from: 'service' }
    throw error
  }
  try {
    return { bytes: await (database.backup as () => Promise<Uint8Array>)(), from: 'folder' }
  } finally {
    await database.close()
  }
}

export class RestoreRefusedError extends Error {}

/**
 * Restores a backup into a folder that does not exist or is empty (never over a database), then
 * opens it to count what is there. The running service's lock, copied with the files, is dropped.
 */
export async function restoreInto(
  bytes: Uint8Array,
  dataDir: string,
): Promise<{ complaints: number; events: number; people: number }> {
  const dir = resolve(dataDir)
  if (existsSync(dir) && readdirSync(dir).length)
    throw new RestoreRefusedError(
      `${dir} is not empty. A backup is restored only into a new or empty folder, so that nothing is ` +
        'overwritten: stop the service, move its data folder aside, and restore into the empty DATA_DIR.',
    )
  try {
    const pglite = await PGlite.create(dir, { ...pgliteOptions, loadDataDir: new Blob([bytes]) })
    await pglite.close()
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw new RestoreRefusedError(
      `The file is not a backup of this service's database: ${(error as Error).message}`,
    )
  }
  rmSync(join(dir, LOCK_FILE), { force: true })
  const restored = wrapPGlite(await PGlite.create(dir, pgliteOptions))
  try {
    const count = async (table: 'complaints' | 'complaint_events' | 'people') =>
      Number(
        (
          await restored.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    return {
      complaints: await count('complaints'),
      events: await count('complaint_events'),
      people: await count('people'),
    }
  } finally {
    await restored.close()
  }
}
