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

describe('Awaab’s Law hazards through the API', () => {
  let hazardId = ''

  it('records an emergency hazard with its 24-hour clocks explained', async () => {
    const res = await call('POST', `/api/v1/complaints/${complaintId}/hazards`, {
      kind: 'emergency',
      awareAt: '2026-03-02T09:00:00Z',
      description: 'Smell of gas from the boiler',
    })
    expect(res.status).toBe(201)
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
    const future = await call('POST', `/api/v1/complaints/${complaintId}/hazards`, {
      kind: 'damp_and_mould',
      awareAt: '2026-03-09T09:00:00Z',
      description: ' ',
    })
    expect(future.status).toBe(422)
    expect(future.body.error.details).toEqual([
      expect.objectContaining({ field: 'awareAt', provision: 'Awaab’s Law' }),
      expect.objectContaining({ field: 'description', provision: 'Awaab’s Law' }),
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

  it('is for staff who handle complaints: the board may not read or record', async () => {
    const board = await t.tokenFor('board')
    expect((await call('GET', `/api/v1/hazards/${hazardId}`, undefined, board)).status).toBe(403)
    expect(
      (await call('POST', `/api/v1/hazards/${hazardId}/kind`, { kind: 'damp_and_mould', reason: 'x' }, board))
        .status,
    ).toBe(403)
  })
})
