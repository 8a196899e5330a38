import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.js'
import { FormSession } from '../../test/browserlessSession.js'

let t: TestApp
let browser: FormSession

beforeAll(async () => {
  t = await createTestApp()
  const admin = await t.createStaff('admin')
  browser = new FormSession(t.app)
  await browser.signIn(admin.email, admin.password)
})
afterAll(async () => {
  await t?.close()
})

/**
 * The pages read their URL parameters and query through zod schemas (params.ts). A parameter
 * is any text, so an id that is not one is the service's 404, shown as a GOV.UK page; a query
 * value given twice is read as not given, so the page is still shown.
 */
describe('URL parameters and query strings read by schema', () => {
  it('answers an id that is not one with the 404 page, not JSON', async () => {
    for (const url of [
      '/ombudsman-cases/not-a-uuid',
      '/residents/not-a-uuid',
      '/hazards/not-a-uuid',
      '/improvements/not-a-uuid',
      '/service-requests/not-a-uuid',
    ]) {
      const res = await browser.get(url)
      expect(res.statusCode, url).toBe(404)
      expect(res.headers['content-type'], url).toContain('text/html')
      expect(res.body, url).toContain('Page not found')
    }
  })

  it('shows the page when a query value is given twice', async () => {
    const res = await browser.get('/ombudsman-cases?show=open&show=closed')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/html')
  })
})
