import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { firstError } from '../../../../test/residents.js'

let t: TestApp
let officer: { id: string; email: string; password: string }

beforeAll(async () => {
  t = await createTestApp()
  officer = await t.createStaff('complaints_officer')
})
afterAll(async () => {
  await t?.close()
})

async function answered(decision: 'upheld' | 'not_upheld', name: string) {
  t.clock.set('2026-03-02T09:15:00Z')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: 'Leak',
      resident: { name },
      categories: ['repairs'],
    },
    actor,
  )
  const id = view.complaint.id
  await t.services.complaints.acknowledge(id, actor, {
    handlerId: officer.id,
    definition: { issues: ['The leak'], outcomesSought: ['Fix it'] },
  })
  await t.services.complaints.respond(id, actor, {
    decision,
    reasons: 'Because',
    remedies: decision === 'upheld' ? [{ type: 'apology' }] : [],
  })
  return id
}

describe('learning from complaints (Code 9.1–9.4)', () => {
  it('queues every upheld stage until its root causes and learning are recorded, and records them on the case', async () => {
    const upheld = await answered('upheld', 'Una Upheld')
    await answered('not_upheld', 'Nina Notupheld')
    const queue = await t.services.complaints.learningToRecord()
    expect(queue.map((q) => q.residentName)).toEqual(['Una Upheld'])

    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    expect((await s.get('/')).body).toMatch(/data-qa="tile-learningToRecord"[\s\S]*?data-qa="value">1</)
    expect((await s.get('/learning')).body).toContain('Una Upheld')
    expect((await s.get(`/complaints/${upheld}`)).body).toContain('Still to record')

    // A root cause of the landlord's own, added in the lists.
    await s.get('/settings/lists')
    await s.post('/settings/lists/root-causes', { rootCauseLabel: 'Out-of-hours cover' })
    const form = await s.get(`/complaints/${upheld}/learning`)
    expect(form.body).toContain('Out-of-hours cover')
    const empty = await s.post(`/complaints/${upheld}/learning`, {
      stage: '1',
      serviceArea: 'repairs',
      learning: '',
    })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Code 9.1: choose at least one root cause')
    expect(empty.body).toContain('Code 9.1: say what was learned')
    const done = await s.post(`/complaints/${upheld}/learning`, {
      stage: '1',
      rootCauses: ['repair_delay', 'out_of_hours_cover'],
      serviceArea: 'repairs',
      learning: 'Emergency leaks need an out-of-hours contractor on call.',
    })
    expect(done.statusCode, firstError(done.body)).toBe(303)
    expect(await t.services.complaints.learningToRecord()).toEqual([])
    const page = await s.get(`/complaints/${upheld}`)
    expect(page.body).toContain('Emergency leaks need an out-of-hours contractor on call.')
    expect(page.body).toContain('Repair delay, Out-of-hours cover')
    expect((await s.get('/learning')).body).toContain('Every upheld stage has its learning recorded')

    // A root cause switched off cannot be used for new learning.
    await s.get('/settings/lists')
    await s.post('/settings/lists/root-causes/contractor/deactivate', {})
    const v = await t.services.complaints.view(upheld, 'admin')
    await expect(
      t.services.complaints.recordLearning(
        upheld,
        { id: officer.id, role: 'complaints_officer' },
        {
          stage: 1,
          rootCauses: ['contractor'],
          serviceArea: 'repairs',
          learning: 'x',
          version: v.complaint.version,
        },
      ),
    ).rejects.toThrow(/not one of the landlord’s root causes/)
  })
})
