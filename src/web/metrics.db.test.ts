import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../test/api.js'
import { createTestApp, type TestApp } from '../../test/app.js'

let t: TestApp
let token: string
const call = apiCaller(
  () => t,
  () => token,
)

/** One sample's value from the exposition text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

beforeAll(async () => {
  t = await createTestApp()
  token = await t.tokenFor('handler')
})
afterAll(async () => {
  await t?.close()
})

describe('GET /metrics', () => {
  it('answers a scraper on this machine in Prometheus format, with the open complaints and the pool', async () => {
    for (const description of ['Damp in the bedroom', 'Repair not done']) {
      const res = await call('POST', '/api/v1/complaints', {
        channel: 'phone',
        receivedAt: '2026-03-02T09:00:00Z',
        description,
        resident: { name: 'Kemi Bello' },
      })
      expect(res.status).toBe(201)
    }
    const res = await t.app.inject({ method: 'GET', url: '/metrics' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/plain')
    expect(sample(res.body, 'complaints_open{state="received"}')).toBe(2)
    expect(sample(res.body, 'complaints_overdue{state="received"}')).toBe(0)
    expect(sample(res.body, 'database_up')).toBe(1)
    expect(sample(res.body, 'db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1)
    // Requests are counted by route pattern, never by raw URL.
    expect(
      sample(res.body, 'http_requests_total{method="POST",route="/api/v1/complaints",status="201"}'),
    ).toBe(2)
    expect(res.body).toContain(
      'http_request_duration_seconds_count{method="POST",route="/api/v1/complaints"} 2',
    )
  })

  it('counts overdue complaints as the days pass', async () => {
    t.clock.set('2026-03-20T09:00:00Z')
    const res = await t.app.inject({ method: 'GET', url: '/metrics' })
    expect(sample(res.body, 'complaints_overdue{state="received"}')).toBe(2)
    t.clock.set('2026-03-02T09:15:00Z')
  })

  it('counts job runs by kind and outcome, and mail by delivery outcome', async () => {
    await t.createStaff('complaints_officer')
    // The daily prompts run at 23:59 London in tests, on a working day.
    t.clock.set('2026-03-03T23:59:30Z')
    expect(await t.jobs.runDue()).toBeGreaterThan(0)
    const res = await t.app.inject({ method: 'GET', url: '/metrics' })
    expect(sample(res.body, 'jobs_runs_total{kind="daily_prompts",outcome="done"}')).toBe(1)
    expect(res.body).toContain('jobs_run_duration_seconds_count{kind="daily_prompts"} 1')
    expect(sample(res.body, 'jobs_waiting{kind="daily_prompts"}')).toBe(0)
    // Without SMTP_URL, the prompts stay in the outbox.
    expect(sample(res.body, 'mail_messages{status="outbox"}')).toBeGreaterThan(0)
    t.clock.set('2026-03-02T09:15:00Z')
  })

  it('refuses a request a proxy forwarded, which only looks local', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    })
    expect(res.statusCode).toBe(403)
    expect(res.body).toContain('METRICS_TOKEN')
    const remote = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' })
    expect(remote.statusCode).toBe(403)
  })

  it('with METRICS_TOKEN, answers only that bearer token, from anywhere', async () => {
    const secret = 'a metrics token that is long enough to use'
    const other = await createTestApp({ metricsToken: secret })
    try {
      const none = await other.app.inject({ method: 'GET', url: '/metrics' })
      expect(none.statusCode).toBe(403)
      const wrong = await other.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer not the token' },
      })
      expect(wrong.statusCode).toBe(403)
      const right = await other.app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: '203.0.113.9',
        headers: { authorization: `Bearer ${secret}` },
      })
      expect(right.statusCode).toBe(200)
      expect(right.body).toContain('# TYPE complaints_open gauge')
    } finally {
      await other.close()
    }
  })
})
