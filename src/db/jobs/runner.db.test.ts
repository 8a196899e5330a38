import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testDatabaseKind } from '../../../test/db.js'
import { FixedClock } from '../../clock.js'
import type { Database } from '../database.js'
import { jobsRepository } from '../repositories/jobs.js'
import { backoffMs, jobRunner } from './runner.js'

let database: Database
const clock = new FixedClock('2026-03-02T09:00:00Z')
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database.close()
})

describe(`the job runner (${testDatabaseKind})`, () => {
  it('runs each job exactly once when two instances poll at the same time', async () => {
    const jobs = jobsRepository(database.db)
    for (let i = 0; i < 40; i++)
      await jobs.enqueue({ kind: 'count', payload: { n: i }, runAt: clock.now(), now: clock.now() })
    const ran: number[] = []
    const handlers = {
      count: async (payload: unknown) => {
        await new Promise((resolve) => setTimeout(resolve, 2))
        ran.push((payload as { n: number }).n)
      },
    }
    const [a, b] = [
      jobRunner({ db: database.db, clock, handlers }),
      jobRunner({ db: database.db, clock, handlers }),
    ]
    const [byA, byB] = await Promise.all([a.runDue(), b.runDue()])
    expect(byA + byB).toBe(40)
    expect([...ran].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i))
    if (testDatabaseKind === 'postgres') expect(Math.min(byA, byB)).toBeGreaterThan(0)
  })

  it('retries a failing job with backoff, then gives up after its last attempt', async () => {
    const jobs = jobsRepository(database.db)
    await jobs.enqueue({ kind: 'flaky', runAt: clock.now(), now: clock.now(), maxAttempts: 3 })
    const attempts: number[] = []
    const runner = jobRunner({
      db: database.db,
      clock,
      handlers: {
        flaky: async (_payload, ctx) => {
          attempts.push(ctx.attempt)
          throw new Error('the mail server is down')
        },
      },
    })
    expect(await runner.runDue()).toBe(1)
    expect(await runner.runDue()).toBe(0)
    clock.advance(backoffMs(1))
    expect(await runner.runDue()).toBe(1)
    clock.advance(backoffMs(2))
    expect(await runner.runDue()).toBe(1)
    clock.advance(backoffMs(3))
    expect(await runner.runDue()).toBe(0)
    expect(attempts).toEqual([1, 2, 3])
    const row = await database.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', 'flaky')
      .executeTakeFirstOrThrow()
    expect(row.gave_up_at).not.toBeNull()
    expect(row.last_error).toBe('the mail server is down')
  })

  it('takes up a job again when the instance that claimed it died', async () => {
    const jobs = jobsRepository(database.db)
    await jobs.enqueue({ kind: 'orphan', runAt: clock.now(), now: clock.now() })
    expect(await jobs.claimDue(clock.now(), 10, 60_000)).toHaveLength(1)
    // The claiming instance never finishes; nobody else may take it until the lease runs out.
    expect(await jobs.claimDue(clock.now(), 10, 60_000)).toHaveLength(0)
    clock.advance(61_000)
    const ran: string[] = []
    const runner = jobRunner({
      db: database.db,
      clock,
      handlers: { orphan: async () => void ran.push('orphan') },
    })
    expect(await runner.runDue()).toBe(1)
    expect(ran).toEqual(['orphan'])
  })

  it('starts nothing more once stopped: the rest of its claim is handed back at once, untried', async () => {
    const jobs = jobsRepository(database.db)
    for (let i = 0; i < 3; i++)
      await jobs.enqueue({ kind: 'slow', payload: { n: i }, runAt: clock.now(), now: clock.now() })
    const started: number[] = []
    let finish = () => {}
    const runner = jobRunner({
      db: database.db,
      clock,
      handlers: {
        slow: (payload) => {
          started.push((payload as { n: number }).n)
          return new Promise<void>((resolve) => {
            finish = resolve
          })
        },
      },
    })
    const round = runner.runDue()
    await expect.poll(() => started.length).toBe(1)
    const stopped = runner.stop()
    finish()
    await stopped
    expect(await round).toBe(1)
    expect(started).toHaveLength(1)
    // Another instance takes the other two now, not when the claim would have run out.
    const rows = await jobs.claimDue(clock.now(), 10, 60_000)
    expect(rows.map((r) => (r.payload as { n: number }).n).sort()).toEqual(
      [0, 1, 2].filter((n) => n !== started[0]),
    )
    expect(rows.map((r) => r.attempts)).toEqual([1, 1])
  })

  it('creates a scheduled job once, however many instances schedule it', async () => {
    const jobs = jobsRepository(database.db)
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        jobs.enqueue({ kind: 'daily', uniqueKey: 'daily:2026-03-02', runAt: clock.now(), now: clock.now() }),
      ),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
  })
})
