import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'

let t: TestApp
let received = 0
const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    received++
    response.writeHead(received === 1 ? 500 : 204)
    response.end(received === 1 ? 'Service unavailable: <b>down</b>' : '')
  })
})
let url = ''

beforeAll(async () => {
  t = await createTestApp()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
})
afterAll(async () => {
  await t.close()
  await new Promise((resolve) => server.close(resolve))
})

async function as(role: Parameters<TestApp['createStaff']>[0]) {
  const s = await t.createStaff(role)
  const browser = new FormSession(t.app)
  await browser.signIn(s.email, s.password)
  return browser
}

describe('Settings › Webhooks', () => {
  it('is for administrators only, and in their settings navigation', async () => {
    const officer = await as('complaints_officer')
    expect((await officer.get('/settings/webhooks')).statusCode).toBe(403)
    expect((await officer.get('/settings/working-days')).body).not.toContain('href="/settings/webhooks"')
    const admin = await as('admin')
    const page = await admin.get('/settings/working-days')
    expect(page.body).toContain('href="/settings/webhooks"')
  })

  it('registers an endpoint, refusing a bad one field by field and keeping what was typed', async () => {
    const admin = await as('admin')
    await admin.get('/settings/webhooks/new')
    const bad = await admin.post('/settings/webhooks', {
      url: 'http://hms.example.org/x',
      description: 'HMS',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('The address must start with https://')
    expect(bad.body).toContain('Choose at least one event to send')
    expect(bad.body).toContain('value="HMS"')

    await admin.get('/settings/webhooks/new')
    const ok = await admin.post('/settings/webhooks', {
      url,
      description: 'Housing management system',
      events: ['complaint.logged', 'complaint.closed'],
    })
    expect(ok.statusCode).toBe(303)
    const page = await admin.get(String(ok.headers.location))
    expect(page.body).toContain('Endpoint registered')
    const secret = /data-qa="secret">([^<]+)</.exec(page.body)?.[1]
    expect(secret).toMatch(/^whsec_/)
    expect(page.body).toContain('Complaint logged')
    expect(page.body).toContain('Nothing has been sent to this endpoint yet')

    // A test ping: the receiver answers 500, so the page shows the answer and the next try.
    await admin.post(`${ok.headers.location?.split('?')[0]}/test`, {})
    await t.jobs.runDue()
    const after = await admin.get(String(ok.headers.location).split('?')[0] as string)
    expect(after.body).toContain('Test ping')
    expect(after.body).toContain('HTTP 500')
    expect(after.body).toContain('Service unavailable: &lt;b&gt;down&lt;/b&gt;')
    expect(after.body).toContain('Being sent')

    // Paused by hand: the reason names who; resumed, it sends again.
    const base = String(ok.headers.location).split('?')[0] as string
    await admin.post(`${base}/pause`, {})
    const paused = await admin.get(base)
    expect(paused.body).toMatch(/data-qa="paused"[\s\S]*Paused by Test admin/)
    expect(paused.body).toContain('Resume sending')
    await admin.post(`${base}/resume`, {})
    expect((await admin.get(base)).body).not.toContain('data-qa="paused"')

    const list = await admin.get('/settings/webhooks')
    expect(list.body).toContain('Housing management system')
    expect(list.body).toContain(url)
  })
})
