import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../../test/app.js'

let t: TestApp
let token: string
let complaintId: string

beforeAll(async () => {
  t = await createTestApp()
  token = await t.tokenFor('handler')
  t.clock.set('2026-03-02T09:15:00Z')
  const res = await call('POST', '/api/v1/complaints', {
    channel: 'phone',
    receivedAt: '2026-03-02T09:00:00Z',
    description: 'No heating and the boiler smells of gas',
    resident: { name: 'Kemi Bello' },
  })
  complaintId = res.body.id
})
afterAll(async () => {
  await t?.close()
})

const call = apiCaller(
  () => t,
  () => token,
)

const decision = {
  decidedBy: 'Jo Reid, gas engineer',
  decidedAt: '2026-03-02T09:05:00Z',
  basis: 'The resident’s call: smell of gas near the boiler',
}

describe('Awaab’s Law hazards through the API', () => {
  let hazardId = ''

  it('records an emergency hazard with its 24-hour clocks explained', async () => {
    const res = await call('POST', `/api/v1/complaints/${complaintId}/hazards`, {
      kind: 'emergency',
      awareAt: '2026-03-02T09:00:00Z',
      description: 'Smell of gas from the boiler',
      ...decision,
    })
    expect(res.status).toBe(201)
    expect(res.body.decisions).toEqual([
      expect.objectContaining({
        kind: 'emergency',
        decidedBy: 'Jo Reid, gas engineer',
        decidedAt: '2026-03-02T09:05:00.000Z',
        basis: 'The resident’s call: smell of gas near the boiler',
        because: 'first',
      }),
    ])
    hazardId = res.body.id
    expect(res.body.clocks).toEqual([
      expect.objectContaining({
        key: 'investigate',
        dueAt: '2026-03-03T09:00:00.000Z',
        status: 'due',
        left: '23 hours 45 minutes left',
        explanation: 'aware Mon 2 Mar 2026 at 09:00; 24 hours → Tue 3 Mar 2026 at 09:00',
      }),
      expect.objectContaining({ key: 'safety', dueAt: '2026-03-03T09:00:00.000Z', status: 'due' }),
    ])
    const listed = await call('GET', '/api/v1/hazards')
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: hazardId,
        nextClock: 'investigate',
        nextDueAt: '2026-03-03T09:00:00.000Z',
      }),
    ])
  })

  it('refuses bad input by the schema (400) and by the rules (422, naming Awaab’s Law), writing nothing', async () => {
    expect((await call('POST', `/api/v1/complaints/${complaintId}/hazards`, { kind: 'gas' })).status).toBe(
      400,
    )
    // The decision is required: who, when and on what.
    expect(
      (
        await call('POST', `/api/v1/complaints/${complaintId}/hazards`, {
          kind: 'damp_and_mould',
          awareAt: '2026-03-02T09:00:00Z',
          description: 'Mould',
        })
      ).status,
    ).toBe(400)
    const future = await call('POST', `/api/v1/complaints/${complaintId}/hazards`, {
      ...decision,
      kind: 'damp_and_mould',
      awareAt: '2026-03-09T09:00:00Z',
      description: ' ',
    })
    expect(future.status).toBe(422)
    expect(future.body.error.details).toEqual([
      expect.objectContaining({ field: 'awareAt', provision: 'Awaab’s Law' }),
      expect.objectContaining({ field: 'description', provision: 'Awaab’s Law' }),
      expect.objectContaining({ field: 'decidedAt', provision: 'Awaab’s Law' }),
    ])
    const early = await call('POST', `/api/v1/hazards/${hazardId}/summary`, {
      sentAt: '2026-03-02T09:10:00Z',
      how: 'letter',
    })
    expect(early.status).toBe(409)
    expect(early.body.error.message).toMatch(/the written summary follows the investigation/)
    expect((await call('GET', `/api/v1/complaints/${complaintId}/hazards`)).body.items).toHaveLength(1)
  })

  it('records the household moved out, stopping both clocks, and refuses a stale version', async () => {
    const stale = await call('POST', `/api/v1/hazards/${hazardId}/decant`, {
      at: '2026-03-02T12:00:00Z',
      where: 'Travelodge, Hanley',
      version: 7,
    })
    expect(stale.status).toBe(409)
    t.clock.set('2026-03-02T13:00:00Z')
    const moved = await call('POST', `/api/v1/hazards/${hazardId}/decant`, {
      at: '2026-03-02T12:00:00Z',
      where: 'Travelodge, Hanley',
      version: 1,
    })
    expect(moved.status).toBe(200)
    expect(moved.body.clocks.map((c: { status: string }) => c.status)).toEqual(['stopped', 'stopped'])
    expect(moved.body.history.at(-1).text).toBe(
      'Household moved out Mon 2 Mar 2026 at 12:00: Travelodge, Hanley',
    )
    expect((await call('GET', '/api/v1/hazards')).body.items).toEqual([])
  })

  it('keeps an emergency’s missed duties when it is reassessed, and is made safe only when the work is completed', async () => {
    t.clock.set('2026-03-09T10:00:00Z')
    const created = await call('POST', `/api/v1/complaints/${complaintId}/hazards`, {
      ...decision,
      kind: 'emergency',
      awareAt: '2026-03-09T08:00:00Z',
      decidedAt: '2026-03-09T08:30:00Z',
      description: 'Water through the ceiling light',
    })
    const id = created.body.id
    const begun = await call('POST', `/api/v1/hazards/${id}/safety-work`, {
      at: '2026-03-09T09:00:00Z',
      what: 'Electrician isolating the circuit',
    })
    expect(begun.body.clocks.find((c: { key: string }) => c.key === 'safety').status).toBe('due')
    t.clock.set('2026-03-10T12:00:00Z')
    const safe = await call('POST', `/api/v1/hazards/${id}/made-safe`, {
      at: '2026-03-10T11:00:00Z',
      what: 'Circuit isolated and ceiling made safe',
    })
    expect(safe.status).toBe(200)
    expect(safe.body.clocks.find((c: { key: string }) => c.key === 'safety')).toMatchObject({
      status: 'met_late',
      metAt: '2026-03-10T11:00:00.000Z',
    })
    // Reassessed as damp and mould after its 24 hours ran out: the emergency's investigation stays missed.
    const reassessed = await call('POST', `/api/v1/hazards/${id}/kind`, {
      kind: 'damp_and_mould',
      reason: 'A slow leak feeding mould; no electrical danger remains',
      decidedBy: 'Sam Patel, surveyor',
      decidedAt: '2026-03-10T11:30:00Z',
      basis: 'Inspection on 10 March',
    })
    expect(reassessed.status).toBe(200)
    expect(
      reassessed.body.clocks.map((c: { kind: string; period: number; key: string; status: string }) => [
        c.kind,
        c.period,
        c.key,
        c.status,
      ]),
    ).toEqual([
      ['emergency', 0, 'investigate', 'missed'],
      ['emergency', 0, 'safety', 'met_late'],
      ['damp_and_mould', 1, 'investigate', 'due'],
    ])
    expect(reassessed.body.decisions.map((d: { because: string }) => d.because)).toEqual([
      'first',
      'reclassified',
    ])
    // A material change is for a report found not to be a hazard.
    const refused = await call('POST', `/api/v1/hazards/${id}/material-change`, {
      ...decision,
      decidedAt: '2026-03-10T11:45:00Z',
      reportedAt: '2026-03-10T11:40:00Z',
      change: 'x',
      kind: 'emergency',
    })
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toMatch(
      /a material change re-opens an assessment that found no hazard/,
    )
  })

  it('keeps a report decided not to be a hazard, with its reasons, and assesses it again after a material change', async () => {
    const created = await call('POST', `/api/v1/complaints/${complaintId}/hazards`, {
      ...decision,
      kind: 'not_a_hazard',
      awareAt: '2026-03-10T09:00:00Z',
      decidedAt: '2026-03-10T10:00:00Z',
      description: 'Condensation on the windows',
      reasons: 'No mould found on the photos; ventilation advice given',
    })
    expect(created.status).toBe(201)
    expect(created.body.clocks).toEqual([])
    t.clock.set('2026-03-11T12:00:00Z')
    const changed = await call('POST', `/api/v1/hazards/${created.body.id}/material-change`, {
      decidedBy: 'Sam Patel, surveyor',
      decidedAt: '2026-03-11T11:00:00Z',
      basis: 'New photos from the resident',
      reportedAt: '2026-03-11T09:00:00Z',
      change: 'Black mould now over the child’s bed',
      kind: 'damp_and_mould',
    })
    expect(changed.status).toBe(200)
    expect(changed.body.kind).toBe('damp_and_mould')
    // Ten working days from Wednesday 11 March: Wednesday 25 March.
    expect(changed.body.clocks).toEqual([
      expect.objectContaining({ key: 'investigate', period: 1, dueOn: '2026-03-25', status: 'due' }),
    ])
    expect(changed.body.decisions.at(-1)).toMatchObject({
      because: 'material_change',
      change: { reportedAt: '2026-03-11T09:00:00.000Z', what: 'Black mould now over the child’s bed' },
    })
  })

  it('reports a reassessed emergency’s missed duty in the board pack, not erased by the change of kind', async () => {
    // At Wed 11 March 12:00: the first emergency moved out in time (both stopped); the second's
    // investigation missed and its making safe met late before it was reassessed as damp and mould;
    // two damp and mould investigations still running.
    const pack = await t.services.boardPack.document({
      from: '2026-03-01',
      to: '2026-03-31',
      label: 'March 2026',
    })
    const duties = pack.blocks.find((b) => b.kind === 'table' && b.table.sheet === 'Hazard duties')
    expect(duties?.kind === 'table' && duties.table.rows).toEqual([
      ['Emergency hazard: investigate', 2, 0, 0, 1, 1, 0, '0%', null],
      ['Emergency hazard: relevant safety work', 2, 0, 1, 0, 1, 0, '0%', null],
      ['Significant damp and mould hazard: investigate', 2, 0, 0, 0, 0, 2, null, null],
    ])
  })

  it('is for staff who handle complaints: the board may not read or record', async () => {
    const board = await t.tokenFor('board')
    expect((await call('GET', `/api/v1/hazards/${hazardId}`, undefined, board)).status).toBe(403)
    expect(
      (
        await call(
          'POST',
          `/api/v1/hazards/${hazardId}/kind`,
          { ...decision, kind: 'damp_and_mould', reason: 'x' },
          board,
        )
      ).status,
    ).toBe(403)
  })
})
