import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { systemClock } from '../src/clock.js'
import { type Database, openPGlite } from '../src/db/database.js'
import { type ComplaintRow, toColumns } from '../src/db/repositories/complaints.js'
import { insertRegisterRows } from '../src/db/repositories/remedies.js'
import { insertFacts } from '../src/db/repositories/reports.js'
import { type CalendarDate, londonDateOf } from '../src/domain/calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../src/domain/calendar/workingDayCalendar.js'
import { foldComplaint } from '../src/domain/complaints/complaint.js'
import { complaintDeadlines } from '../src/domain/complaints/deadlines.js'
import type { ComplaintEvent, ComplaintEventData } from '../src/domain/complaints/events.js'
import { formatReference } from '../src/domain/complaints/intake.js'
import { channels, type Decision, decisions, tenures } from '../src/domain/complaints/vocabulary.js'
import { defaultPolicy } from '../src/domain/policy/timescales.js'
import { registerRowsOf, remediesOf } from '../src/domain/remedies/followThrough.js'
import { periodOf } from '../src/domain/reports/boardPack.js'
import { reportFacts } from '../src/domain/reports/facts.js'
import { prepareDatabase } from '../src/services/bootstrap.js'
import { projectionOf } from '../src/services/complaints.js'
import { seededRandom } from '../src/services/demoComplaints.js'
import { createServices } from '../src/services/index.js'
import type { BenchResult } from './calendar.js'
import { benchConfig as config, type EventRow, postgresDatabase, servedBenchApp } from './complaints.js'

const categories = [
  'repairs',
  'damp_and_mould',
  'anti_social_behaviour',
  'staff_conduct',
  'complaint_handling',
  'communication',
  'rent_and_service_charges',
  'estate_and_grounds',
]

const givenNames = ['Amira', 'Ben', 'Chloe', 'Dev', 'Ellen', 'Femi', 'Grace', 'Hassan', 'Ivy', 'Jack']
const surnames = [
  'Okafor',
  'Patel',
  'Smith',
  'Jones',
  'Williams',
  'Brown',
  'Taylor',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Johnson',
  'Roberts',
  'Robinson',
  'Thompson',
  'Wright',
  'Walker',
  'White',
  'Edwards',
  'Hughes',
  'Green',
  'Hall',
  'Lewis',
  'Harris',
  'Clarke',
  'Jackson',
  'Wood',
  'Turner',
  'Martin',
  'Cooper',
  'Hill',
  'Ward',
  'Morris',
  'Moore',
  'Clark',
  'Lee',
  'King',
  'Baker',
  'Harrison',
  'Morgan',
  'Allen',
  'James',
  'Scott',
  'Phillips',
  'Watson',
  'Davis',
  'Parker',
  'Price',
  'Bennett',
  'Young',
  'Griffiths',
  'Mitchell',
  'Kelly',
  'Cook',
  'Carter',
  'Richardson',
  'Bailey',
  'Collins',
  'Bell',
  'Shah',
]

