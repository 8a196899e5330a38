import type { Kysely } from 'kysely'
import client from 'prom-client'
import type { Clock } from '../../clock.js'
import { operationsRepository } from '../../db/repositories/operations.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'

export type JobOutcome = 'done' | 'retry' | 'gave_up'

/**
 * The service's Prometheus metrics. Counters and histograms belong to this instance (requests,
 * jobs it ran); gauges read the database when scraped, so they are the cluster's: open complaints
 * by state and overdue, mail by outcome, jobs waiting and given up.
 */
export function createMetrics(deps: {
  db: Kysely<DB>
  clock: Clock
  connections: () => { total: number; idle: number; waiting: number }
  ping: () => Promise<boolean>
  /** Node's process metrics (memory, event loop lag, GC): on in the service, off in tests. */
  processMetrics?: boolean
}) {
  const registry = new client.Registry()
  const repo = operationsRepository(deps.db)
  /** A database that cannot be read leaves its gauges empty (and database_up 0), not a 500. */
  const read = async <T>(query: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await query()
    } catch {
      return []
    }
  }
  if (deps.processMetrics) client.collectDefaultMetrics({ register: registry })

  const httpRequests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  })
  const httpDuration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  const jobRuns = new client.Counter({
    name: 'jobs_runs_total',
    help: 'Background job runs on this instance, by kind and outcome (done, retry, gave_up)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  })
  const jobDuration = new client.Histogram({
    name: 'jobs_run_duration_seconds',
    help: 'How long a background job ran, by kind',
    labelNames: ['kind'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [registry],
  })

  new client.Gauge({
    name: 'complaints_open',
    help: 'Open complaints, by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset()
      for (const r of await read(() => repo.openComplaints(londonDateOf(deps.clock.now())))) {
        this.set({ state: r.state }, r.open)
      }
    },
  })
  new client.Gauge({
    name: 'complaints_overdue',
    help: 'Open complaints past their Code deadline today, by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset()
      for (const r of await read(() => repo.openComplaints(londonDateOf(deps.clock.now())))) {
        this.set({ state: r.state }, r.overdue)
      }
    },
  })
  new client.Gauge({
    name: 'mail_messages',
    help: 'Messages by delivery outcome: outbox (no SMTP), queued, sent, not_delivered',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset()
      for (const r of await read(repo.mailByStatus)) this.set({ status: r.status }, r.n)
    },
  })
  new client.Gauge({
    name: 'jobs_waiting',
    help: 'Background jobs not yet done, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset()
      for (const r of await read(repo.jobsByState)) this.set({ kind: r.kind }, r.waiting)
    },
  })
  new client.Gauge({
    name: 'jobs_given_up',
    help: 'Background jobs that failed every attempt, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset()
      for (const r of await read(repo.jobsByState)) this.set({ kind: r.kind }, r.gaveUp)
    },
  })
  new client.Gauge({
    name: 'db_pool_connections',
    help: 'Database connections: total open, idle, and requests waiting for one',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const c = deps.connections()
      this.set({ state: 'total' }, c.total)
      this.set({ state: 'idle' }, c.idle)
      this.set({ state: 'waiting' }, c.waiting)
    },
  })

  new client.Gauge({
    name: 'database_up',
    help: '1 when the database answered a trivial query during this scrape, else 0',
    registers: [registry],
    async collect() {
      this.set((await deps.ping()) ? 1 : 0)
    },
  })

  return {
    contentType: registry.contentType,
    /** The exposition text, in Prometheus format. */
    text: () => registry.metrics(),
    requestAnswered(method: string, route: string, status: number, seconds: number) {
      httpRequests.inc({ method, route, status: String(status) })
      httpDuration.observe({ method, route }, seconds)
    },
    jobRan(kind: string, outcome: JobOutcome, seconds: number) {
      jobRuns.inc({ kind, outcome })
      jobDuration.observe({ kind }, seconds)
    },
  }
}

export type Metrics = ReturnType<typeof createMetrics>
