import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { webhooksRepository } from '../../db/repositories/webhooks.js'

/**
 * Retention of webhook deliveries (WEBHOOK_RETENTION_DAYS, 90 in the tests): a dataset whose
 * answer is worked out by hand, row by row, then the nightly job run through the job runner.
 */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const DAY = 86_400_000
type Seeded = { deliveries: Record<string, string>; events: Record<string, string>; endpoints: string[] }

/**
 * Three endpoints: A in use, B removed 100 days ago, C removed 10 days ago. Each delivery has its
 * own event (d10 shares d1's), some attempts, and an age; `now` is the job's time.
 */
async function seed(now: Date): Promise<Seeded> {
  const db = t.database.db
  const ago = (days: number) => new Date(now.getTime() - days * DAY)
  const [A, B, C] = [randomUUID(), randomUUID(), randomUUID()]
  const endpoint = (id: string, removedDaysAgo?: number) => ({
    id,
    url: 'https://hms.example.org/hooks',
    description: 'HMS',
    events: ['complaint.logged'],
    secret: 'whsec_test',
    status: removedDaysAgo === undefined ? 'active' : 'removed',
    removed_at: removedDaysAgo === undefined ? null : ago(removedDaysAgo),
    created_at: ago(400),
    updated_at: ago(400),
  })
  await db
    .insertInto('webhook_endpoints')
    .values([endpoint(A), endpoint(B, 100), endpoint(C, 10)])
    .execute()
  const events: Record<string, string> = {}
  const event = async (
    name: string,
    fannedOutDaysAgo: number | null,
    createdDaysAgo = fannedOutDaysAgo ?? 100,
  ) => {
    const id = randomUUID()
    events[name] = id
    await db
      .insertInto('webhook_events')
      .values({
        id,
        type: 'complaint.logged',
        unique_key: `test:${id}`,
        occurred_at: ago(createdDaysAgo),
        payload: JSON.stringify({ id, type: 'complaint.logged' }),
        created_at: ago(createdDaysAgo),
        fanned_out_at: fannedOutDaysAgo === null ? null : ago(fannedOutDaysAgo),
      })
      .execute()
    return id
  }
  const deliveries: Record<string, string> = {}
  const delivery = async (
    name: string,
    endpointId: string,
    status: string,
    createdDaysAgo: number,
    attempts: number,
    deliveredDaysAgo: number | null = null,
    eventId?: string,
  ) => {
    const id = randomUUID()
    deliveries[name] = id
    const event_id = eventId ?? (await event(`e${name.slice(1)}`, createdDaysAgo))
    await db
      .insertInto('webhook_deliveries')
      .values({
        id,
        endpoint_id: endpointId,
        event_id,
        status,
        attempts,
        created_at: ago(createdDaysAgo),
        delivered_at: deliveredDaysAgo === null ? null : ago(deliveredDaysAgo),
      })
      .execute()
    for (let n = 1; n <= attempts; n++)
      await db
        .insertInto('webhook_attempts')
        .values({
          delivery_id: id,
          attempt: n,
          at: ago(createdDaysAgo),
          status_code: status === 'delivered' && n === attempts ? 200 : 500,
          duration_ms: 5,
          succeeded: status === 'delivered' && n === attempts,
        })
        .execute()
  }
  // Endpoint A, in use.
  await delivery('d1', A, 'delivered', 92, 2, 91) // delivered 91 days ago: deleted (2 attempts)
  await delivery('d2', A, 'delivered', 89, 1, 89) // delivered 89 days ago: kept
  await delivery('d3', A, 'failed', 200, 8) // failed, endpoint in use: kept however old
  await delivery('d4', A, 'held', 150, 0) // held: kept
  await delivery('d5', A, 'pending', 100, 3) // still being sent: kept
  await delivery('d6', A, 'delivered', 90, 1, 90) // delivered exactly 90 days ago: not before the cutoff, kept
  // Endpoint B, removed 100 days ago: everything goes.
  await delivery('d7', B, 'delivered', 120, 1, 120) // 1 attempt
  await delivery('d8', B, 'failed', 110, 8) // 8 attempts
  await delivery('d9', B, 'cancelled', 101, 0)
  // Endpoint C, removed 10 days ago: only what was delivered before the cutoff goes.
  await delivery('d10', C, 'failed', 95, 8, null, events.e1) // kept; so d1's event is kept too
  await delivery('d11', C, 'delivered', 95, 1, 95) // deleted (1 attempt)
  // Events with no delivery: sent 100 days ago (deleted), 10 days ago (kept), and one still in the outbox (kept).
  await event('e12', 100)
  await event('e13', 10)
  await event('e14', null, 100)
  return { deliveries, events, endpoints: [A, B, C] }
}

