import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'

export class DataDirLockedError extends Error {
  constructor(dataDir: string, holder: LockHolder) {
    super(
      `The data folder ${dataDir} is already in use by process ${holder.pid} on ${holder.hostname} ` +
        `(started ${holder.startedAt}). Only one process may open the embedded database at a time, ` +
        'or writes would be lost. Stop the other process (or use DATABASE_URL for several instances).',
    )
    this.name = 'DataDirLockedError'
  }
}

/** The file in the data folder naming the process that has it open. */
export const LOCK_FILE = 'complaints-service.lock'

type LockHolder = { pid: number; hostname: string; startedAt: string }

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readHolder(lockFile: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(lockFile, 'utf8')) as LockHolder
  } catch {
    return undefined
  }
}

export type DataDirLock = { dataDir: string; release(): void }

/**
 * Takes the embedded database's folder for this process alone, as PostgreSQL does with
 * postmaster.pid: the lock file is created exclusively and names its holder; a lock whose
 * holder has died (kill -9, power cut) on this host is stale and taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const dir = resolve(dataDir)
  mkdirSync(dir, { recursive: true })
  const lockFile = join(dir, LOCK_FILE)
  const me: LockHolder = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() }

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600)
      writeSync(fd, JSON.stringify(me))
      closeSync(fd)
      let released = false
      return {
        dataDir: dir,
        release() {
          if (released) return
          released = true
          if (readHolder(lockFile)?.pid === process.pid) unlinkSync(lockFile)
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = readHolder(lockFile)
      if (holder && (holder.hostname !== me.hostname || isAlive(holder.pid))) {
        throw new DataDirLockedError(dir, holder)
      }
      // Stale (its holder is gone) or half-written by a holder that died while writing it.
      try {
        unlinkSync(lockFile)
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkError
      }
    }
  }
  throw new Error(`Could not take the lock on the data folder ${dir}; another process keeps taking it`)
}
