import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, testConfig } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { startIdentityProvider, type TestIdentityProvider } from '../../../../test/oidcProvider.js'

const STATE_COOKIE = 'complaints_sign_in_state'
let idp: TestIdentityProvider
let t: TestApp
let handler: { id: string; email: string; password: string }

const ssoConfig = (
  extra: { rolesClaim?: string; roleMap?: Record<string, 'handler' | 'complaints_officer'> } = {},
) => ({
  issuer: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  redirectUri: `${testConfig.publicUrl}/sign-in/oidc/callback`,
  rolesClaim: extra.rolesClaim,
  roleMap: extra.roleMap ?? {},
})

/** Starts at the service, signs in at the provider, and returns the callback the browser is sent to. */
async function throughProvider(s: FormSession, login: string, next = '/') {
  const start = await s.get(`/sign-in/oidc?next=${encodeURIComponent(next)}`)
  expect(start.statusCode).toBe(303)
  const callback = await idp.signIn(String(start.headers.location), login)
  return `${callback.pathname}${callback.search}`
}

beforeAll(async () => {
  idp = await startIdentityProvider(`${testConfig.publicUrl}/sign-in/oidc/callback`)
  t = await createTestApp({ singleSignOn: ssoConfig() })
  handler = await t.createStaff('handler')
  idp.accounts.set('ada', { email: handler.email.toUpperCase() })
  idp.accounts.set('stranger', { email: 'nobody@elsewhere.example' })
})
afterAll(async () => {
  await t?.close()
  await idp?.close()
})

describe('single sign-on through the landlord’s OpenID Connect provider', () => {
  it('sends staff to the provider with PKCE, a state and a nonce, and signs them in by email', async () => {
    const s = new FormSession(t.app)
    const page = await s.get('/sign-in')
    expect(page.body).toContain('Sign in with your organisation account')
    const start = await s.get('/sign-in/oidc?next=/complaints')
    const to = new URL(String(start.headers.location))
    expect(to.origin).toBe(idp.issuer)
    expect(to.searchParams.get('code_challenge_method')).toBe('S256')
    expect(to.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(to.searchParams.get('state')).toBeTruthy()
    expect(to.searchParams.get('nonce')).toBeTruthy()
    expect(to.searchParams.get('redirect_uri')).toBe(`${testConfig.publicUrl}/sign-in/oidc/callback`)

    const callback = await idp.signIn(to.href, 'ada')
    const done = await s.get(`${callback.pathname}${callback.search}`)
    expect(done.statusCode).toBe(303)
    expect(done.headers.location).toBe('/complaints')
    const home = await s.get('/')
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('Signed in as')
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.signed_in')
      .where('subject_id', '=', handler.id)
      .execute()
    expect(audit).toHaveLength(1)
  })

  it('refuses a replayed state, even with the browser’s own cookie', async () => {
    const s = new FormSession(t.app)
    const callback = await throughProvider(s, 'ada')
    const stateCookie = s.cookies.get(STATE_COOKIE)
    expect((await s.get(callback)).statusCode).toBe(303)
    if (stateCookie) s.cookies.set(STATE_COOKIE, stateCookie)
    const replay = await s.get(callback)
    expect(replay.statusCode).toBe(401)
    expect(replay.body).toContain('already been used')
  })

  it('refuses an answer brought to another browser', async () => {
    const callback = await throughProvider(new FormSession(t.app), 'ada')
    const other = new FormSession(t.app)
    const res = await other.get(callback)
    expect(res.statusCode).toBe(401)
    expect(res.body).toContain('not started in this browser')
    expect(other.cookies.has('complaints_session')).toBe(false)
  })

  it.each([
    ['wrong_audience', 'the ID token is for another application'],
    ['expired', 'the ID token has expired'],
  ] as const)('refuses an ID token that is %s, and says why', async (fault, why) => {
    const s = new FormSession(t.app)
    idp.fault = fault
    try {
      const res = await s.get(await throughProvider(s, 'ada'))
      expect(res.statusCode).toBe(401)
      expect(res.body).toContain('was not accepted')
      expect(res.body).toContain(why)
      expect(s.cookies.has('complaints_session')).toBe(false)
    } finally {
      idp.fault = 'none'
    }
  })

  it('refuses someone with no staff account', async () => {
    const s = new FormSession(t.app)
    const res = await s.get(await throughProvider(s, 'stranger'))
    expect(res.statusCode).toBe(401)
    expect(res.body).toContain('There is no active staff account for nobody@elsewhere.example')
  })
})

describe('roles from the provider, and passwords switched off', () => {
  let app: TestApp
  let member: { id: string; email: string; password: string }
  beforeAll(async () => {
    app = await createTestApp({
      singleSignOn: ssoConfig({ rolesClaim: 'roles', roleMap: { 'Complaints-Leads': 'complaints_officer' } }),
      localPasswords: false,
    })
    member = await app.createStaff('handler')
    idp.accounts.set('lead', { email: member.email, roles: ['Staff', 'Complaints-Leads'] })
    idp.accounts.set('finance', { email: member.email, roles: ['Finance'] })
  })
  afterAll(async () => {
    await app?.close()
  })
  const roleOf = async (id: string) =>
    (await app.database.db.selectFrom('users').select('role').where('id', '=', id).executeTakeFirstOrThrow())
      .role
  /** The details of the audit log's entry of `action` about `subjectId`. */
  const audited = async (action: string, subjectId: string) =>
    (
      await app.database.db
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', action)
        .where('subject_id', '=', subjectId)
        .executeTakeFirst()
    )?.details

  it('takes the role from the claim, and records the change', async () => {
    const s = new FormSession(app.app)
    expect((await s.get(await throughProvider(s, 'lead'))).statusCode).toBe(303)
    expect(await roleOf(member.id)).toBe('complaints_officer')
    expect(await audited('user.role_changed', member.id)).toMatchObject({
      from: 'handler',
      to: 'complaints_officer',
      by: 'identity provider',
    })
  })

  it('keeps the last administrator’s role when the claim would take it away, and records why', async () => {
    const db = app.database.db
    const admin = await app.createStaff('admin')
    // Any other administrators are switched off, so this is the only active one.
    await db
      .updateTable('users')
      .set({ disabled_at: new Date() })
      .where('role', '=', 'admin')
      .where('id', '!=', admin.id)
      .execute()
    idp.accounts.set('last-admin', { email: admin.email, roles: ['Complaints-Leads'] })

    const s = new FormSession(app.app)
    expect((await s.get(await throughProvider(s, 'last-admin'))).statusCode).toBe(303)
    expect(await roleOf(admin.id)).toBe('admin')
    expect(await audited('user.role_change_refused', admin.id)).toMatchObject({
      from: 'admin',
      to: 'complaints_officer',
      by: 'identity provider',
      reason: expect.stringContaining('The last administrator keeps the role'),
    })

    // With another administrator, the provider's role is taken as usual.
    await app.createStaff('admin')
    const again = new FormSession(app.app)
    expect((await again.get(await throughProvider(again, 'last-admin'))).statusCode).toBe(303)
    expect(await roleOf(admin.id)).toBe('complaints_officer')
  })

  it('refuses someone whose claim gives no role here', async () => {
    const s = new FormSession(app.app)
    const res = await s.get(await throughProvider(s, 'finance'))
    expect(res.statusCode).toBe(401)
    expect(res.body).toContain('gives you no role in this service')
  })

  it('refuses every password when they are switched off: the page, the API and password changes', async () => {
    const s = new FormSession(app.app)
    const page = await s.get('/sign-in')
    expect(page.body).toContain('Sign in with your organisation account')
    expect(page.body).not.toContain('name="password"')
    await expect(app.services.authentication.signIn(member.email, member.password)).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('Passwords are switched off here'),
    })
    const api = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: member.email, password: member.password },
    })
    expect(api.statusCode).toBe(401)
    expect(api.json().error.message).toContain('Passwords are switched off')
    await s.get(await throughProvider(s, 'lead'))
    expect((await s.get('/account/password')).statusCode).toBe(404)
  })
})