async function left(s: Seeded) {
  const db = t.database.db
  const deliveries = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('id', 'in', Object.values(s.deliveries))
    .execute()
  const events = await db
    .selectFrom('webhook_events')
    .select('id')
    .where('id', 'in', Object.values(s.events))
    .execute()
  const attempts = await db
    .selectFrom('webhook_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('delivery_id', 'in', Object.values(s.deliveries))
    .executeTakeFirstOrThrow()
  const name = (ids: Record<string, string>, id: string) => Object.keys(ids).find((k) => ids[k] === id)
  return {
    deliveries: deliveries.map((d) => name(s.deliveries, d.id)).sort(),
    events: events.map((e) => name(s.events, e.id)).sort(),
    attempts: Number(attempts.n),
  }
}

describe('webhook retention', () => {
  it('deletes, at the nightly housekeeping, exactly the deliveries, attempts and events past the period', async () => {
    // A summer night (BST), just after the test housekeeping time of 23:58 London.
    t.clock.set('2026-06-15T22:59:00Z')
    const s = await seed(t.clock.now())
    // Seeded: 11 deliveries with 2+1+8+0+3+1+1+8+0+8+1 = 33 attempts; 14 events (e10 is e1).
    expect(await left(s)).toMatchObject({ attempts: 33 })
    expect((await left(s)).deliveries).toHaveLength(11)
    expect((await left(s)).events).toHaveLength(13)

    await t.jobs.runDue()
    await t.jobs.runDue()
    // Deleted: d1 (2 attempts), d7 (1), d8 (8), d9 (0), d11 (1): 12 attempts; events e7, e8, e9, e11, e12.
    expect(await left(s)).toEqual({
      deliveries: ['d10', 'd2', 'd3', 'd4', 'd5', 'd6'],
      events: ['e1', 'e13', 'e14', 'e2', 'e3', 'e4', 'e5', 'e6'],
      attempts: 33 - 12,
    })
    // The endpoints themselves are kept, the removed ones too.
    const endpoints = await t.database.db
      .selectFrom('webhook_endpoints')
      .select('id')
      .where('id', 'in', s.endpoints)
      .execute()
    expect(endpoints).toHaveLength(3)

    // Once a night for the whole cluster: one job for the night, done.
    t.clock.advance(60_000)
    await t.jobs.runDue()
    const jobs = await t.database.db
      .selectFrom('jobs')
      .select(['unique_key', 'done_at'])
      .where('kind', '=', 'webhooks.housekeeping')
      .execute()
    expect(jobs).toEqual([{ unique_key: 'webhooks.housekeeping:2026-06-15', done_at: expect.any(Date) }])
  })

  it('deletes the same rows a few at a time as all at once', async () => {
    // The same night as above: what that run kept is kept again, so only this seed's rows go.
    const now = new Date('2026-06-15T22:59:00Z')
    const s = await seed(now)
    const deleted = await webhooksRepository(t.database.db).deleteOldDeliveries(
      new Date(now.getTime() - 90 * DAY),
      2,
    )
    expect(deleted).toEqual({ deliveries: 5, attempts: 12, events: 5 })
    expect((await left(s)).deliveries).toEqual(['d10', 'd2', 'd3', 'd4', 'd5', 'd6'])
  })
})
