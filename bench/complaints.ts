import { randomBytes, randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'kysely'
import pg from 'pg'
import { pino } from 'pino'
import { systemClock } from '../src/clock.js'
import { type Database, openPostgres, pgliteOptions, wrapPGlite } from '../src/db/database.js'
import { type ComplaintRow, toColumns } from '../src/db/repositories/complaints.js'
import { londonDateOf } from '../src/domain/calendar/calendarDate.js'
import { foldComplaint } from '../src/domain/complaints/complaint.js'
import { complaintDeadlines } from '../src/domain/complaints/deadlines.js'
import type { ComplaintEvent, ComplaintEventData } from '../src/domain/complaints/events.js'
import { formatReference } from '../src/domain/complaints/intake.js'
import { channels } from '../src/domain/complaints/vocabulary.js'
import { defaultPolicy } from '../src/domain/policy/timescales.js'
import { prepareDatabase } from '../src/services/bootstrap.js'
import { projectionOf } from '../src/services/complaints.js'
import { createServices } from '../src/services/index.js'
import { createMetrics } from '../src/services/operations/metrics.js'
import { buildApp } from '../src/web/app.js'
import type { BenchResult } from './calendar.js'

export const benchConfig = {
  env: 'production' as const,
  trustProxy: false,
  secureCookies: false,
  signIn: { maxAttempts: 5, lockoutMinutes: 15, ratePerMinute: 100_000 },
  sessionHours: 12,
  apiTokenDays: 30,
  landlordName: 'Bench Homes',
  mail: { smtpUrl: undefined, from: 'Bench <bench@example.org>', maxAttempts: 6 },
  publicUrl: 'http://localhost:3000',
  contact: { phone: undefined, email: undefined },
  metricsToken: undefined,
  retention: { years: 6 },
}

/** A complaint event as its table's row, for loading straight into the database. */
export type EventRow = {
  complaint_id: string
  seq: number
  type: string
  at: Date
  recorded_at: Date
  actor_id: string
  data: string
}

/** Complaint number i as `POST /api/v1/complaints` takes it. */
export const benchComplaint = (i: number, postcode?: string) => ({
  channel: 'email',
  receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
  description: 'The lift has been broken for two weeks.',
  resident: {
    name: `Bench Resident ${i}`,
    email: `r${i}@example.org`,
    ...(postcode ? { postcode } : {}),
  },
  categories: ['repairs'],
})

/** Logs complaint number i through `POST /api/v1/complaints`; anything but 201 stops the bench. */
export async function postBenchComplaint(base: string, token: string, i: number, postcode?: string) {
  const res = await fetch(`${base}/api/v1/complaints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(benchComplaint(i, postcode)),
  })
  if (res.status !== 201) throw new Error(`POST /complaints answered ${res.status}: ${await res.text()}`)
  await res.arrayBuffer()
}

/** The service on a free local port, as the benchmarks call it. */
export async function servedBenchApp(database: Database, services: ReturnType<typeof createServices>) {
  const app = await buildApp({
    config: benchConfig,
    database,
    services,
    clock: systemClock,
    metrics: createMetrics({
      db: database.db,
      clock: systemClock,
      connections: database.connections,
      ping: database.ping,
    }),
    cookieSecret: 'x'.repeat(32),
    logger: pino({ level: 'silent' }),
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` }
}

export async function postgresDatabase(url: string): Promise<Database> {
  const schema = `bench_${randomBytes(5).toString('hex')}`
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`create schema ${schema}`)
  await client.end()
  const database = openPostgres(url, { poolMax: 10, searchPath: schema })
  return {
    ...database,
    async close() {
      await database.close()
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
    },
  }
}