describe('an identity provider that cannot be reached', () => {
  /** An address on this machine where nothing listens: connections to it are refused at once. */
  async function closedPort(): Promise<number> {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise((resolve) => server.close(resolve))
    return port
  }

  const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

  it('shows staff a page saying sign-in through the provider is unavailable, never its address', async () => {
    const issuer = `http://127.0.0.1:${await closedPort()}`
    for (const localPasswords of [true, false]) {
      const app = await createTestApp({ singleSignOn: { ...ssoConfig(), issuer }, localPasswords })
      try {
        // As a browser asks, and as curl or a link checker does.
        for (const accept of [browserAccept, '*/*']) {
          const res = await app.app.inject({
            method: 'GET',
            url: '/sign-in/oidc?next=/complaints',
            headers: { accept },
          })
          expect(res.statusCode).toBe(503)
          expect(res.headers['content-type']).toContain('text/html')
          expect(res.body).toContain('govuk-template')
          expect(res.body).toContain('you cannot sign in with your organisation account right now')
          expect(res.body).toContain('Try again in a few minutes')
          expect(res.body).toContain('href="/sign-in/oidc?next=%2Fcomplaints"')
          expect(res.body).not.toContain(issuer)
          expect(res.body).not.toContain('127.0.0.1')
          expect(res.body.includes('data-qa="use-password"')).toBe(localPasswords)
          if (localPasswords) expect(res.body).toContain('href="/sign-in?next=%2Fcomplaints"')
        }
      } finally {
        await app.close()
      }
    }
  })

  it('shows the same page when the provider stops answering between sending staff there and their return', async () => {
    const lost = await startIdentityProvider(`${testConfig.publicUrl}/sign-in/oidc/callback`)
    const app = await createTestApp({
      singleSignOn: {
        ...ssoConfig(),
        issuer: lost.issuer,
        clientId: lost.clientId,
        clientSecret: lost.clientSecret,
      },
    })
    try {
      const member = await app.createStaff('handler')
      lost.accounts.set('ada', { email: member.email })
      const s = new FormSession(app.app)
      const start = await s.get('/sign-in/oidc')
      const callback = await lost.signIn(String(start.headers.location), 'ada')
      await lost.close()
      const res = await s.get(`${callback.pathname}${callback.search}`)
      expect(res.statusCode).toBe(503)
      expect(res.body).toContain('you cannot sign in with your organisation account right now')
      expect(res.body).not.toContain(lost.issuer)
      expect(s.cookies.has('complaints_session')).toBe(false)
    } finally {
      await app.close()
    }
  })
})
