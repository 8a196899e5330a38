import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../test/api.js'
import { createTestApp, type TestApp } from '../../test/app.js'
import { FormSession } from '../../test/browserlessSession.js'
import { DEFAULT_ENTITY_ID } from '../domain/entities/entity.js'

/**
 * Issue 34, roles limited to an entity: a handler limited to one landlord sees only its
 * complaints in the lists, the downloads and the API, and another landlord's case is as if it did
 * not exist (404), for its page, its PDF, its letters and its actions.
 */
let t: TestApp
let adminToken: string
let limitedToken: string
let officerToken: string
let admin: { id: string; email: string; password: string }
let officer: { id: string; email: string; password: string }
let handler: { id: string; email: string; password: string }
let north: string
const cases: Record<'a' | 'b', { id: string; reference: string }> = {
  a: { id: '', reference: '' },
  b: { id: '', reference: '' },
}
const as = (token: () => string) => apiCaller(() => t, token)
const adminApi = as(() => adminToken)
const limitedApi = as(() => limitedToken)
const officerApi = as(() => officerToken)

async function received(name: string, entityId: string) {
  const r = await adminApi('POST', '/api/v1/complaints', {
    channel: 'phone',
    receivedAt: '2026-05-01T10:00:00Z',
    description: `${name}’s repair was never done`,
    resident: { name },
    entityId,
  })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return { id: r.body.id as string, reference: r.body.reference as string }
}

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650, sessionHours: 24 * 365 })
  t.clock.set('2026-05-01T09:00:00Z')
  admin = await t.createStaff('admin')
  officer = await t.createStaff('complaints_officer')
  handler = await t.createStaff('handler')
  adminToken = (await t.services.authentication.issueApiToken(admin.email, admin.password)).token
  officerToken = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
  north = await t.services.entities.add({ name: 'North Homes' }, { id: admin.id, role: 'admin' })
  t.clock.set('2026-05-01T11:00:00Z')
  cases.a = await received('Ada North', north)
  cases.b = await received('Ben Default', DEFAULT_ENTITY_ID)
  // An administrator limits the handler to North Homes on the staff accounts page.
  const s = new FormSession(t.app)
  await s.signIn(admin.email, admin.password)
  const page = await s.get('/settings/users')
  expect(page.body).toContain(`id="entity-${handler.id}"`)
  const set = await s.post(`/settings/users/${handler.id}/entity`, { entity: north })
  expect(
    set.statusCode,
    set.body
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .slice(0, 1500),
  ).toBe(303)
  limitedToken = (await t.services.authentication.issueApiToken(handler.email, handler.password)).token
})
afterAll(async () => {
  await t?.close()
})