/** 100k complaints written straight into the tables, each with a true received event and projection. */
async function bulkLoad(database: Database, count: number, byId: string) {
  const calendar = await createServices({
    db: database.db,
    clock: systemClock,
    config: benchConfig,
  }).calendar.current()
  const today = londonDateOf(new Date())
  const start = Date.parse('2024-06-01T09:00:00Z')
  const span = Date.now() - start - 86_400_000
  for (let offset = 0; offset < count; offset += 1000) {
    const projections: ComplaintRow[] = []
    const events: EventRow[] = []
    for (let i = offset; i < Math.min(count, offset + 1000); i++) {
      const at = new Date(start + Math.floor((i / count) * span))
      const id = randomUUID()
      const data: ComplaintEventData = {
        type: 'complaint.received',
        reference: formatReference(at.getUTCFullYear(), 900_000 + i),
        channel: channels[i % channels.length] ?? 'phone',
        receivedAt: at.toISOString(),
        description: 'Bench complaint about a repair that has not been done.',
        resident: { name: `Resident ${i}`, postcode: `ST${i % 9} ${i % 7}AB` },
        categories: ['repairs'],
        policyVersion: 1,
      }
      const event: ComplaintEvent = { ...data, seq: 1, at, recordedAt: at, by: byId }
      const c = foldComplaint(id, [event])
      projections.push(
        projectionOf(
          c,
          complaintDeadlines(c, () => defaultPolicy, calendar, today),
          at,
        ),
      )
      const { type, ...rest } = data
      events.push({
        complaint_id: id,
        seq: 1,
        type,
        at,
        recorded_at: at,
        actor_id: byId,
        data: JSON.stringify(rest),
      })
    }
    await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('complaints').values(projections.map(toColumns)).execute()
      await trx.insertInto('complaint_events').values(events).execute()
    })
  }
  await sql`analyze`.execute(database.db)
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

export async function benchComplaints(
  kind: 'pglite' | 'postgres',
  url?: string,
  listSize = 100_000,
): Promise<BenchResult[]> {
  const database =
    kind === 'postgres' && url ? await postgresDatabase(url) : wrapPGlite(new PGlite(pgliteOptions))
  try {
    await prepareDatabase(database.db, systemClock)
    const services = createServices({ db: database.db, clock: systemClock, config: benchConfig })
    const user = await services.staffAccounts.create(
      { email: 'bench@example.org', name: 'Bench', role: 'admin', password: 'speedy measuring 123' },
      null,
    )
    const { token } = await services.authentication.issueApiToken('bench@example.org', 'speedy measuring 123')
    const { app, base } = await servedBenchApp(database, services)

    // Logging complaints over HTTP, 8 at a time.
    const total = 400
    let next = 0
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < total) {
          await postBenchComplaint(base, token, next++)
        }
      }),
    )
    const perSecond = total / ((performance.now() - t0) / 1000)

    const loadStart = performance.now()
    await bulkLoad(database, listSize, user.id)
    const loadSeconds = (performance.now() - loadStart) / 1000

    const headers = { authorization: `Bearer ${token}` }
    const queries = [
      '/api/v1/complaints',
      '/api/v1/complaints?state=received,stage1&sort=due',
      '/api/v1/complaints?overdue=true',
      '/api/v1/complaints?dueWithin=3',
      '/api/v1/complaints?q=resident%2042',
      '/api/v1/complaints?channel=phone&receivedFrom=2025-01-01&receivedTo=2025-06-30&page=3',
    ]
    const timings: number[] = []
    for (let i = 0; i < 10; i++)
      await (await fetch(`${base}${queries[i % queries.length]}`, { headers })).arrayBuffer()
    for (let i = 0; i < 120; i++) {
      const s = performance.now()
      const res = await fetch(`${base}${queries[i % queries.length]}`, { headers })
      if (res.status !== 200) throw new Error(`list answered ${res.status}`)
      await res.arrayBuffer()
      timings.push(performance.now() - s)
    }
    timings.sort((a, b) => a - b)
    await app.close()
    const label = kind === 'postgres' ? 'PostgreSQL' : 'PGlite'
    return [
      { name: `complaints logged over HTTP (${label})`, value: Math.round(perSecond), unit: 'per s' },
      {
        name: `bulk load ${listSize.toLocaleString('en-GB')} complaints (${label})`,
        value: Math.round(loadSeconds),
        unit: 's',
      },
      {
        name: `case list p50, ${listSize.toLocaleString('en-GB')} complaints (${label})`,
        value: Math.round(percentile(timings, 50)),
        unit: 'ms',
      },
      {
        name: `case list p95, ${listSize.toLocaleString('en-GB')} complaints (${label})`,
        value: Math.round(percentile(timings, 95)),
        unit: 'ms',
      },
    ]
  } finally {
    await database.close()
  }
}
