import { readdirSync, readFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'kysely'
import { systemClock } from '../src/clock.js'
import { type Database, pgliteOptions, wrapPGlite } from '../src/db/database.js'
import { prepareDatabase } from '../src/services/bootstrap.js'
import { createServices } from '../src/services/index.js'
import type { BenchResult } from './calendar.js'
import { benchComplaint, benchConfig, postgresDatabase, servedBenchApp } from './complaints.js'
import { keepAliveClient } from './httpClient.js'

const CONCURRENCY = 8
const INTAKES = Number(process.env.BENCH_INTAKES ?? 3000)
const WARM_UP = 1000
const FLOOR_ROWS = 5000

const ONE_AT_A_TIME = 500

/** `work(i)` for i in 0..total, `concurrency` at a time; the rate per second. */
async function rate(
  total: number,
  work: (i: number) => Promise<void>,
  concurrency = CONCURRENCY,
): Promise<number> {
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await work(next++)
    }),
  )
  return total / ((performance.now() - t0) / 1000)
}

/**
 * CPU time used so far, in ms: this process's, and that of every `postgres` process on the
 * machine (from /proc; 0 where there is none, as with PGlite, which runs in this process).
 */
function cpuSpent(): { node: number; postgres: number } {
  const { user, system } = process.cpuUsage()
  let ticks = 0
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue
      const fields = stat.slice(close + 2).split(' ')
      ticks += Number(fields[11]) + Number(fields[12]) // utime and stime, fields 14 and 15
    } catch {
      // the process ended while being read
    }
  }
  return { node: (user + system) / 1000, postgres: ticks * 10 } // clock ticks of 10 ms (USER_HZ)
}

/** What `measure` costs in CPU, in ms for each of `count` runs. */
async function cpuEach(count: number, measure: () => Promise<unknown>) {
  const before = cpuSpent()
  await measure()
  const after = cpuSpent()
  return { node: (after.node - before.node) / count, postgres: (after.postgres - before.postgres) / count }
}

const ms = (value: number) => Math.round(value * 100) / 100

/**
 * What intake costs against what the database can do at all: the floor is one transaction
 * inserting one event-sized row (same driver, same pool, same concurrency); intake is
 * `POST /api/v1/complaints` over HTTP, from a kept-alive client that costs little. The ratio is
 * intake's share of the floor, and the statements each intake sends are counted.
 */
export async function benchIntake(kind: 'pglite' | 'postgres', url?: string): Promise<BenchResult[]> {
  // PGlite runs in this process: the time its statements take, one intake at a time so that none
  // waits behind another, is the database's work.
  let pgliteMs = 0
  const timedPGlite = () => {
    const pglite = new PGlite(pgliteOptions)
    const query = pglite.query.bind(pglite)
    pglite.query = (async (...args: Parameters<typeof query>) => {
      const t0 = performance.now()
      try {
        return await query(...args)
      } finally {
        pgliteMs += performance.now() - t0
      }
    }) as typeof query
    return wrapPGlite(pglite)
  }
  const database: Database = kind === 'postgres' && url ? await postgresDatabase(url) : timedPGlite()
  try {
    await prepareDatabase(database.db, systemClock)
    await sql`create table bench_floor (id bigint generated always as identity primary key,
      complaint_id uuid not null, seq integer not null, type text not null, at timestamptz not null,
      data jsonb not null)`.execute(database.db)
    const data = JSON.stringify({
      type: 'complaint.received',
      channel: 'email',
      description: 'The lift has been broken for two weeks.',
      resident: { name: 'Bench Resident', email: 'r@example.org' },
      categories: ['repairs'],
    })
    const floorTransaction = async () => {
      await database.db.transaction().execute(async (tx) => {
        await sql`insert into bench_floor (complaint_id, seq, type, at, data)
          values (gen_random_uuid(), 1, 'complaint.received', now(), ${data}::jsonb)`.execute(tx)
      })
    }
    await rate(WARM_UP, floorTransaction)
    let floor = 0
    const floorCpu = await cpuEach(FLOOR_ROWS, async () => {
      floor = await rate(FLOOR_ROWS, floorTransaction)
    })

    // Every statement the service sends is counted through a Kysely plugin on the same driver:
    // by its result, as queries nested in one statement are transformed too.
    let statements = 0
    const db = database.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        statements++
        return args.result
      },
    })
    const services = createServices({ db, clock: systemClock, config: benchConfig })
    await services.staffAccounts.create(
      { email: 'bench@example.org', name: 'Bench', role: 'handler', password: 'speedy measuring 123' },
      null,
    )
    const { token } = await services.authentication.issueApiToken('bench@example.org', 'speedy measuring 123')
    const { app, base } = await servedBenchApp({ ...database, db }, services)
    const client = keepAliveClient(base)
    const intake = async (i: number) => {
      const answer = await client.post(
        '/api/v1/complaints',
        { authorization: `Bearer ${token}` },
        benchComplaint(i, 'M1 1AE'),
      )
      if (answer.status !== 201) throw new Error(`POST /complaints answered ${answer.status}: ${answer.body}`)
    }
    // Both are measured warm: the floor ran first; intake gets as many runs before it counts.
    await rate(WARM_UP, (i) => intake(-1 - i))
    statements = 0
    let perSecond = 0
    const intakeCpu = await cpuEach(INTAKES, async () => {
      perSecond = await rate(INTAKES, intake)
    })
    const perIntake = statements / INTAKES
    pgliteMs = 0
    await rate(ONE_AT_A_TIME, (i) => intake(INTAKES + i), 1)
    const databaseMs = pgliteMs / ONE_AT_A_TIME
    client.close()
    await app.close()
    const label = kind === 'postgres' ? 'PostgreSQL' : 'PGlite'
    const share = Math.round((perSecond / floor) * 100)
    // What the database alone spends on an intake: PostgreSQL's processes' CPU, or PGlite's time
    // for intake's statements. Were everything outside the database free, intake could reach at
    // most the floor's CPU over that, as a share.
    const floorEach = floorCpu.node + floorCpu.postgres
    const databaseEach = kind === 'postgres' ? intakeCpu.postgres : databaseMs
    const ceiling = Math.round((floorEach / databaseEach) * 100)
    return [
      { name: `database floor: 1-row transactions (${label})`, value: Math.round(floor), unit: 'per s' },
      { name: `intake POST /api/v1/complaints (${label})`, value: Math.round(perSecond), unit: 'per s' },
      { name: `intake statements each (${label})`, value: Math.round(perIntake * 10) / 10, unit: '' },
      { name: `CPU per floor transaction, all processes (${label})`, value: ms(floorEach), unit: 'ms' },
      { name: `CPU per intake in the database (${label})`, value: ms(databaseEach), unit: 'ms' },
      {
        name: `CPU per intake in Node, with the bench's HTTP client (${label})`,
        value: ms(kind === 'postgres' ? intakeCpu.node : intakeCpu.node - databaseMs),
        unit: 'ms',
      },
      { name: `intake's share were all but the database free (${label})`, value: ceiling, unit: '%' },
      {
        name: `intake as a share of the floor (${label})`,
        value: share,
        unit: '%',
        target: '≥ 25%',
        ok: share >= 25,
      },
    ]
  } finally {
    await database.close()
  }
}
