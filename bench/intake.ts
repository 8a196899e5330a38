import { PGlite } from '@electric-sql/pglite'
import { sql } from 'kysely'
import { systemClock } from '../src/clock.js'
import { type Database, pgliteParsers, wrapPGlite } from '../src/db/database.js'
import { prepareDatabase } from '../src/services/bootstrap.js'
import { createServices } from '../src/services/index.js'
import type { BenchResult } from './calendar.js'
import { benchConfig, postBenchComplaint, postgresDatabase, servedBenchApp } from './complaints.js'

const CONCURRENCY = 8
const INTAKES = Number(process.env.BENCH_INTAKES ?? 3000)
const WARM_UP = 1000
const FLOOR_ROWS = 5000

/** `work(i)` for i in 0..total, `CONCURRENCY` at a time; the rate per second. */
async function rate(total: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await work(next++)
    }),
  )
  return total / ((performance.now() - t0) / 1000)
}

/**
 * What intake costs against what the database can do at all: the floor is one transaction
 * inserting one event-sized row (same driver, same pool, same concurrency); intake is
 * `POST /api/v1/complaints` over HTTP. The ratio is intake's share of the floor, and the
 * statements each intake sends are counted.
 */
export async function benchIntake(kind: 'pglite' | 'postgres', url?: string): Promise<BenchResult[]> {
  const database: Database =
    kind === 'postgres' && url
      ? await postgresDatabase(url)
      : wrapPGlite(new PGlite({ parsers: pgliteParsers }))
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
    const floor = await rate(FLOOR_ROWS, floorTransaction)

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
    const intake = (i: number) => postBenchComplaint(base, token, i, 'M1 1AE')
    // Both are measured warm: the floor ran first; intake gets as many runs before it counts.
    await rate(WARM_UP, (i) => intake(-1 - i))
    statements = 0
    const perSecond = await rate(INTAKES, intake)
    const perIntake = statements / INTAKES
    await app.close()
    const label = kind === 'postgres' ? 'PostgreSQL' : 'PGlite'
    const share = Math.round((perSecond / floor) * 100)
    return [
      { name: `database floor: 1-row transactions (${label})`, value: Math.round(floor), unit: 'per s' },
      { name: `intake POST /api/v1/complaints (${label})`, value: Math.round(perSecond), unit: 'per s' },
      { name: `intake statements each (${label})`, value: Math.round(perIntake * 10) / 10, unit: '' },
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
