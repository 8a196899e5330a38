import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { openPGlite, openPostgres } from '../../src/db/database.js'
import { projectRoot } from '../../src/paths.js'
import { createTestApp } from '../app.js'
import { api, nextPort, startServer, stopServers, waitUntilReady } from '../processes.js'

afterEach(stopServers)

const admin = { ADMIN_EMAIL: 'ops@example.org', ADMIN_PASSWORD: 'operations password 1' }
const cli = (env: Record<string, string>, ...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', DEMO_DATA: 'false', ...env },
    encoding: 'utf8',
  })
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}
const complaint = (n: number) => ({
  channel: 'phone',
  receivedAt: '2026-11-23T10:00:00Z',
  description: `Backup test complaint ${n}`,
  resident: { name: `Resident ${n}` },
})

describe('backup and restore of the embedded database', () => {
  it('backs up while the service runs and restores into a fresh folder holding every case', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'complaints-data-'))
    const port = nextPort()
    const server = startServer({ DATA_DIR: dataDir, PORT: String(port), DEMO_DATA: 'false', ...admin })
    await waitUntilReady(server, port)
    const token = (
      await api(port, '/api/v1/auth/token', { email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD })
    ).json.token as string
    const before: string[] = []
    for (let n = 1; n <= 6; n++) {
      const created = await api(port, '/api/v1/complaints', complaint(n), token)
      expect(created.status).toBe(201)
      before.push(created.json.reference as string)
    }

    const file = join(mkdtempSync(join(tmpdir(), 'complaints-backup-')), 'backup.tar.gz')
    const backedUp = cli({ DATA_DIR: dataDir }, 'backup', '--file', file)
    expect(backedUp.out).toContain('taken by the running service')
    expect(backedUp.code).toBe(0)
    // The service carries on, and what it writes next is not in the backup.
    expect((await api(port, '/api/v1/complaints', complaint(7), token)).status).toBe(201)
    expect(cli({ DATA_DIR: dataDir }, 'backup', '--file', file).out).toContain('exists already')

    const fresh = join(mkdtempSync(join(tmpdir(), 'complaints-restore-')), 'data')
    const restored = cli({}, 'restore', '--file', file, '--into', fresh)
    expect(restored.out).toContain('6 complaints')
    expect(restored.code).toBe(0)
    expect(readdirSync(fresh)).not.toContain('complaints-service.lock')
    const again = cli({}, 'restore', '--file', file, '--into', fresh)
    expect(again.code).toBe(2)
    expect(again.out).toContain('is not empty')
    const notBackup = join(tmpdir(), `not-a-backup-${randomBytes(4).toString('hex')}`)
    writeFileSync(notBackup, 'hello')
    const bad = cli({}, 'restore', '--file', notBackup, '--into', join(fresh, '..', 'other'))
    expect(bad.code).toBe(2)
    expect(bad.out).toContain('is not a backup')
    expect(existsSync(join(fresh, '..', 'other'))).toBe(false)

    // The restored folder opens (while the service still runs on the original) with every case.
    const database = await openPGlite(fresh)
    try {
      const rows = await database.db
        .selectFrom('complaints')
        .select('reference')
        .orderBy('reference')
        .execute()
      expect(rows.map((r) => r.reference)).toEqual(before.sort())
      const events = await database.db.selectFrom('complaint_events').select('id').execute()
      expect(events.length).toBeGreaterThanOrEqual(6)
    } finally {
      await database.close()
    }

    // With the service stopped, the CLI takes the backup itself; the service starts on a restore.
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    const offline = join(tmpdir(), `offline-${randomBytes(4).toString('hex')}.tar.gz`)
    expect(cli({ DATA_DIR: dataDir }, 'backup', '--file', offline).out).toContain(
      'the service was not running',
    )
    const port2 = nextPort()
    const onRestore = startServer({ DATA_DIR: fresh, PORT: String(port2), DEMO_DATA: 'false' })
    await waitUntilReady(onRestore, port2)
    const token2 = (
      await api(port2, '/api/v1/auth/token', { email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD })
    ).json.token as string
    expect((await api(port2, '/api/v1/complaints?pageSize=100', undefined, token2)).json.total).toBe(6)
  }, 240_000)

  it('says to use pg_dump when DATABASE_URL is set', () => {
    const r = cli({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }, 'backup', '--file', '/tmp/x')
    expect(r.code).toBe(2)
    expect(r.out).toContain('pg_dump --format=custom')
  })
})

describe.runIf(process.env.TEST_DATABASE_URL)(
  'backup and restore of PostgreSQL (pg_dump, pg_restore)',
  () => {
    it('restores a pg_dump into a fresh database holding every case', async () => {
      const url = process.env.TEST_DATABASE_URL as string
      const t = await createTestApp()
      const target = `restore_${randomBytes(5).toString('hex')}`
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      try {
        const handler = await t.createStaff('handler')
        for (let n = 1; n <= 5; n++)
          await t.services.complaints.receive(
            { ...complaint(n), channel: 'phone', receivedAt: new Date('2026-03-02T09:00:00Z') },
            { id: handler.id, role: 'handler' },
          )
        // The test app's own schema (its search path).
        const mine =
          (await sql<{ s: string }>`select current_schema() as s`.execute(t.database.db)).rows[0]?.s ?? ''
        expect(mine).not.toBe('')
        const file = join(mkdtempSync(join(tmpdir(), 'complaints-pgdump-')), 'complaints.dump')
        const dump = spawnSync('pg_dump', ['--format=custom', `--schema=${mine}`, `--file=${file}`, url], {
          encoding: 'utf8',
        })
        expect(dump.stderr).toBe('')
        expect(dump.status).toBe(0)
        await admin.query(`create database ${target}`)
        const targetUrl = url.replace(/\/[^/]*$/, `/${target}`)
        // The dump is of this test's schema only (the test database holds many); a whole database's
        // dump carries its extensions with it, so the fresh one is given pg_trgm as it would have.
        const fresh = new pg.Client({ connectionString: targetUrl })
        await fresh.connect()
        await fresh.query('create extension pg_trgm with schema public')
        await fresh.end()
        const restore = spawnSync('pg_restore', ['--no-owner', `--dbname=${targetUrl}`, file], {
          encoding: 'utf8',
        })
        expect(restore.stderr).toBe('')
        expect(restore.status).toBe(0)

        const restored = openPostgres(targetUrl, { searchPath: mine })
        try {
          const original = await t.database.db
            .selectFrom('complaints')
            .select(['id', 'reference'])
            .orderBy('id')
            .execute()
          expect(original).toHaveLength(5)
          expect(
            await restored.db.selectFrom('complaints').select(['id', 'reference']).orderBy('id').execute(),
          ).toEqual(original)
          const events = async (db: typeof restored.db) =>
            (
              await db
                .selectFrom('complaint_events')
                .select(['complaint_id', 'seq', 'type'])
                .orderBy('id')
                .execute()
            ).length
          expect(await events(restored.db)).toBe(await events(t.database.db))
          // The restored history is as append-only as the original.
          await expect(restored.db.deleteFrom('complaint_events').execute()).rejects.toThrow(/append-only/)
        } finally {
          await restored.close()
        }
      } finally {
        await t.close()
        await admin.query(`drop database if exists ${target}`)
        await admin.end()
      }
    }, 120_000)
  },
)
