import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testDatabaseKind } from '../../test/db.js'
import { type Database, openPostgres } from './database.js'
import { KEPT_PER_CONNECTION, prepared } from './prepared.js'
import { intakeRepository } from './repositories/intake.js'
import { usersRepository } from './repositories/users.js'

let database: Database
/** On PostgreSQL, one connection only, so that a statement sent again meets what it left there. */
let single: Database
beforeAll(async () => {
  database = await createTestDatabase()
  const url = process.env.TEST_DATABASE_URL
  single = url ? openPostgres(url, { poolMax: 1 }) : database
})
afterAll(async () => {
  if (single !== database) await single.close()
  await database.close()
})

const sum = (n: number) => sql<{ n: number }>`${prepared} select ${n}::int + 1 as n`

describe(`statements marked to be prepared, on ${testDatabaseKind}`, () => {
  it('answer as any other statement, each time with its own values', async () => {
    for (const n of [1, 41, -3]) expect((await sum(n).execute(single.db)).rows[0]?.n).toBe(n + 1)
    // A value the statement refuses, then a good one for the same statement.
    const asInt = (v: string) => sql<{ n: number }>`${prepared} select ${v}::int as n`.execute(single.db)
    await expect(asInt('x')).rejects.toThrow(/invalid input/)
    expect((await asInt('12')).rows[0]?.n).toBe(12)
    // A statement PostgreSQL cannot parse fails the same way each time it is sent.
    for (let i = 0; i < 2; i++)
      await expect(sql`${prepared} select from from ${1}`.execute(database.db)).rejects.toThrow(
        /syntax error/,
      )
    expect((await sum(7).execute(database.db)).rows[0]?.n).toBe(8)
  })

  it.runIf(testDatabaseKind === 'postgres')(
    'are prepared once on each PostgreSQL connection, one for each form; others are not kept',
    async () => {
      // A transaction holds one connection, whose prepared statements PostgreSQL lists.
      const kept = await database.db.transaction().execute(async (trx) => {
        for (const n of [1, 2, 3]) await sum(n).execute(trx)
        await sql`${prepared} select ${1}::int + 2 as n`.execute(trx)
        await sql`select ${5}::int + 1 as unmarked`.execute(trx)
        // The two every API intake sends first: the token's holder, and intake's one read.
        await usersRepository(trx).findByLiveApiToken('no such token', new Date())
        await intakeRepository(trx).lookups({
          resident: { name: 'Ann Example', email: 'ann@example.org' },
          addressKey: null,
          since: new Date('2026-01-01T00:00:00Z'),
        })
        const { rows } = await sql<{ name: string; statement: string }>`
          select name, statement from pg_prepared_statements order by prepare_time`.execute(trx)
        return rows
      })
      expect(kept.map((r) => r.name).every((name) => /^p_[\w-]{24}$/.test(name))).toBe(true)
      const statements = kept.map((r) => r.statement.replace(/\s+/g, ' '))
      expect(statements.filter((s) => s.includes('::int + 1 as n'))).toHaveLength(1)
      expect(statements.filter((s) => s.includes('::int + 2 as n'))).toHaveLength(1)
      expect(statements.some((s) => s.includes('unmarked'))).toBe(false)
      expect(statements.some((s) => s.includes('from "api_tokens" as "t"'))).toBe(true)
      expect(statements.some((s) => s.includes('with hit as'))).toBe(true)
    },
  )

  it.runIf(testDatabaseKind === 'postgres')(
    'are sent as any other statement when prepared statements are switched off (DB_PREPARED_STATEMENTS)',
    async () => {
      const off = openPostgres(process.env.TEST_DATABASE_URL as string, {
        poolMax: 1,
        preparedStatements: false,
      })
      try {
        expect((await sum(2).execute(off.db)).rows[0]?.n).toBe(3)
        // One connection: the same session, whose prepared statements PostgreSQL lists.
        const { rows } = await sql`select name from pg_prepared_statements`.execute(off.db)
        expect(rows).toEqual([])
      } finally {
        await off.close()
      }
    },
  )

  it.runIf(testDatabaseKind === 'postgres')(
    `keeps at most ${KEPT_PER_CONNECTION} on a connection, sending any further as others are`,
    async () => {
      for (let i = 0; i < KEPT_PER_CONNECTION + 5; i++)
        expect(
          (await sql<{ n: number }>`${prepared} select ${i}::int + ${sql.lit(i)} as n`.execute(single.db))
            .rows[0]?.n,
        ).toBe(2 * i)
      const { rows } = await sql<{
        n: number
      }>`select count(*)::int as n from pg_prepared_statements`.execute(single.db)
      expect(rows[0]?.n).toBe(KEPT_PER_CONNECTION)
    },
  )
})
