import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testDatabaseKind } from '../../test/db.js'
import type { Database } from './database.js'
import { migrate, readMigrations } from './migrate.js'

let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database.close()
})

describe(`the database layer on ${testDatabaseKind}`, () => {
  it('returns counts as numbers, dates as YYYY-MM-DD and numerics as exact text on both drivers', async () => {
    const { rows } = await sql<{ n: unknown; d: unknown; m: unknown; t: unknown }>`
      select count(*) as n, '2026-03-29'::date as d, 12.50::numeric as m, '2026-03-29T01:30:00Z'::timestamptz as t
    `.execute(database.db)
    expect(rows[0]).toEqual({ n: 1, d: '2026-03-29', m: '12.50', t: new Date('2026-03-29T01:30:00Z') })
  })

  it('applies every migration once and records it', async () => {
    const applied = await database.db.selectFrom('schema_migrations').select(['version', 'name']).execute()
    expect(applied.map((a) => a.version)).toEqual(readMigrations().map((m) => m.version))
    expect(await migrate(database.db)).toEqual([])
  })

  it('applies nothing twice when several instances migrate at once', async () => {
    const results = await Promise.all([migrate(database.db), migrate(database.db), migrate(database.db)])
    expect(results.flat()).toEqual([])
  })

  it('refuses to run when an applied migration has been edited', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m))
    await expect(migrate(database.db, edited)).rejects.toThrow(/was changed after it was applied/)
  })

  it('keeps the audit log append-only in the database itself', async () => {
    await database.db
      .insertInto('audit_log')
      .values({ at: new Date(), actor_id: null, action: 'test.appended', details: '{}' })
      .execute()
    await expect(
      database.db
        .updateTable('audit_log')
        .set({ action: 'test.rewritten' })
        .where('action', '=', 'test.appended')
        .execute(),
    ).rejects.toThrow(/append-only/)
    await expect(
      database.db.deleteFrom('audit_log').where('action', '=', 'test.appended').execute(),
    ).rejects.toThrow(/append-only/)
    const rows = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'test.%')
      .execute()
    expect(rows).toEqual([{ action: 'test.appended' }])
  })

  it('rolls back everything in a failed transaction', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('audit_log')
          .values({ at: new Date(), actor_id: null, action: 'test.rolled_back', details: '{}' })
          .execute()
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    const rows = await database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'test.rolled_back')
      .execute()
    expect(rows).toEqual([])
  })

  it('never interleaves concurrent transactions (each sees only its own uncommitted writes)', async () => {
    const run = (i: number) =>
      database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('instance_secrets')
          .values({ name: `t${i}`, value: 'v', created_at: new Date() })
          .execute()
        const { rows } = await sql<{
          n: number
        }>`select count(*) as n from instance_secrets where name like 't%'`.execute(trx)
        await trx.deleteFrom('instance_secrets').where('name', '=', `t${i}`).execute()
        return rows[0]?.n
      })
    const seen = await Promise.all(Array.from({ length: 10 }, (_, i) => run(i)))
    expect(seen).toEqual(Array(10).fill(1))
  })
})
