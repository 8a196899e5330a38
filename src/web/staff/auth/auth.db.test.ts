import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('staff sign-in', () => {
  it('serves a GOV.UK-styled sign-in page with a CSRF token', async () => {
    const browser = new FormSession(t.app)
    const res = await browser.get('/sign-in')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('govuk-template')
    expect(res.body).toContain('<h1 class="govuk-heading-l">Sign in</h1>')
    expect(res.body).toContain('/assets/govuk/govuk-frontend.min.css')
    expect(browser.csrfToken()).toBeTruthy()
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('sends a person who is not signed in to sign in, then back where they were going', async () => {
    const s = await t.createStaff('handler')
    const browser = new FormSession(t.app)
    const home = await browser.get('/account/password')
    expect(home.statusCode).toBe(303)
    expect(home.headers.location).toBe('/sign-in?next=%2Faccount%2Fpassword')
    await browser.get(home.headers.location as string)
    const res = await browser.post('/sign-in', {
      email: s.email,
      password: s.password,
      next: '/account/password',
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/account/password')
    const session = res.cookies.find((c) => c.name === 'complaints_session')
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    const page = await browser.get('/')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Signed in as')
  })

  it('never redirects off the site after sign-in', async () => {
    const s = await t.createStaff('handler')
    const browser = new FormSession(t.app)
    await browser.get('/sign-in')
    const res = await browser.post('/sign-in', {
      email: s.email,
      password: s.password,
      next: '//evil.example/x',
    })
    expect(res.headers.location).toBe('/')
  })

  it('shows the GOV.UK error summary for a wrong password or empty fields', async () => {
    const s = await t.createStaff('handler')
    const browser = new FormSession(t.app)
    await browser.get('/sign-in')
    const wrong = await browser.post('/sign-in', { email: s.email, password: 'not the password' })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.body).toContain('govuk-error-summary')
    expect(wrong.body).toContain('Enter a correct email address and password')
    expect(wrong.body).toContain('<title>Error: Sign in')
    const empty = await browser.post('/sign-in', { email: '', password: '' })
    expect(empty.body).toContain('Enter your email address')
    expect(empty.body).toContain('Enter your password')
  })

  it('refuses a form without a valid CSRF token (403), signing nobody in', async () => {
    const s = await t.createStaff('handler')
    const browser = new FormSession(t.app)
    await browser.get('/sign-in')
    const missing = await browser.post('/sign-in', { email: s.email, password: s.password }, { csrf: false })
    expect(missing.statusCode).toBe(403)
    expect(missing.body).toContain('The form has expired')
    await browser.get('/sign-in')
    const forged = await browser.post('/sign-in', { email: s.email, password: s.password, _csrf: 'forged' })
    expect(forged.statusCode).toBe(403)
    expect(browser.cookies.has('complaints_session')).toBe(false)
  })

  it('signs out with a POST form, ending the session', async () => {
    const s = await t.createStaff('handler')
    const browser = new FormSession(t.app)
    await browser.signIn(s.email, s.password)
    const sessionCookie = browser.cookies.get('complaints_session') as string
    await browser.get('/')
    const out = await browser.post('/sign-out', {})
    expect(out.headers.location).toBe('/sign-in?signedOut=1')
    expect(await t.services.authentication.staffForSession(sessionCookie)).toBeUndefined()
    expect((await browser.get('/')).statusCode).toBe(303)
  })

  it('changes the password, with validation messages', async () => {
    const s = await t.createStaff('handler')
    const browser = new FormSession(t.app)
    await browser.signIn(s.email, s.password)
    await browser.get('/account/password')
    const mismatch = await browser.post('/account/password', {
      currentPassword: s.password,
      newPassword: 'one new passphrase',
      confirmPassword: 'another passphrase',
    })
    expect(mismatch.statusCode).toBe(422)
    expect(mismatch.body).toContain('The two new passwords do not match')
    const ok = await browser.post('/account/password', {
      currentPassword: s.password,
      newPassword: 'one new passphrase',
      confirmPassword: 'one new passphrase',
    })
    expect(ok.headers.location).toBe('/?passwordChanged=1')
    expect((await browser.get('/?passwordChanged=1')).body).toContain('Your password has been changed.')
  })

  it('shows a GOV.UK 404 page for an unknown page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/no-such-page', headers: { accept: 'text/html' } })
    expect(res.statusCode).toBe(404)
    expect(res.body).toContain('Page not found')
  })

  it('serves the design system assets', async () => {
    for (const url of [
      '/assets/govuk/govuk-frontend.min.css',
      '/assets/govuk/govuk-frontend.min.js',
      '/assets/moj/moj-frontend.min.css',
      '/assets/app/app.css',
    ]) {
      expect((await t.app.inject(url)).statusCode, url).toBe(200)
    }
    expect((await t.app.inject('/assets/govuk/template.njk')).statusCode).toBe(404)
  })
})
