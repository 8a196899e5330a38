/**
 * Proof under load and faults, against the real server in its own process:
 *
 *   npm run proof -- load    [--db pglite|postgres] [--seconds 60] [--clients 50]
 *   npm run proof -- kill    [--db pglite|postgres]   kill -9 mid-load, restart, check
 *   npm run proof -- restart                          PostgreSQL restarted mid-load (needs root)
 *   npm run proof -- fuzz    [--db pglite|postgres]   ≥10,000 generated hostile requests, no 5xx
 *
 * Clients mix intake (POST /api/v1/complaints), acknowledgement (an action with a letter and an
 * email) and list reads. Afterwards the database is read directly: every write the service
 * acknowledged with a 2xx is there, exactly once, and nothing is half-written (each complaint's
 * row, events and letters agree). Exits non-zero on any breach. Bounded by --seconds.
 */
import { execFile, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { sql } from 'kysely'
import pg from 'pg'
import { type Database, openPGlite, openPostgres } from '../src/db/database.js'
import { api, nextPort, type Server, startServer, stopServers, waitUntilReady } from '../test/processes.js'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: 'string', default: 'pglite' },
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '50' },
  },
})
const mode = positionals[0] ?? 'load'
const seconds = Number(values.seconds)
const clients = Number(values.clients)
const pgUrl = process.env.PROOF_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const admin = { ADMIN_EMAIL: 'ops@example.org', ADMIN_PASSWORD: 'operations password 1' }
const kind = mode === 'restart' ? 'postgres' : values.db === 'postgres' ? 'postgres' : 'pglite'

type Tally = {
  intakes: Map<string, string>
  acknowledged: Set<string>
  reads: number
  errors: Map<string, number>
  /** Requests that got no answer (the server was killed, or the database restarted under them). */
  unanswered: number
  latencies: number[]
}
const tally: Tally = {
  intakes: new Map(),
  acknowledged: new Set(),
  reads: 0,
  errors: new Map(),
  unanswered: 0,
  latencies: [],
}
/** Seconds from `from` to `to` (now), to one decimal place, for the run's timeline. */
const secondsSince = (from: number, to = Date.now()) => ((to - from) / 1000).toFixed(1)
const error = (what: string) => tally.errors.set(what, (tally.errors.get(what) ?? 0) + 1)

/** Where the service keeps its data for this run, and how to read it directly afterwards. */
async function storage(): Promise<{
  env: Record<string, string>
  open(): Promise<Database>
  drop(): Promise<void>
}> {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'complaints-proof-'))
    return { env: { DATA_DIR: dataDir }, open: () => openPGlite(dataDir), drop: async () => {} }
  }
  const name = `proof_${randomBytes(5).toString('hex')}`
  const client = new pg.Client({ connectionString: pgUrl })
  await client.connect()
  await client.query(`create database ${name}`)
  await client.end()
  const url = pgUrl.replace(/\/[^/]*$/, `/${name}`)
  return {
    env: { DATABASE_URL: url },
    open: async () => openPostgres(url),
    drop: async () => {
      const c = new pg.Client({ connectionString: pgUrl })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

async function request(port: number, method: string, path: string, token: string, body?: unknown) {
  const started = performance.now()
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  })
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>
  tally.latencies.push(performance.now() - started)
  return { status: res.status, json }
}

