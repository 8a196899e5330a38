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

  it('shows the senior lead themes and trends from a known set of complaints, as charts with tables (Code 9.4)', async () => {
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    for (const [name, postcode, categories] of [
      ['Rita Repeat', 'ST4 7QB', ['damp_and_mould']],
      ['rita repeat', 'ST4 7QB', ['damp_and_mould', 'repairs']],
      ['Sam Same', 'ST4 7QB', ['communication']],
    ] as const) {
      t.clock.set('2026-04-10T10:00:00Z')
      await t.services.complaints.receive(
        {
          channel: 'web',
          receivedAt: new Date('2026-04-10T09:00:00Z'),
          description: 'Damp',
          resident: { name, postcode },
          categories: [...categories],
        },
        actor,
      )
    }
    t.clock.set('2026-06-01T09:00:00Z')
    const th = await t.services.themes.themes(12)
    const chart = (id: string) => th.charts.find((c) => c.id === id)?.rows
    expect(chart('received')).toEqual([
      { label: 'Mar 2026', value: 2 },
      { label: 'Apr 2026', value: 3 },
    ])
    expect(chart('categories')).toEqual([
      { label: 'Repairs', value: 3 },
      { label: 'Damp and mould', value: 2 },
      { label: 'Communication', value: 1 },
    ])
    expect(chart('root-causes')).toEqual([
      { label: 'Out-of-hours cover', value: 1 },
      { label: 'Repair delay', value: 1 },
    ])
    expect(chart('service-areas')).toEqual([{ label: 'Repairs', value: 1 }])
    expect(th.repeatComplainants).toEqual([{ name: 'Rita Repeat', postcode: 'ST4 7QB', count: 2 }])
    expect(th.repeatPostcodes).toEqual([{ postcode: 'ST4 7QB', residents: 2, count: 3 }])

    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const page = await s.get('/themes')
    expect(page.body).toContain('<svg')
    expect(page.body).toContain('<title id="categories-title">Complaints received, by category</title>')
    expect(page.body).toMatch(/data-qa="table-categories"[\s\S]*?Repairs<\/th><td[^>]*>3</)
    // Three months back holds only April and later.
    const short = await t.services.themes.themes(3)
    expect(short.charts.find((c) => c.id === 'received')?.rows).toEqual([{ label: 'Apr 2026', value: 3 }])
  })

  it('records the learning with the response when it is given there, and refuses both if it is incomplete', async () => {
    t.clock.set('2026-07-01T09:15:00Z')
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-07-01T09:00:00Z'),
        description: 'Leak',
        resident: { name: 'Wyn Withresponse' },
        categories: ['repairs'],
      },
      actor,
    )
    const id = view.complaint.id
    await t.services.complaints.acknowledge(id, actor, {
      handlerId: officer.id,
      definition: { issues: ['The leak'], outcomesSought: ['Fix it'] },
    })
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const form = await s.get(`/complaints/${id}/respond`)
    expect(form.body).toContain('Learning (Code 9.1), optional now')
    const issueField = /name="(issue-[^"]+)"/.exec(form.body)?.[1] as string
    const answer = {
      [issueField]: 'upheld',
      decision: 'upheld',
      reasons: 'The leak was reported three times.',
      remedies: ['apology'],
    }
    const partial = await s.post(`/complaints/${id}/respond`, {
      ...answer,
      learning: 'Check leaks the same day',
    })
    expect(partial.statusCode).toBe(422)
    expect(partial.body).toContain('Code 9.1: choose at least one root cause')
    // Nothing half-written: the response waits for the learning to be right, or to be left out.
    expect((await t.services.complaints.view(id, 'admin')).complaint.state).toBe('stage1')
    const sent = await s.postWithLetter(`/complaints/${id}/respond`, {
      ...answer,
      rootCauses: ['repair_delay'],
      serviceArea: 'repairs',
      learning: 'Leaks reported twice are inspected the same day.',
    })
    expect(sent.statusCode, firstError(sent.body)).toBe(303)
    const v = await t.services.complaints.view(id, 'admin')
    expect(v.complaint.state).toBe('stage1_responded')
    expect(v.complaint.learning[1]?.learning).toBe('Leaks reported twice are inspected the same day.')
    expect((await t.services.complaints.learningToRecord()).map((q) => q.id)).not.toContain(id)
  })
})
