import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'

let t: TestApp
let token: string
let handler: { id: string; email: string; password: string }

beforeAll(async () => {
  t = await createTestApp()
  token = await t.tokenFor('handler')
  handler = await t.createStaff('handler')
  t.clock.set('2026-03-02T09:15:00Z')
})
afterAll(async () => {
  await t?.close()
})
const call = apiCaller(
  () => t,
  () => token,
)
const versionIn = (body: string) => /name="version" value="(\d+)"/.exec(body)?.[1] ?? ''

describe('service requests (Code 1.4–1.6)', () => {
  let requestId = ''

  it('are registered by the housing system through the API, once per reference', async () => {
    const bad = await call('POST', '/api/v1/service-requests', {
      kind: 'repair',
      summary: ' ',
      resident: { name: '' },
    })
    expect(bad.status).toBe(422)
    expect(JSON.stringify(bad.body)).toContain('Say what the resident asked for')
    const res = await call('POST', '/api/v1/service-requests', {
      externalReference: 'REP-88231',
      kind: 'repair',
      summary: 'Kitchen tap leaking under the sink',
      resident: { name: 'Leah Ward', email: 'leah@example.org', postcode: 'B1 1AA' },
      openedOn: '2026-02-20',
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      reference: 'SR-2026-000001',
      status: 'open',
      kind: 'repair',
      openedOn: '2026-02-20',
    })
    requestId = res.body.id
    const again = await call('POST', '/api/v1/service-requests', {
      externalReference: 'REP-88231',
      kind: 'repair',
      summary: 'Same again',
      resident: { name: 'Leah Ward' },
    })
    expect(again.status).toBe(409)
    expect(JSON.stringify(again.body)).toContain('already registered as SR-2026-000001')
  })

  it('logs a complaint linked to a request the resident is unhappy with, and the request stays open', async () => {
    const s = new FormSession(t.app)
    await s.signIn(handler.email, handler.password)
    const form = await s.get(`/service-requests/${requestId}/complaint`)
    expect(form.statusCode).toBe(200)
    const missing = await s.post(`/service-requests/${requestId}/complaint`, {
      version: versionIn(form.body),
    })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('Choose how the complaint was made')
    const logged = await s.post(`/service-requests/${requestId}/complaint`, {
      version: versionIn(form.body),
      channel: 'phone',
      description: 'Three visits booked and nobody came; the leak is worse',
    })
    expect(logged.statusCode).toBe(303)
    const casePath = String(logged.headers.location).split('?')[0] as string
    const casePage = await s.get(casePath)
    expect(casePage.body).toMatch(
      /data-qa="service-request-link">SR-2026-000001<\/a>: Kitchen tap leaking under the sink \(open: it carries on/,
    )
    const page = await s.get(`/service-requests/${requestId}`)
    expect(page.body).toContain('Open')
    expect(page.body).toMatch(/data-qa="request-complaints"[\s\S]*CMP-2026-\d{6}/)
    const api = await call('GET', `/api/v1/service-requests/${requestId}`)
    expect(api.body.status).toBe('open')
    expect(api.body.complaints).toHaveLength(1)
    // The complaint joined the resident's record like any other.
    expect(
      (await t.database.db.selectFrom('complaints').select('person_id').executeTakeFirstOrThrow()).person_id,
    ).toBeTruthy()
  })

  it('flags a dissatisfied survey comment, and offers it as a complaint or records the resident’s choice', async () => {
    const pleased = await call('POST', `/api/v1/service-requests/${requestId}/survey-comments`, {
      comment: 'The plumber was lovely',
      score: 5,
    })
    expect(pleased.status).toBe(201)
    expect(pleased.body.surveyComments[0]).toMatchObject({ dissatisfied: false, reasons: [] })
    const unhappy = await call('POST', `/api/v1/service-requests/${requestId}/survey-comments`, {
      comment: 'Still waiting for the tap, really fed up',
      score: 2,
    })
    const flagged = unhappy.body.surveyComments[1]
    expect(flagged).toMatchObject({
      dissatisfied: true,
      reasons: ['Says “Still waiting”, “fed up”', 'Scored the service 2 out of 5'],
    })
    const s = new FormSession(t.app)
    await s.signIn(handler.email, handler.password)
    expect((await s.get('/service-requests?show=to-offer')).body).toContain('SR-2026-000001')
    const page = await s.get(`/service-requests/${requestId}`)
    expect(page.body).toContain('data-qa="offer-complaint"')
    const form = await s.get(`/service-requests/${requestId}/not-a-complaint?comment=${flagged.number}`)
    const refused = await s.post(`/service-requests/${requestId}/not-a-complaint`, {
      version: versionIn(form.body),
      commentSeq: String(flagged.number),
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Code 1.6: record that the resident was offered a complaint')
    // Offered, and the resident wants to complain: logged from the comment.
    const logged = await call('POST', `/api/v1/service-requests/${requestId}/complaints`, {
      channel: 'phone',
      description: 'Still waiting for the tap',
      fromSurveyComment: flagged.number,
    })
    expect(logged.status).toBe(201)
    expect(logged.body.serviceRequest.surveyComments[1].complaintId).toBe(logged.body.complaintId)
    expect(logged.body.serviceRequest.complaints).toHaveLength(2)
    expect((await s.get('/service-requests?show=to-offer')).body).not.toContain('SR-2026-000001')
    // Answering it twice is refused, and nothing is half-written: no third complaint.
    const twice = await call('POST', `/api/v1/service-requests/${requestId}/complaints`, {
      channel: 'phone',
      description: 'Again',
      fromSurveyComment: flagged.number,
    })
    expect(twice.status).toBe(422)
    expect((await call('GET', `/api/v1/service-requests/${requestId}`)).body.complaints).toHaveLength(2)
    expect((await t.database.db.selectFrom('complaints').select('id').execute()).length).toBe(2)
  })

  it('closes with its outcome', async () => {
    const closed = await call('POST', `/api/v1/service-requests/${requestId}/close`, {
      outcome: 'Tap replaced',
    })
    expect(closed.status).toBe(200)
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'Tap replaced' })
    const again = await call('POST', `/api/v1/service-requests/${requestId}/close`, { outcome: 'Again' })
    expect(again.status).toBe(422)
  })
})
