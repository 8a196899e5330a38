import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { refreshHazardClocksOnce } from './upgrade.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('hazards recorded before the clocks followed the Regulations', () => {
  it('have their rows and clocks worked out again once, from their events', async () => {
    const handler = await t.createStaff('handler')
    const actor = { id: handler.id, role: 'handler' as const }
    t.clock.set('2026-12-04T12:00:00Z')
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-12-04T09:00:00Z'),
        description: 'Mould in the bathroom',
        resident: { name: 'Upgrade Resident' },
      },
      actor,
    )
    const v = await t.services.hazards.identify(view.complaint.id, actor, {
      kind: 'damp_and_mould',
      awareAt: new Date('2026-12-04T09:00:00Z'),
      description: 'Mould in the bathroom',
      decidedBy: 'Sam Patel, surveyor',
      decidedAt: new Date('2026-12-04T10:00:00Z'),
      basis: 'Photos',
    })
    const db = t.database.db
    const clocks = () =>
      db
        .selectFrom('hazard_clocks')
        .select(['kind', 'period', 'clock', 'due_at'])
        .where('hazard_id', '=', v.hazard.id)
        .execute()
    // Aware Friday 4 December 2026: ten working days → Friday 18 December, whatever the landlord shuts.
    const right = await clocks()
    expect(right).toEqual([
      { kind: 'damp_and_mould', period: 0, clock: 'investigate', due_at: new Date('2026-12-19T00:00:00Z') },
    ])
    // As an earlier version left it: moved to Monday 21 December by a closure day.
    await db
      .updateTable('hazard_clocks')
      .set({ due_at: new Date('2026-12-22T00:00:00Z') })
      .execute()
    await db
      .updateTable('hazards')
      .set({ next_due_at: new Date('2026-12-22T00:00:00Z') })
      .execute()
    // Without the upgrade pending, nothing is touched.
    expect(await refreshHazardClocksOnce({ db, clock: t.clock, calendar: t.services.calendar })).toBe(0)
    await db.insertInto('data_upgrades').values({ name: 'hazard_clocks_statutory' }).execute()
    expect(await refreshHazardClocksOnce({ db, clock: t.clock, calendar: t.services.calendar })).toBe(1)
    expect(await clocks()).toEqual(right)
    const [row] = await t.services.hazards.queue()
    expect(row?.nextDueAt).toEqual(new Date('2026-12-19T00:00:00Z'))
    // Done once: the upgrade is no longer pending.
    expect(await refreshHazardClocksOnce({ db, clock: t.clock, calendar: t.services.calendar })).toBe(0)
  })
})
