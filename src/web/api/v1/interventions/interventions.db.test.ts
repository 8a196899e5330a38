import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../../test/app.js'

let t: TestApp
let token: string
let boardToken: string
let officerId: string
const api = apiCaller(
  () => t,
  () => token,
)

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650 })
  const officer = await t.createStaff('complaints_officer')
  officerId = officer.id
  token = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
  boardToken = await t.tokenFor('board')
})
afterAll(async () => {
  await t?.close()
})

describe('the Ombudsman’s interventions through the API', () => {
  it('records, reads, lists and complies, refusing what breaks a rule, and is described in the OpenAPI document', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    const created = await api('POST', '/api/v1/complaints', {
      channel: 'phone',
      receivedAt: '2026-03-02T09:00:00Z',
      description: 'Mould',
      resident: { name: 'Asha Patel' },
    })
    const complaintId = created.body.id
    const complaintReference = created.body.reference
    t.clock.set('2026-06-01T09:00:00Z')

    const bad = await api('POST', '/api/v1/ombudsman-interventions', {
      kind: 'policy_recommendation',
      ombudsmanReference: 'PCC-1',
      receivedOn: '2026-05-01',
      provision: '11.1',
      description: 'Publish the policy',
      ownerId: officerId,
      dueOn: '2026-04-01',
    })
    expect(bad.status).toBe(422)
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['provision', 'dueOn'])
    expect(bad.body.error.message).toContain('There is no provision 11.1 in the 2024 Code')

    const noComplaint = await api('POST', '/api/v1/ombudsman-interventions', {
      kind: 'dispute_support',
      ombudsmanReference: 'DS-1',
      receivedOn: '2026-05-01',
      description: 'Respond at stage 2',
      ownerId: officerId,
      dueOn: '2026-05-08',
    })
    expect(noComplaint.status).toBe(422)
    expect(noComplaint.body.error.details[0].field).toBe('complaintId')

    const forbidden = await api(
      'POST',
      '/api/v1/ombudsman-interventions',
      {
        kind: 'failure_notice',
        ombudsmanReference: 'N',
        receivedOn: '2026-05-01',
        description: 'x',
        ownerId: officerId,
        dueOn: '2026-05-08',
      },
      boardToken,
    )
    expect(forbidden.status).toBe(403)

    const ds = await api('POST', '/api/v1/ombudsman-interventions', {
      kind: 'dispute_support',
      ombudsmanReference: 'DS-1',
      receivedOn: '2026-05-01',
      complaintId: complaintReference,
      description: 'Respond at stage 2',
      ownerId: officerId,
      dueOn: '2026-05-08',
    })
    expect(ds.status).toBe(201)
    expect(ds.body).toMatchObject({
      kind: 'dispute_support',
      complaintId,
      dueOn: '2026-05-08',
      status: 'overdue',
      version: 1,
      improvementActionIds: [],
    })
    expect(ds.body.due).toBe(
      'Due 8 May 2026: the date to comply by that the Ombudsman gave in its dispute support instruction of 1 May 2026',
    )
    const chfo = await api('POST', '/api/v1/ombudsman-interventions', {
      kind: 'failure_order',
      failureType: 'code_non_compliance',
      provision: '6.13',
      ombudsmanReference: 'CHFO-1',
      receivedOn: '2026-05-10',
      description: 'Stage 2 handled by the stage 1 handler',
      ownerId: officerId,
      dueOn: '2026-06-30',
    })
    expect(chfo.status).toBe(201)
    expect(chfo.body).toMatchObject({ failureType: 'code_non_compliance', provision: '6.13', status: 'open' })

    expect(
      (await api('GET', `/api/v1/ombudsman-interventions/${ds.body.id}`, undefined, boardToken)).status,
    ).toBe(403)
    expect((await api('GET', '/api/v1/ombudsman-interventions/not-an-id')).status).toBe(404)

    const stale = await api('POST', `/api/v1/ombudsman-interventions/${ds.body.id}/compliance`, {
      compliedOn: '2026-05-12',
      evidence: 'Stage 2 response issued',
      version: 5,
    })
    expect(stale.status).toBe(409)
    const complied = await api('POST', `/api/v1/ombudsman-interventions/${ds.body.id}/compliance`, {
      compliedOn: '2026-05-12',
      evidence: 'Stage 2 response issued',
      version: 1,
    })
    expect(complied.status).toBe(200)
    expect(complied.body).toMatchObject({
      status: 'complied_late',
      compliance: { compliedOn: '2026-05-12', evidence: 'Stage 2 response issued', late: true },
      version: 2,
    })
    const twice = await api('POST', `/api/v1/ombudsman-interventions/${ds.body.id}/compliance`, {
      compliedOn: '2026-05-13',
      evidence: 'again',
    })
    expect(twice.status).toBe(409)
    expect(twice.body.error.message).toContain('already recorded, on 12 May 2026')

    const open = await api('GET', '/api/v1/ombudsman-interventions?state=open')
    expect(open.body.items.map((r: { ombudsmanReference: string }) => r.ombudsmanReference)).toEqual([
      'CHFO-1',
    ])
    const ds1 = await api('GET', '/api/v1/ombudsman-interventions?kind=dispute_support')
    expect(ds1.body).toMatchObject({ total: 1, items: [{ complaintReference, status: 'complied_late' }] })
    expect((await api('GET', '/api/v1/ombudsman-interventions?state=closed')).status).toBe(400)

    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>
    }
    expect(Object.keys(doc.paths['/api/v1/ombudsman-interventions'] ?? {}).sort()).toEqual(['get', 'post'])
    expect(Object.keys(doc.paths['/api/v1/ombudsman-interventions/{id}'] ?? {})).toEqual(['get'])
    expect(Object.keys(doc.paths['/api/v1/ombudsman-interventions/{id}/compliance'] ?? {})).toEqual(['post'])
    expect(Object.keys(doc.paths['/api/v1/ombudsman-interventions/{id}/improvement-actions'] ?? {})).toEqual([
      'post',
    ])
  })

  it('raises an improvement action from an intervention, linked to it, and refuses one that breaks a rule without writing either', async () => {
    t.clock.set('2026-06-02T09:00:00Z')
    const pcc = await api('POST', '/api/v1/ombudsman-interventions', {
      kind: 'policy_recommendation',
      ombudsmanReference: 'PCC-9',
      receivedOn: '2026-06-01',
      provision: '5.8',
      description: 'Record conflicts of interest at assignment',
      ownerId: officerId,
      dueOn: '2026-08-31',
    })
    expect(pcc.status).toBe(201)
    const actions = () => t.database.db.selectFrom('improvement_actions').select('id').execute()
    const before = (await actions()).length
    const bad = await api('POST', `/api/v1/ombudsman-interventions/${pcc.body.id}/improvement-actions`, {
      title: 'Ask about conflicts at assignment',
      description: 'Add the question to the assign form',
      ownerId: officerId,
      director: 'Director of Housing',
      dueOn: '2026-01-01',
    })
    expect(bad.status).toBe(422)
    expect((await actions()).length).toBe(before)
    const raised = await api('POST', `/api/v1/ombudsman-interventions/${pcc.body.id}/improvement-actions`, {
      title: 'Ask about conflicts at assignment',
      description: 'Add the question to the assign form',
      ownerId: officerId,
      director: 'Director of Housing',
      dueOn: '2026-07-31',
    })
    expect(raised.status).toBe(201)
    expect(raised.body.improvementActionIds).toHaveLength(1)
    expect((await actions()).length).toBe(before + 1)
    const action = await api('GET', `/api/v1/improvement-actions/${raised.body.improvementActionIds[0]}`)
    expect(action.body).toMatchObject({
      title: 'Ask about conflicts at assignment',
      source: 'recommendation',
    })
  })
})
