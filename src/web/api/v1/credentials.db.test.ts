import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'

let t: TestApp
let adminToken: string
beforeAll(async () => {
  t = await createTestApp()
  adminToken = await t.tokenFor('admin')
})
afterAll(async () => {
  await t.close()
})

const json = (token?: string) => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
})

describe('POST /api/v1/auth/token', () => {
  it('returns 200 {"token"} for the right credentials, and the token works', async () => {
    const s = await t.createStaff('handler')
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: s.email, password: s.password },
    })
    expect(res.statusCode).toBe(200)
    const { token } = res.json()
    expect(token).toMatch(/^cst_/)
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({ id: s.id, role: 'handler', permissions: { manageUsers: false } })
  })

  it('answers wrong credentials with 401 in the error format', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: 'nobody@example.org', password: 'nothing at all' },
    })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({
      error: { code: 'wrong_credentials', message: 'Enter a correct email address and password' },
    })
  })

  it('answers bad JSON with 400 and a clear message, not a crash', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: json(),
      payload: '{"email": ',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toEqual({ code: 'invalid_json', message: 'The request body is not valid JSON' })
  })

  it('answers a missing field with 400 naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: 'a@example.org' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('invalid_input')
    expect(res.json().error.details).toEqual([expect.objectContaining({ field: 'password' })])
  })
})

describe('authentication of API calls', () => {
  it('401 without a token, or with a bad one, with WWW-Authenticate', async () => {
    for (const headers of [{}, { authorization: 'Bearer cst_nonsense' }, { authorization: 'Basic abc' }]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers })
      expect(res.statusCode).toBe(401)
      expect(res.headers['www-authenticate']).toBe('Bearer')
      expect(res.json().error.code).toBe('unauthenticated')
    }
  })

  it('an expired token no longer works', async () => {
    const token = await t.tokenFor('handler')
    t.clock.advance(31 * 86_400_000)
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.statusCode).toBe(401)
    t.clock.set('2026-03-02T09:15:00Z')
  })
})

describe('POST /api/v1/users', () => {
  const newUser = (n: string) => ({
    email: `new.${n}@example.org`,
    name: `New ${n}`,
    password: 'a good long password',
    role: 'handler',
  })

  it('lets an administrator create a user: 201 {"id", ...}, who can then sign in', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: json(adminToken),
      payload: newUser('a'),
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({
      id: expect.any(String),
      email: 'new.a@example.org',
      name: 'New a',
      role: 'handler',
    })
    expect(res.json()).not.toHaveProperty('password')
    expect(res.json()).not.toHaveProperty('passwordHash')
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: 'new.a@example.org', password: 'a good long password' },
    })
    expect(token.statusCode).toBe(200)
  })

  it('is for administrators only: 403 for every other role, 401 without a token', async () => {
    for (const role of ['handler', 'complaints_officer', 'senior_lead', 'board'] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: json(await t.tokenFor(role)),
        payload: newUser(`by-${role}`),
      })
      expect(res.statusCode, role).toBe(403)
      expect(res.json().error.code).toBe('forbidden')
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: json(),
      payload: newUser('anon'),
    })
    expect(res.statusCode).toBe(401)
  })

  it('refuses an unknown role (400), a weak password (422) and a duplicate email (409), writing nothing', async () => {
    const before = (await t.services.staffAccounts.list()).length
    const badRole = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: json(adminToken),
      payload: { ...newUser('b'), role: 'overlord' },
    })
    expect(badRole.statusCode).toBe(400)
    expect(badRole.json().error.details[0].field).toBe('role')

    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: json(adminToken),
      payload: { ...newUser('c'), password: 'short' },
    })
    expect(weak.statusCode).toBe(422)
    expect(weak.json().error.message).toBe('Password must be at least 12 characters')

    await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: json(adminToken),
      payload: newUser('d'),
    })
    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: json(adminToken),
      payload: { ...newUser('d'), email: 'NEW.D@example.org' },
    })
    expect(duplicate.statusCode).toBe(409)
    expect((await t.services.staffAccounts.list()).length).toBe(before + 1)
  })
})

describe('the service around the API', () => {
  it('serves an OpenAPI 3.1 description generated from the route schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/token', '/api/v1/users', '/api/v1/me']),
    )
    expect(
      doc.paths['/api/v1/users'].post.requestBody.content['application/json'].schema.properties.role.enum,
    ).toEqual(['handler', 'complaints_officer', 'senior_lead', 'board', 'admin', 'residents_panel'])
    expect(Object.keys(doc.paths).some((p) => !p.startsWith('/api/v1/'))).toBe(false)
  })

  it('answers /health and /ready', async () => {
    expect((await t.app.inject('/health')).json()).toEqual({ status: 'ok' })
    const ready = await t.app.inject('/ready')
    expect(ready.statusCode).toBe(200)
    expect(ready.json().status).toBe('ready')
  })

  it('answers an unknown API path with a JSON 404 and a request id', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/nothing-here',
      headers: { 'x-request-id': 'abc-123' },
    })
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('not_found')
    expect(res.headers['x-request-id']).toBe('abc-123')
  })

  it('refuses a body over the limit with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: json(),
      payload: JSON.stringify({ email: 'x'.repeat(1_100_000), password: 'y' }),
    })
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('payload_too_large')
  })

  it('sends security headers', async () => {
    const res = await t.app.inject('/health')
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })
})
