import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { loggedComplaint } from '../../../../test/cases.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

const received = (body: string) => {
  const table = /data-qa="table-categories"[\s\S]*?<\/table>/.exec(body)?.[0] ?? ''
  return Number(/Repairs<\/th><td[^>]*>(\d+)</.exec(table)?.[1] ?? 0)
}

describe('themes and trends kept for the day (Code 9.4)', () => {
  it('are worked out once a day, say when, and are worked out again when someone asks', async () => {
    const officer = await t.createStaff('complaints_officer')
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    const lead = await t.createStaff('senior_lead')
    await loggedComplaint(t, actor, {
      name: 'Ann One',
      receivedAt: '2026-02-10T10:00:00Z',
      categories: ['repairs'],
    })
    const s = new FormSession(t.app)
    await s.signIn(lead.email, lead.password)

    const first = await s.get('/themes?months=3')
    expect(received(first.body)).toBe(1)
    expect(first.body).toContain('These figures were worked out on 2 Mar 2026, 09:15')

    // A complaint recorded since is not in the kept figures, as the page says …
    await loggedComplaint(t, actor, {
      name: 'Bob Two',
      receivedAt: '2026-02-11T10:00:00Z',
      categories: ['repairs'],
    })
    expect(received((await s.get('/themes?months=3')).body)).toBe(1)
    // … until someone asks for them to be worked out again.
    const again = await s.post('/themes', { months: '3' })
    expect(again.statusCode).toBe(303)
    expect(again.headers.location).toBe('/themes?months=3')
    expect(received((await s.get('/themes?months=3')).body)).toBe(2)
    // Each period is kept on its own.
    expect(received((await s.get('/themes?months=6')).body)).toBe(2)
  })
})
