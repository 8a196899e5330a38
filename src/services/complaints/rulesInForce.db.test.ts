import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, testConfig } from '../../../test/app.js'
import { createServices, type Services } from '../index.js'

/**
 * Each instance keeps the calendar, policy and triage rules it built, and rereads them only when
 * their versions move (one statement per request). A change made through another instance on the
 * same database must reach the next complaint logged here at once.
 */
let t: TestApp
let other: Services
let handler: { id: string; role: 'handler' }
let admin: { id: string }
beforeAll(async () => {
  t = await createTestApp()
  other = createServices({ db: t.database.db, clock: t.clock, config: testConfig })
  handler = { id: (await t.createStaff('handler')).id, role: 'handler' }
  admin = { id: (await t.createStaff('admin')).id }
})
afterAll(async () => {
  await t.close()
})

const log = async (n: number) => {
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: `The boiler has failed again (${n})`,
      resident: { name: `Rules Resident ${n}`, email: `rules-${n}@example.org` },
    },
    handler,
  )
  return view
}
const acknowledgeBy = (view: Awaited<ReturnType<typeof log>>) =>
  view.deadlines.find((d) => d.key === 'acknowledgement')

describe('the rules in force, kept by each instance', () => {
  it('follows a policy change and a closure day made through another instance, at once', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    const before = await log(1)
    expect(acknowledgeBy(before)).toMatchObject({ workingDays: 5, due: '2026-03-09' })

    const changed = await other.policy.change({ acknowledgeDays: 3, note: 'Faster' }, admin.id)
    const after = await log(2)
    expect(after.complaint.stages[1].policyVersion).toBe(changed.version)
    expect(acknowledgeBy(after)).toMatchObject({ workingDays: 3, due: '2026-03-05' })
    // The first complaint keeps the policy it began under (Code 5, timescales fixed at receipt).
    const first = await t.services.complaints.view(before.complaint.id, 'handler')
    expect(acknowledgeBy(first)).toMatchObject({ workingDays: 5, due: '2026-03-09' })

    // Closure days extend the Code's clocks only when the landlord's policy says so.
    await other.calendar.addClosureDay({ date: '2026-03-04', title: 'Office move' }, admin.id)
    expect(acknowledgeBy(await log(3))).toMatchObject({ workingDays: 3, due: '2026-03-05' })
    await other.calendar.setClosuresExtendCodeClocks(true, admin.id)
    expect(acknowledgeBy(await log(4))).toMatchObject({ workingDays: 3, due: '2026-03-06' })
  })

  it('suggests triage by the rules another instance saved, from the next complaint on (Code 6.1)', async () => {
    const before = await log(5)
    const flags = (v: typeof before) => (v.complaint.triage.suggested?.flags ?? []).map((f) => f.flag)
    expect(flags(before)).not.toContain('Boiler failure')
    const current = await other.triageRules.current()
    const saved = await other.triageRules.save(
      [...current.rules, { id: 'boiler', flag: 'Boiler failure', priority: 'high', words: ['boiler'] }],
      { id: admin.id, role: 'admin' },
      current.version,
    )
    const after = await log(6)
    expect(after.complaint.triage.suggested).toMatchObject({ rulesVersion: saved.version })
    expect(flags(after)).toContain('Boiler failure')
  })
})
