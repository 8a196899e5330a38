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
  it('sends a delivery again, changes an endpoint through its form, and removes it after asking, keeping its history', async () => {
    const admin = await as('admin')
    await admin.get('/settings/webhooks/new')
    const ok = await admin.post('/settings/webhooks', {
      url,
      description: 'Repairs system',
      events: ['complaint.logged'],
    })
    const base = String(ok.headers.location).split('?')[0] as string
    await admin.get(base)
    await admin.post(`${base}/test`, {})
    // Delivered, on the first try or (the receiver's first answer ever is a 500) the next.
    await t.jobs.runDue()
    t.clock.advance(2 * 60_000)
    await t.jobs.runDue()
    const sent = await admin.get(base)
    expect(sent.body).toContain('Delivered')
    const action = /action="([^"]+\/redeliver)"/.exec(sent.body)?.[1]
    expect(action).toMatch(/^\/settings\/webhooks\/[^/]+\/deliveries\/[^/]+\/redeliver$/)
    expect(sent.body).toContain('Send again<span class="govuk-visually-hidden">: Test ping,')
    const before = received
    const again = await admin.post(String(action), {})
    expect(again.headers.location).toBe(`${base}?done=redelivered`)
    expect((await admin.get(String(again.headers.location))).body).toContain(
      'Delivery queued to be sent again',
    )
    await t.jobs.runDue()
    expect(received).toBe(before + 1)

    // Changing: the form holds the endpoint as it is; a refusal keeps what was typed.
    const form = await admin.get(`${base}/edit`)
    expect(form.body).toContain('Change Repairs system')
    expect(form.body).toContain(`value="${url}"`)
    expect(form.body).toMatch(/value="complaint.logged" checked/)
    const bad = await admin.post(`${base}/edit`, { url, description: 'Repairs system v2' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Choose at least one event to send')
    expect(bad.body).toContain('value="Repairs system v2"')
    const changed = await admin.post(`${base}/edit`, {
      url,
      description: 'Repairs system v2',
      events: ['complaint.closed'],
    })
    expect(changed.headers.location).toBe(`${base}?done=changed`)
    const page = await admin.get(String(changed.headers.location))
    expect(page.body).toContain('Endpoint changed')
    expect(page.body).toContain('Repairs system v2')
    expect(page.body).toContain('Complaint closed')
    expect(page.body).not.toContain('Complaint logged')

    // Removing: asked first; then kept, marked removed, with its deliveries and no controls.
    const confirm = await admin.get(`${base}/remove`)
    expect(confirm.body).toContain('Remove Repairs system v2')
    const removed = await admin.post(`${base}/remove`, {})
    expect(removed.headers.location).toBe(`${base}?done=removed`)
    const kept = await admin.get(String(removed.headers.location))
    expect(kept.body).toContain('Endpoint removed')
    expect(kept.body).toContain('data-qa="removed"')
    expect(kept.body).toContain('Test ping')
    expect(kept.body).not.toContain('data-qa="secret"')
    expect(kept.body).not.toContain('data-qa="redeliver"')
    expect(kept.body).not.toContain('data-qa="edit"')
    expect((await admin.get(`${base}/edit`)).statusCode).toBe(303)
    const list = await admin.get('/settings/webhooks')
    const removedTable = list.body.slice(list.body.indexOf('data-qa="removed-endpoints"'))
    expect(removedTable).toContain('Repairs system v2')
    expect(list.body.slice(0, list.body.indexOf('data-qa="removed-endpoints"'))).not.toContain(
      'Repairs system v2',
    )
  })
})
