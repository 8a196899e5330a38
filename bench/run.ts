import { benchCalendar } from './calendar.js'
import { benchComplaints } from './complaints.js'
import { benchIntake } from './intake.js'
import { benchPages } from './pages.js'
import { benchReports } from './reports.js'

/**
 * npm run bench [calendar|complaints|intake|reports|pages]: speed targets live here, never in timed unit tests.
 * Prints a table and exits non-zero when a target is missed. The complaint benchmarks run on
 * PGlite, and on PostgreSQL at BENCH_DATABASE_URL (default: the local server) when it answers.
 */
const only = process.argv[2]
const results = []
if (!only || only === 'calendar') results.push(...benchCalendar())
if (!only || only === 'complaints') {
  const size = Number(process.env.BENCH_COMPLAINTS ?? 100_000)
  results.push(...(await benchComplaints('pglite', undefined, size)))
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  try {
    results.push(...(await benchComplaints('postgres', url, size)))
  } catch (error) {
    console.error(`PostgreSQL benchmark skipped: ${(error as Error).message}`)
  }
}
if (!only || only === 'intake') {
  results.push(...(await benchIntake('pglite')))
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  try {
    results.push(...(await benchIntake('postgres', url)))
  } catch (error) {
    console.error(`PostgreSQL intake benchmark skipped: ${(error as Error).message}`)
  }
}
if (!only || only === 'reports') {
  // The governance reports and the lists at a million complaints (BENCH_REPORT_COMPLAINTS).
  const size = Number(process.env.BENCH_REPORT_COMPLAINTS ?? 1_000_000)
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  try {
    results.push(...(await benchReports('postgres', url, size)))
  } catch (error) {
    console.error(`PostgreSQL report benchmark skipped: ${(error as Error).message}`)
  }
  if (process.env.BENCH_SKIP_PGLITE !== '1') results.push(...(await benchReports('pglite', undefined, size)))
}
if (!only || only === 'pages') {
  // What people get, over HTTP from the real server: PostgreSQL at a million, PGlite at 200,000.
  const onPostgres = Number(process.env.BENCH_PAGES_COMPLAINTS ?? 1_000_000)
  const onPGlite = Number(process.env.BENCH_PAGES_PGLITE_COMPLAINTS ?? 200_000)
  if (process.env.BENCH_SKIP_POSTGRES !== '1') results.push(...(await benchPages('postgres', onPostgres)))
  if (process.env.BENCH_SKIP_PGLITE !== '1') results.push(...(await benchPages('pglite', onPGlite)))
}
const width = Math.max(...results.map((r) => r.name.length))
console.log(`${'benchmark'.padEnd(width)}  ${'result'.padStart(16)}  target`)
for (const r of results) {
  const value = `${r.value.toLocaleString('en-GB')} ${r.unit}`
  const target = r.target ? `${r.target}${r.ok === undefined ? '' : r.ok ? ' met' : ' MISSED'}` : ''
  console.log(`${r.name.padEnd(width)}  ${value.padStart(16)}  ${target}`)
}
if (results.some((r) => r.ok === false)) process.exitCode = 1