/** One client: intake, acknowledge its own complaints, read lists, until `until`. */
async function client(n: number, port: () => number, token: string, handlerId: string, until: number) {
  const mine: string[] = []
  let i = 0
  while (Date.now() < until) {
    i++
    const roll = (n * 7919 + i * 104_729) % 100
    try {
      if (roll < 50 || !mine.length) {
        const r = await request(port(), 'POST', '/api/v1/complaints', token, {
          channel: 'phone',
          receivedAt: new Date(Date.now() - 60_000).toISOString(),
          description: `Load client ${n} complaint ${i}: the heating is off`,
          resident: { name: `Load Resident ${n}-${i}`, email: `load-${n}-${i}@example.org` },
          categories: ['repairs'],
        })
        if (r.status === 201) {
          tally.intakes.set(r.json.id as string, r.json.reference as string)
          mine.push(r.json.id as string)
        } else error(`intake ${r.status}`)
      } else if (roll < 75) {
        const id = mine.shift() as string
        const r = await request(port(), 'POST', `/api/v1/complaints/${id}/acknowledge`, token, {
          acknowledgedAt: new Date().toISOString(),
          handlerId,
          definition: { issues: ['Heating off'], outcomesSought: ['Heating on'] },
        })
        if (r.status === 200) tally.acknowledged.add(id)
        else error(`acknowledge ${r.status}`)
      } else {
        const r = await request(
          port(),
          'GET',
          roll < 88 ? '/api/v1/complaints?state=received&pageSize=20' : '/api/v1/complaints?overdue=true',
          token,
        )
        if (r.status === 200) tally.reads++
        else error(`list ${r.status}`)
      }
    } catch {
      tally.unanswered++
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

/** Reads the database directly: every acknowledged write is there once; nothing is half-written. */
async function check(database: Database): Promise<string[]> {
  const problems: string[] = []
  const db = database.db
  const rows = await db.selectFrom('complaints').select(['id', 'reference', 'state', 'version']).execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  for (const [id, reference] of tally.intakes)
    if (byId.get(id)?.reference !== reference) problems.push(`acknowledged intake ${reference} is missing`)
  for (const id of tally.acknowledged)
    if (byId.get(id)?.state !== 'stage1') problems.push(`acknowledged acknowledgement of ${id} is missing`)
  // Nothing half-written: each row's version is its number of events, and each stage 1 complaint
  // has its acknowledgement event and letter.
  const events = await sql<{ complaint_id: string; n: number; acks: number }>`
    select complaint_id, count(*)::int as n,
      count(*) filter (where type = 'complaint.acknowledged')::int as acks
    from complaint_events group by complaint_id`.execute(db)
  const eventsOf = new Map(events.rows.map((e) => [e.complaint_id, e]))
  const letters = await sql<{ complaint_id: string; n: number }>`
    select complaint_id, count(*)::int as n from letters group by complaint_id`.execute(db)
  const lettersOf = new Map(letters.rows.map((l) => [l.complaint_id, l.n]))
  for (const r of rows) {
    const e = eventsOf.get(r.id)
    if (!e || e.n !== r.version) problems.push(`${r.reference}: version ${r.version} but ${e?.n ?? 0} events`)
    if (r.state === 'stage1' && (!e?.acks || !lettersOf.get(r.id)))
      problems.push(`${r.reference}: in stage 1 without its acknowledgement event and letter`)
  }
  if (mode === 'load') {
    // With no faults, the database holds exactly what was acknowledged: no more, no less.
    if (rows.length !== tally.intakes.size)
      problems.push(`${rows.length} complaints in the database, ${tally.intakes.size} intakes acknowledged`)
    const stage1 = rows.filter((r) => r.state === 'stage1').length
    if (stage1 !== tally.acknowledged.size)
      problems.push(
        `${stage1} acknowledged in the database, ${tally.acknowledged.size} acknowledgements answered`,
      )
  }
  return problems
}

async function main() {
  const store = await storage()
  let port = nextPort()
  let server: Server = startServer({ ...store.env, PORT: String(port), DEMO_DATA: 'false', ...admin })
  const timeline: string[] = []
  try {
    await waitUntilReady(server, port)
    const adminToken = (
      await api(port, '/api/v1/auth/token', { email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD })
    ).json.token as string
    const handler = await api(
      port,
      '/api/v1/users',
      {
        email: 'load@example.org',
        name: 'Load Handler',
        password: 'steady under pressure 42',
        role: 'handler',
      },
      adminToken,
    )
    if (handler.status !== 201)
      throw new Error(`could not create the load handler: ${JSON.stringify(handler.json)}`)
    const token = (
      await api(port, '/api/v1/auth/token', {
        email: 'load@example.org',
        password: 'steady under pressure 42',
      })
    ).json.token as string
    const started = Date.now()
    const until = started + seconds * 1000
    const load = Promise.all(
      Array.from({ length: clients }, (_, n) =>
        client(n, () => port, token, handler.json.id as string, until),
      ),
    )

    if (mode === 'kill') {
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 3))
      server.child.kill('SIGKILL')
      await server.exited
      const killedAt = Date.now()
      timeline.push(`killed -9 after ${secondsSince(started, killedAt)} s`)
      port = nextPort()
      server = startServer({ ...store.env, PORT: String(port), DEMO_DATA: 'false' })
      await waitUntilReady(server, port)
      for (const line of server.output().split('\n')) {
        const entry = /^\{/.test(line) ? (JSON.parse(line) as { time?: number; msg?: string }) : {}
        if (entry.time && (entry.msg === 'database opened' || entry.msg?.startsWith('Server listening')))
          timeline.push(
            `  ${entry.msg?.split(' at ')[0]} ${secondsSince(killedAt, entry.time)} s after the kill`,
          )
      }
      timeline.push(
        `restarted and ready after ${secondsSince(started)} s (${secondsSince(killedAt)} s after the kill)`,
      )
    }
    if (mode === 'restart') {
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 3))
      const restarting = promisify(execFile)('pg_ctlcluster', ['15', 'main', 'restart'])
      timeline.push(`PostgreSQL restart begun after ${secondsSince(started)} s`)
      let sawNotReady = false
      for (let k = 0; k < 300; k++) {
        // A second per attempt, as the start-up probe (test/processes.ts) and a load balancer give.
        const ready = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(1000) })
          .then((r) => r.status)
          .catch(() => 0)
        if (ready === 503 && !sawNotReady) {
          sawNotReady = true
          timeline.push(`/ready answered 503 after ${secondsSince(started)} s`)
        }
        if (sawNotReady && ready === 200) {
          timeline.push(`/ready answered 200 again after ${secondsSince(started)} s`)
          break
        }
        await new Promise((r) => setTimeout(r, 50))
      }
      await restarting
      if (!sawNotReady) timeline.push('/ready never reported the outage (it was shorter than the poll)')
    }
    await load
    const elapsed = (Date.now() - started) / 1000
    if (server.child.exitCode !== null) {
      timeline.push(
        `THE SERVER DIED (exit ${server.child.exitCode}):\n${server.output().split('\n').slice(-45).join('\n')}`,
      )
      process.exitCode = 1
    }
    server.child.kill('SIGTERM')
    await server.exited
    const database = await store.open()
    let problems: string[]
    try {
      problems = await check(database)
    } finally {
      await database.close()
    }
    const sorted = [...tally.latencies].sort((a, b) => a - b)
    const pct = (p: number) =>
      Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0)
    const answered = tally.intakes.size + tally.acknowledged.size + tally.reads
    const errors = [...tally.errors].map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'
    console.log(
      [
        `${mode} on ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}: ${clients} clients for ${elapsed.toFixed(0)} s`,
        ...timeline.map((l) => `  ${l}`),
        `  2xx: ${answered} (${Math.round(answered / elapsed)}/s) — ${tally.intakes.size} intakes, ${tally.acknowledged.size} acknowledgements, ${tally.reads} list reads`,
        `  latency p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms`,
        `  errors: ${errors}; unanswered (connection lost): ${tally.unanswered}`,
        `  database check: ${problems.length ? `${problems.length} PROBLEMS\n    ${problems.slice(0, 20).join('\n    ')}` : 'every acknowledged write is there, nothing half-written'}`,
      ].join('\n'),
    )
    const faultErrorsAllowed = mode !== 'load'
    if (!tally.intakes.size) problems.push('no intake succeeded')
    if (problems.length || (!faultErrorsAllowed && (tally.errors.size || tally.unanswered)))
      process.exitCode = 1
    // Under a fault, the only errors allowed are the outage's own (503 while the database is away).
    if (faultErrorsAllowed && [...tally.errors.keys()].some((k) => !k.endsWith(' 503'))) process.exitCode = 1
  } finally {
    stopServers()
    await store.drop()
  }
}

if (mode === 'fuzz') {
  // The long fuzz run: the bounded test in npm test, with many more runs for every route.
  const result = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', 'src/web/fuzz.db.test.ts', '--reporter=verbose'],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        TZ: 'Europe/London',
        FUZZ_API_RUNS: process.env.FUZZ_API_RUNS ?? '300',
        FUZZ_FORM_RUNS: process.env.FUZZ_FORM_RUNS ?? '40',
        ...(values.db === 'postgres' ? { TEST_DATABASE_URL: pgUrl } : {}),
      },
    },
  )
  process.exitCode = result.status ?? 1
} else await main()
