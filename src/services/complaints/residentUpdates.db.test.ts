import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../test/api.js'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { FormSession } from '../../../test/browserlessSession.js'
import { testDatabaseKind } from '../../../test/db.js'

/** Code 5.9: residents kept updated at the interval agreed at acknowledgement. */
let t: TestApp
let officer: { id: string; email: string; password: string; token: string }

beforeAll(async () => {
  t = await createTestApp({
    apiTokenDays: 3650,
    sessionHours: 24 * 100,
    dailyPromptTime: { hour: 7, minute: 30 },
  })
  const s = await t.createStaff('complaints_officer')
  officer = { ...s, token: (await t.services.authentication.issueApiToken(s.email, s.password)).token }
})
afterAll(async () => {
  await t.close()
})

const call = apiCaller(
  () => t,
  () => officer.token,
)

async function acknowledged(body: Record<string, unknown> = {}) {
  t.clock.set('2026-03-02T09:15:00Z')
  const c = (
    await call('POST', '/api/v1/complaints', {
      channel: 'phone',
      receivedAt: '2026-03-02T09:00:00Z',
      description: 'Damp',
      resident: { name: 'Una Update', email: 'una@example.org' },
    })
  ).body
  const ack = await call('POST', `/api/v1/complaints/${c.id}/acknowledge`, {
    definition: { issues: ['Damp in the hall'], outcomesSought: ['Dry it out'] },
    ...body,
  })
  return { c, ack }
}

describe(`resident updates (${testDatabaseKind})`, () => {
  it('agrees the interval at acknowledgement (default 10 working days), and refuses one outside 1 to 20', async () => {
    const { ack } = await acknowledged({ updateIntervalDays: 5 })
    expect(ack.status).toBe(200)
    expect(ack.body.nextUpdate).toMatchObject({
      start: '2026-03-02',
      workingDays: 5,
      due: '2026-03-09',
      status: 'due',
    })
    expect(ack.body.nextUpdate.explanation).toMatch(/^acknowledged Mon 2 Mar 2026; 5 working days/)
    const standard = await acknowledged()
    expect(standard.ack.body.nextUpdate).toMatchObject({ workingDays: 10, due: '2026-03-16' })
    const { c } = await acknowledged({ updateIntervalDays: 0 })
    expect((await call('GET', `/api/v1/complaints/${c.id}`)).body.state).toBe('received')
    const refused = await call('POST', `/api/v1/complaints/${c.id}/acknowledge`, {
      definition: { issues: ['x'], outcomesSought: ['y'] },
      updateIntervalDays: 30,
    })
    expect(refused.status).toBe(422)
    expect(refused.body.error.details[0]).toMatchObject({ field: 'updateIntervalDays', provision: '5.9' })
  })

  it('restarts the interval from each update; a written update sends the update letter', async () => {
    const { c } = await acknowledged({ updateIntervalDays: 5 })
    t.clock.set('2026-03-05T11:00:00Z')
    const byPhone = await call('POST', `/api/v1/complaints/${c.id}/updates`, {
      method: 'phone',
      summary: 'Surveyor booked for Monday',
    })
    expect(byPhone.status).toBe(200)
    expect(byPhone.body.nextUpdate).toMatchObject({ start: '2026-03-05', due: '2026-03-12' })
    expect(byPhone.body.updates).toEqual([
      expect.objectContaining({ method: 'phone', summary: 'Surveyor booked for Monday' }),
    ])
    expect(
      (await call('GET', `/api/v1/complaints/${c.id}/letters`)).body.items.map(
        (l: { kind: string }) => l.kind,
      ),
    ).toEqual(['acknowledgement'])
    t.clock.set('2026-03-09T15:00:00Z')
    const written = await call('POST', `/api/v1/complaints/${c.id}/updates`, {
      method: 'email',
      summary: 'The surveyor found a leaking pipe.',
    })
    expect(written.status).toBe(200)
    const letters = (await call('GET', `/api/v1/complaints/${c.id}/letters`)).body.items
    const update = letters.at(-1)
    expect(update.kind).toBe('update')
    expect(update.text).toContain('What is happening:\nThe surveyor found a leaking pipe.')
    expect(update.text).toContain('We will send you our response by Monday 16 March 2026.')
    expect(update.text).toContain('we will update you again by Monday 16 March 2026')
    const empty = await call('POST', `/api/v1/complaints/${c.id}/updates`, { method: 'phone', summary: ' ' })
    expect(empty.status).toBe(422)
    expect(empty.body.error.details[0]).toMatchObject({ field: 'summary', provision: '5.9' })
  })

  it('shows residents due an update on the dashboard and in the queue, and in the daily prompt', async () => {
    const { c } = await acknowledged({ updateIntervalDays: 3 })
    t.clock.set('2026-03-06T08:00:00Z')
    const browser = new FormSession(t.app)
    await browser.signIn(officer.email, officer.password)
    const dashboard = await browser.get('/')
    expect(dashboard.body).toMatch(
      /data-qa="tile-updatesDue">\s*<a[^>]*href="\/complaints\?view=team&amp;updates=due">\s*<span[^>]*data-qa="value">[1-9]/,
    )
    const queue = await browser.get('/complaints?view=team&updates=due')
    expect(queue.body).toContain(c.reference)
    await t.jobs.runDue()
    const prompt = (await t.services.mail.messages('outbox')).items.find(
      (m) =>
        m.kind === 'daily_prompt' &&
        m.toAddress === officer.email &&
        m.subject.includes('Friday 6 March 2026'),
    )
    expect((await t.services.mail.message(prompt?.id as string)).textBody).toContain(
      'Residents due an update (Code 5.9)',
    )
  })

  it('has its own form on the case page', async () => {
    const { c } = await acknowledged()
    t.clock.set('2026-03-03T10:00:00Z')
    const browser = new FormSession(t.app)
    await browser.signIn(officer.email, officer.password)
    const form = await browser.get(`/complaints/${c.id}/update`)
    expect(form.statusCode).toBe(200)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] as string
    const missing = await browser.post(`/complaints/${c.id}/update`, { version })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('Say how the resident was updated')
    const done = await browser.post(`/complaints/${c.id}/update`, {
      version,
      method: 'phone',
      summary: 'Called to say the surveyor is booked',
    })
    expect(done.statusCode).toBe(303)
    expect((await browser.get(`/complaints/${c.id}`)).body).toContain('data-qa="deadline-update"')
  })
})

describe(`the landlord's update interval (${testDatabaseKind})`, () => {
  it('is the default at acknowledgement once set in the timescales', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    const admin = await t.tokenFor('admin')
    const changed = await call(
      'PUT',
      '/api/v1/policy',
      { residentUpdateDays: 4, effectiveFrom: '2026-03-02' },
      admin,
    )
    expect(changed.status).toBe(200)
    expect(changed.body.residentUpdateDays).toBe(4)
    const tooLong = await call('PUT', '/api/v1/policy', { residentUpdateDays: 25 }, admin)
    expect(tooLong.status).toBe(422)
    const { ack } = await acknowledged()
    expect(ack.body.nextUpdate).toMatchObject({ workingDays: 4, due: '2026-03-06' })
  })
})
