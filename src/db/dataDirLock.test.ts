import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataDirLockedError, lockDataDir } from './dataDirLock.js'

const freshDir = () => mkdtempSync(join(tmpdir(), 'lock-test-'))

describe('lockDataDir', () => {
  it('refuses a second holder while the first is alive, naming the holder', () => {
    const dir = freshDir()
    const lock = lockDataDir(dir)
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError)
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${process.pid}`))
    lock.release()
    const again = lockDataDir(dir)
    again.release()
  })

  it('takes over a lock whose holder died without releasing it (kill -9)', () => {
    const dir = freshDir()
    // A pid that certainly is not running: a child that has already exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    writeFileSync(
      join(dir, 'complaints-service.lock'),
      JSON.stringify({ pid: dead, hostname: hostname(), startedAt: '2026-01-01T00:00:00Z' }),
    )
    const lock = lockDataDir(dir)
    expect(existsSync(join(dir, 'complaints-service.lock'))).toBe(true)
    lock.release()
    expect(existsSync(join(dir, 'complaints-service.lock'))).toBe(false)
  })

  it('takes over a half-written lock file', () => {
    const dir = freshDir()
    writeFileSync(join(dir, 'complaints-service.lock'), '{"pid":')
    lockDataDir(dir).release()
  })
})
