import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.js'
import { bootstrapStaff } from './bootstrap.js'
import { seedDemoComplaints } from './demoComplaints.js'
import { seedDemoLearning } from './demoLearning.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  t.clock.set('2026-11-23T12:00:00Z')
  await bootstrapStaff({ db: t.database.db, clock: t.clock }, { demoData: true })
})
afterAll(async () => {
  await t.close()
})

describe('demo complaints', () => {
  it.each([
    '2026-11-23T06:45:00Z',
    '2026-11-23T07:15:00Z',
    '2026-11-23T21:30:00Z',
    '2027-01-04T08:00:00Z',
    '2026-06-15T13:00:00Z',
  ])(
    'can be made at any time of day or year without breaking a rule (now = %s)',
    async (now) => {
      const fresh = await createTestApp()
      try {
        fresh.clock.set(now)
        await bootstrapStaff({ db: fresh.database.db, clock: fresh.clock }, { demoData: true })
        expect(
          await seedDemoComplaints(fresh.services, await fresh.services.staffAccounts.list(), fresh.clock),
        ).toBeGreaterThan(180)
      } finally {
        await fresh.close()
      }
    },
    120_000,
  )

  it('makes about 200 complaints with true histories across every state, category and channel', async () => {
    const made = await seedDemoComplaints(t.services, await t.services.staffAccounts.list(), t.clock)
    expect(made).toBeGreaterThanOrEqual(190)
    const all = await t.services.complaints.list({ pageSize: 100, page: 1 })
    expect(all.total).toBe(made)
    const count = async (filters: Parameters<typeof t.services.complaints.list>[0]) =>
      (await t.services.complaints.list({ ...filters, pageSize: 1 })).total
    for (const state of [
      'received',
      'stage1',
      'stage1_responded',
      'stage2_requested',
      'stage2',
      'stage2_responded',
      'closed',
      'not_accepted',
      'withdrawn',
    ]) {
      expect(await count({ states: [state] }), state).toBeGreaterThan(0)
    }
    for (const channel of ['web', 'email', 'phone', 'letter', 'in_person', 'social_media', 'third_party']) {
      expect(await count({ channel }), channel).toBeGreaterThan(0)
    }
    for (const category of [
      'repairs',
      'damp_and_mould',
      'anti_social_behaviour',
      'staff_conduct',
      'complaint_handling',
    ]) {
      expect(await count({ category }), category).toBeGreaterThan(0)
    }
    expect(await count({ overdue: true })).toBeGreaterThan(0)
    expect(await count({ stage: 2 })).toBeGreaterThan(10)
    const extended = await t.database.db
      .selectFrom('complaint_events')
      .select('complaint_id')
      .where('type', '=', 'complaint.extended')
      .distinct()
      .execute()
    expect(extended.length).toBeGreaterThan(5)

    // The learning and improvements on top: most upheld stages learned from, a few left to do.
    const stagesOwed = async () => (await t.services.complaints.learningToRecordCount()).stages
    const before = await stagesOwed()
    const learned = await seedDemoLearning(t.services, await t.services.staffAccounts.list(), '2026-11-23')
    expect(learned.learning).toBeGreaterThan(10)
    expect(learned.improvements).toBe(3)
    expect(await stagesOwed()).toBe(before - learned.learning)
    expect((await t.services.improvement.published()).map((p) => p.youSaid)).toEqual([
      'The same repair needed visit after visit before it was fixed.',
    ])
    expect((await t.services.remedies.register({ owed: false })).entries.length).toBeGreaterThan(50)
    // Tenures and the homes owned, so the TSM have figures this year.
    const tsm = await t.services.tsm.tsm(2026)
    expect(tsm.lcra.homes).toBe(12_500)
    expect(tsm.lcra.stage1Received).toBeGreaterThan(20)
    expect(tsm.lcho.stage1Received).toBeGreaterThan(0)
    expect(tsm.lcra.ch02Stage1).not.toBeNull()
  }, 120_000)
})
