import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { loggedComplaint } from '../../../../test/cases.js'
import { firstError, png, postMultipart } from '../../../../test/residents.js'

let t: TestApp
let officer: { id: string; email: string; password: string }
let complaintReference: string

beforeAll(async () => {
  t = await createTestApp()
  officer = await t.createStaff('complaints_officer')
  t.clock.set('2026-03-02T09:15:00Z')
  const id = await loggedComplaint(
    t,
    { id: officer.id, role: 'complaints_officer' },
    {
      name: 'Asha Patel',
      receivedAt: '2026-03-02T09:00:00Z',
    },
  )
  complaintReference = (await t.services.complaints.view(id, 'admin')).complaint.reference
  t.clock.set('2026-06-01T09:00:00Z')
})
afterAll(async () => {
  await t?.close()
})

const date = (name: string, iso: string) => ({
  [`${name}-day`]: String(Number(iso.slice(8, 10))),
  [`${name}-month`]: String(Number(iso.slice(5, 7))),
  [`${name}-year`]: iso.slice(0, 4),
})

describe('the interventions pages, as plain forms (no scripts)', () => {
  it('record one, refuse a file that is not what it says, keep a real copy, and count it on the dashboard', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    await s.get('/ombudsman-interventions/new')
    const refused = await s.post('/ombudsman-interventions/new', {
      kind: 'dispute_support',
      // A ground chosen before the kind was changed is not held against it.
      failureType: 'not_progressed',
      ombudsmanReference: 'DS-9',
      ...date('receivedOn', '2026-05-01'),
      description: 'Respond at stage 2',
      ownerId: officer.id,
      ...date('dueOn', '2026-05-08'),
    })
    expect(refused.statusCode).toBe(422)
    expect(firstError(refused.body)).toContain('Name the complaint the Dispute Support is about')
    expect(refused.body).toContain('value="DS-9"')
    const saved = await s.post('/ombudsman-interventions/new', {
      kind: 'dispute_support',
      ombudsmanReference: 'DS-9',
      complaintId: complaintReference,
      ...date('receivedOn', '2026-05-01'),
      description: 'Respond at stage 2',
      ownerId: officer.id,
      ...date('dueOn', '2026-05-08'),
    })
    expect(saved.statusCode).toBe(303)
    const url = String(saved.headers.location).split('?')[0] ?? ''
    expect((await s.get(url)).body).toContain('Overdue')
    expect((await s.get('/')).body).toContain('Ombudsman interventions past the date to comply by')

    await s.get(`${url}/compliance`)
    const renamed = await postMultipart(
      t,
      s,
      `${url}/compliance`,
      { evidence: 'The stage 2 response', ...date('compliedOn', '2026-05-07') },
      { name: 'response.pdf', bytes: png },
    )
    expect(renamed.statusCode).toBe(422)
    expect(firstError(renamed.body)).toContain('not really a PDF')
    const complied = await postMultipart(
      t,
      s,
      `${url}/compliance`,
      { evidence: 'The stage 2 response', ...date('compliedOn', '2026-05-07') },
      { name: 'response.png', bytes: png },
    )
    expect(complied.statusCode).toBe(303)
    const page = (await s.get(url)).body
    expect(page).toContain('Complied with')
    expect(page).not.toContain('>Late<')
    const link = /href="(\/ombudsman-interventions\/[^"]+\/documents\/[^"]+)"/.exec(page)?.[1] ?? ''
    const copy = await s.get(link)
    expect(copy.headers['content-disposition']).toContain('response.png')
    expect(Buffer.from(copy.rawPayload).equals(png)).toBe(true)
    const again = await postMultipart(t, s, `${url}/compliance`, {
      evidence: 'Again',
      ...date('compliedOn', '2026-05-09'),
    })
    expect(again.statusCode).toBe(422)
    expect(again.body).toContain('already recorded, on 7 May 2026')
  })

  it('lets the board read the list but record nothing', async () => {
    const board = await t.createStaff('board')
    const s = new FormSession(t.app)
    await s.signIn(board.email, board.password)
    expect((await s.get('/ombudsman-interventions/new')).statusCode).toBe(403)
  })
})