describe('an account limited to one landlord entity', () => {
  it('is set on the staff accounts page, in the audit log, and refused an unknown entity', async () => {
    expect((await t.services.staffAccounts.get(handler.id)).entityId).toBe(north)
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_id', '=', handler.id)
      .where('action', '=', 'user.entity_changed')
      .execute()
    expect(audit).toEqual([{ action: 'user.entity_changed', details: { from: null, to: north } }])
    const s = new FormSession(t.app)
    await s.signIn(admin.email, admin.password)
    await s.get('/settings/users')
    const refused = await s.post(`/settings/users/${officer.id}/entity`, {
      entity: '00000000-0000-4000-8000-000000000999',
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Choose one of the landlords in the group')
    expect((await t.services.staffAccounts.get(officer.id)).entityId).toBeNull()
  })

  it('lists only its entity’s complaints on the case list, in its downloads and on the dashboard', async () => {
    const everyone = new FormSession(t.app)
    await everyone.signIn(officer.email, officer.password)
    const all = await everyone.get('/complaints?view=team')
    expect(all.body).toContain(cases.a.reference)
    expect(all.body).toContain(cases.b.reference)

    const s = new FormSession(t.app)
    await s.signIn(handler.email, handler.password)
    const list = await s.get('/complaints?view=team')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(cases.a.reference)
    expect(list.body).not.toContain(cases.b.reference)
    // A search for the other's reference finds nothing either.
    expect((await s.get(`/complaints?view=team&q=${cases.b.reference}`)).body).not.toContain(
      `/complaints/${cases.b.id}`,
    )
    const csv = await s.get('/complaints/download.csv?view=team')
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toContain(cases.a.reference)
    expect(csv.body).not.toContain(cases.b.reference)
    const everyonesCsv = await everyone.get('/complaints/download.csv?view=team')
    expect(everyonesCsv.body).toContain(cases.b.reference)

    const mine = await t.services.complaints.dashboard({ entityId: north })
    const group = await t.services.complaints.dashboard({ entityId: null })
    expect(mine.counts.unacknowledged).toBe(1)
    expect(group.counts.unacknowledged).toBe(2)
  })

  it('is answered 404 for another entity’s case, its PDF and its letters, as for no such case', async () => {
    const letter = (await t.services.complaints.letters(cases.b.id))[0]
    const s = new FormSession(t.app)
    await s.signIn(handler.email, handler.password)
    expect((await s.get(`/complaints/${cases.a.id}`)).statusCode).toBe(200)
    for (const path of [
      '',
      '/case.pdf',
      '/letters',
      '/timeline',
      ...(letter ? [`/letters/${letter.id}/pdf`] : []),
    ])
      expect((await s.get(`/complaints/${cases.b.id}${path}`)).statusCode, path).toBe(404)
    const everyone = new FormSession(t.app)
    await everyone.signIn(officer.email, officer.password)
    expect((await everyone.get(`/complaints/${cases.b.id}`)).statusCode).toBe(200)
    expect((await everyone.get(`/complaints/${cases.b.id}/case.pdf`)).statusCode).toBe(200)
  })

  it('is refused an action on another entity’s case, with nothing written', async () => {
    const before = await t.database.db
      .selectFrom('complaint_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('complaint_id', '=', cases.b.id)
      .executeTakeFirstOrThrow()
    const s = new FormSession(t.app)
    await s.signIn(handler.email, handler.password)
    expect((await s.get(`/complaints/${cases.b.id}/note`)).statusCode).toBe(404)
    await s.get(`/complaints/${cases.a.id}/note`)
    const posted = await s.post(`/complaints/${cases.b.id}/note`, { version: '1', text: 'Not mine' })
    expect(posted.statusCode).toBe(404)
    const api = await limitedApi('POST', `/api/v1/complaints/${cases.b.id}/acknowledge`, {
      handlerId: handler.id,
      definition: { issues: ['The issue'], outcomesSought: ['Put it right'] },
    })
    expect(api.status).toBe(404)
    const after = await t.database.db
      .selectFrom('complaint_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('complaint_id', '=', cases.b.id)
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
    // The same actions on its own entity's case go through.
    await s.get(`/complaints/${cases.a.id}/note`)
    expect((await s.post(`/complaints/${cases.a.id}/note`, { version: '1', text: 'Mine' })).statusCode).toBe(
      303,
    )
    const own = await limitedApi('POST', `/api/v1/complaints/${cases.a.id}/acknowledge`, {
      handlerId: handler.id,
      definition: { issues: ['The issue'], outcomesSought: ['Put it right'] },
    })
    expect(own.status, JSON.stringify(own.body)).toBe(200)
  })

  it('through the API: lists only its entity’s, and another’s is 404', async () => {
    const mine = await limitedApi('GET', '/api/v1/complaints')
    expect(mine.status).toBe(200)
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([cases.a.id])
    const all = await officerApi('GET', '/api/v1/complaints')
    expect(all.body.items.map((c: { id: string }) => c.id).sort()).toEqual([cases.a.id, cases.b.id].sort())
    expect((await limitedApi('GET', `/api/v1/complaints/${cases.b.id}`)).status).toBe(404)
    expect((await limitedApi('GET', `/api/v1/complaints/${cases.a.id}`)).status).toBe(200)
    expect((await officerApi('GET', `/api/v1/complaints/${cases.b.id}`)).status).toBe(200)
  })
})