const at = (day: CalendarDate, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`)

/**
 * One complaint's whole history, as the service would have recorded it: received, most
 * acknowledged (some late), a few refused or withdrawn, some extended, most answered and closed,
 * some escalated to stage 2 and answered again; the newest still open.
 */
function history(
  i: number,
  receivedOn: CalendarDate,
  today: CalendarDate,
  calendar: WorkingDayCalendar,
  by: string,
) {
  const r = seededRandom(i + 1)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T
  const events: { data: ComplaintEventData; at: Date }[] = []
  const add = (data: ComplaintEventData, when: Date) => events.push({ data, at: when })
  const wd = (from: CalendarDate, n: number) => calendar.addWorkingDays(from, n)
  const tenure = r() < 0.7 ? 'lcra' : r() < 0.67 ? 'lcho' : pick(tenures)
  add(
    {
      type: 'complaint.received',
      reference: formatReference(Number(receivedOn.slice(0, 4)), i + 1),
      channel: pick(channels),
      ...(r() < 0.95 ? { tenure } : {}),
      receivedAt: at(receivedOn, 9).toISOString(),
      description: 'Bench complaint about a repair that has not been done.',
      resident: {
        name: `${pick(givenNames)} ${surnames[i % surnames.length]}`,
        email: `resident${i}@example.org`,
        postcode: `ST${1 + (i % 9)} ${i % 10}${'ABDEFGHJLN'[Math.floor(i / 10) % 10]}${'PQRSTUWXYZ'[Math.floor(i / 100) % 10]}`,
      },
      categories: [pick(categories)],
      policyVersion: 1,
    },
    at(receivedOn, 9),
  )
  const definition = {
    issues: [{ id: 'i1', summary: 'The repair' }],
    outcomesSought: ['Fix it'],
    notResponsibleFor: [],
  }
  const happened = (day: CalendarDate) => day <= today
  if (r() < 0.02) {
    const on = wd(receivedOn, 1)
    if (happened(on))
      add(
        {
          type: 'complaint.refused',
          stage: 1,
          refusing: 'complaint',
          reason: 'legal_proceedings',
          explanation: 'Before the court.',
        },
        at(on, 11),
      )
    return events
  }
  const stage = (n: 1 | 2, start: CalendarDate): CalendarDate | undefined => {
    const ackOn = wd(start, r() < 0.85 ? 1 + Math.floor(r() * 5) : 6 + Math.floor(r() * 4))
    if (!happened(ackOn)) return undefined
    add({ type: 'complaint.acknowledged', stage: n, handlerId: by, definition }, at(ackOn, 10))
    if (r() < 0.02) {
      add({ type: 'complaint.withdrawn', how: 'phone' }, at(wd(ackOn, 1), 12))
      return undefined
    }
    let days = n === 1 ? 10 : 20
    if (r() < 0.06) {
      const ext = 5 + Math.floor(r() * 8)
      days += ext
      add(
        { type: 'complaint.extended', stage: n, workingDays: ext, reason: 'Waiting for a survey' },
        at(wd(ackOn, 3), 10),
      )
    }
    const respondOn = wd(ackOn, Math.max(1, Math.floor(days * (0.4 + r() * 0.75))))
    if (!happened(respondOn)) return undefined
    const decision: Decision = pick(decisions)
    add(
      {
        type: 'complaint.responded',
        stage: n,
        decision,
        issueDecisions: [{ issueId: 'i1', decision }],
        reasons: 'Our reasons.',
        remedies:
          decision === 'not_upheld'
            ? []
            : [
                { type: 'apology' },
                ...(r() < 0.3
                  ? [
                      {
                        type: 'financial' as const,
                        amount: 50 + Math.floor(r() * 450),
                        description: 'Time and trouble',
                      },
                    ]
                  : []),
              ],
        outstandingActions: [],
      },
      at(respondOn, 15),
    )
    return respondOn
  }
  const answered1 = stage(1, receivedOn)
  if (!answered1) return events
  const escalateOn = wd(answered1, 3 + Math.floor(r() * 15))
  if (r() < 0.15 && happened(escalateOn)) {
    add({ type: 'complaint.escalation_requested', policyVersion: 1 }, at(escalateOn, 9))
    const answered2 = stage(2, escalateOn)
    if (answered2) add({ type: 'complaint.closed' }, at(answered2, 16))
  } else if (happened(escalateOn)) add({ type: 'complaint.closed' }, at(escalateOn, 16))
  return events
}

/**
 * Complaints written straight into the tables (not through HTTP), each with its whole history
 * as events, its projection row and its report facts, worked out by the same domain code the
 * service runs: spread evenly from April 2021 (or `from`) to the day before today (or `today`).
 */
export async function bulkLoad(
  database: Database,
  count: number,
  by: string,
  dates: { from?: CalendarDate; today?: CalendarDate } = {},
) {
  const calendar = await createServices({ db: database.db, clock: systemClock, config }).calendar.current()
  const today = dates.today ?? londonDateOf(new Date())
  const start = Date.parse(`${dates.from ?? '2021-04-01'}T00:00:00Z`)
  const span = Date.parse(`${today}T00:00:00Z`) - start - 86_400_000
  const policyOf = () => defaultPolicy
  for (let offset = 0; offset < count; offset += 1000) {
    const projections: ComplaintRow[] = []
    const eventRows: EventRow[] = []
    const facts: { complaintId: string; facts: ReturnType<typeof reportFacts> }[] = []
    const register: { complaintId: string; rows: ReturnType<typeof registerRowsOf> }[] = []
    for (let i = offset; i < Math.min(count, offset + 1000); i++) {
      const receivedOn = new Date(start + Math.floor((i / count) * span))
        .toISOString()
        .slice(0, 10) as CalendarDate
      const id = randomUUID()
      const events: ComplaintEvent[] = history(i, receivedOn, today, calendar, by).map((e, n) => ({
        ...e.data,
        seq: n + 1,
        at: e.at,
        recordedAt: e.at,
        by,
      }))
      const c = foldComplaint(id, events)
      const last = events[events.length - 1]?.at ?? new Date()
      projections.push(
        projectionOf(
          c,
          complaintDeadlines(c, policyOf, calendar, today),
          last,
          undefined,
          remediesOf(c, calendar, today),
        ),
      )
      facts.push({ complaintId: id, facts: reportFacts(c, policyOf, calendar, today) })
      register.push({ complaintId: id, rows: registerRowsOf(c) })
      for (const e of events) {
        const { seq, at: when, recordedAt, by: _by, type, ...data } = e
        eventRows.push({
          complaint_id: id,
          seq,
          type,
          at: when,
          recorded_at: recordedAt,
          actor_id: by,
          data: JSON.stringify(data),
        })
      }
    }
    await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('complaints').values(projections.map(toColumns)).execute()
      for (let i = 0; i < eventRows.length; i += 4000)
        await trx
          .insertInto('complaint_events')
          .values(eventRows.slice(i, i + 4000))
          .execute()
      await insertFacts(trx, facts)
      await insertRegisterRows(trx, register)
    })
    if (offset % 100_000 === 0 && offset && !dates.today)
      console.error(`  … ${offset.toLocaleString('en-GB')} complaints loaded`)
  }
  if (!dates.today) await sql`vacuum analyze`.execute(database.db)
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

async function timed(runs: number, f: () => Promise<unknown>) {
  await f()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const s = performance.now()
    await f()
    times.push(performance.now() - s)
  }
  return times.sort((a, b) => a - b)
}

/**
 * The governance reports and the lists at scale (issue: governance reporting): the TSM for a
 * year, the board pack for a quarter and a year, the dashboard and the case list's first pages,
 * on a database holding `size` complaints with their events.
 */
export async function benchReports(kind: 'pglite' | 'postgres', url: string | undefined, size: number) {
  const dir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'bench-reports-')) : undefined
  const database = kind === 'postgres' && url ? await postgresDatabase(url) : await openPGlite(dir as string)
  const label = kind === 'postgres' ? 'PostgreSQL' : 'PGlite'
  const n = `${(size / 1_000_000).toLocaleString('en-GB')}M`
  try {
    await prepareDatabase(database.db, systemClock)
    const services = createServices({ db: database.db, clock: systemClock, config })
    const user = await services.staffAccounts.create(
      { email: 'bench@example.org', name: 'Bench', role: 'admin', password: 'speedy measuring 123' },
      null,
    )
    const { token } = await services.authentication.issueApiToken('bench@example.org', 'speedy measuring 123')
    console.error(`Loading ${size.toLocaleString('en-GB')} complaints into ${label}…`)
    const loadStart = performance.now()
    await bulkLoad(database, size, user.id)
    const loadSeconds = (performance.now() - loadStart) / 1000
    const rows = async (table: 'complaint_events' | 'report_facts') =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select(({ fn }) => fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const [eventCount, factCount] = [await rows('complaint_events'), await rows('report_facts')]
    const { app, base } = await servedBenchApp(database, services)
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
      return res.json()
    }
    const year = Number(londonDateOf(new Date()).slice(0, 4)) - 2
    const quarter = periodOf({ period: `${year}-Q3` })
    const wholeYear = periodOf({ period: String(year) })
    if (!quarter || !wholeYear) throw new Error('no period')
    const tsm = (await get(`/api/v1/reports/tsm?year=${year}`)) as { lcra: { stage1Received: number } }
    const results: BenchResult[] = [
      {
        name: `bulk load ${n} complaints with their events (${label})`,
        value: Math.round(loadSeconds),
        unit: 's',
      },
      { name: `  events loaded (${label})`, value: eventCount, unit: 'events' },
      { name: `  report facts loaded (${label})`, value: factCount, unit: 'facts' },
      {
        name: `  of which LCRA stage 1 received in ${year}/${String(year + 1).slice(2)} (${label})`,
        value: tsm.lcra.stage1Received,
        unit: 'complaints',
      },
    ]
    // The targets are set for PostgreSQL; the embedded database's figures are printed beside them.
    const target = (t: string, ok: boolean) =>
      kind === 'postgres' ? { target: t, ok } : { target: `(${t} is PostgreSQL's target)` }
    const report = async (name: string, f: () => Promise<unknown>) => {
      const times = await timed(5, f)
      const worst = Math.round(times[times.length - 1] ?? 0)
      results.push({
        name: `${name}, ${n} (${label})`,
        value: worst,
        unit: 'ms',
        ...target('≤ 2,000 ms', worst <= 2000),
      })
    }
    const list = async (name: string, f: () => Promise<unknown>) => {
      const times = await timed(60, f)
      const p95 = Math.round(percentile(times, 95))
      results.push({
        name: `${name} p95, ${n} (${label})`,
        value: p95,
        unit: 'ms',
        ...target('≤ 50 ms', p95 <= 50),
      })
    }
    await report(`TSM for ${year}/${String(year + 1).slice(2)}`, () =>
      get(`/api/v1/reports/tsm?year=${year}`),
    )
    await report('board pack, a quarter', () => services.boardPack.document(quarter))
    await report('board pack, a year', () => services.boardPack.document(wholeYear))
    await list('dashboard', () => services.complaints.dashboard())
    // The first page's total is the kept count (migration 0024): it must be every complaint loaded.
    const { total } = (await get('/api/v1/complaints')) as { total: number }
    if (total !== size)
      throw new Error(`The case list's total is ${total}, not the ${size} complaints loaded`)
    await list('case list, first page', () => get('/api/v1/complaints'))
    await list('case list, open by due date', () =>
      get('/api/v1/complaints?state=received,stage1,stage2&sort=due'),
    )
    await app.close()
    return results
  } finally {
    await database.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
}
