import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { loggedComplaint } from '../../../test/cases.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('the dashboard’s age profile of the complaints still being considered', () => {
  it('counts each by working days since it was received, counted a day at a time in the database', async () => {
    const officer = await t.createStaff('complaints_officer')
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    // Today is Monday 2 March 2026. Worked out by hand (no bank holiday falls between):
    // Friday 27 February is 1 working day ago (twice), Monday 16 February 10, Monday 5 January 40.
    for (const [name, receivedAt] of [
      ['Ann', '2026-02-27T10:00:00Z'],
      ['Bea', '2026-02-27T15:00:00Z'],
      ['Cal', '2026-02-16T10:00:00Z'],
      ['Dot', '2026-01-05T10:00:00Z'],
    ] as const)
      await loggedComplaint(t, actor, { name, receivedAt })
    const { ageProfile } = await t.services.complaints.dashboard()
    expect(ageProfile.map((b) => [b.label, b.stage1, b.stage2])).toEqual([
      ['0 to 5 working days', 2, 0],
      ['6 to 10 working days', 1, 0],
      ['11 to 20 working days', 0, 0],
      ['21 to 40 working days', 1, 0],
      ['over 40 working days', 0, 0],
    ])
  })
})
