import { benchCalendar } from './calendar.js'

/**
 * npm run bench: speed targets live here, never in timed unit tests. Prints a table and
 * exits non-zero when a target is missed.
 */
const results = [...benchCalendar()]
const width = Math.max(...results.map((r) => r.name.length))
console.log(`${'benchmark'.padEnd(width)}  ${'result'.padStart(14)}  target`)
for (const r of results) {
  const value = `${r.value.toLocaleString('en-GB')} ${r.unit}`
  const target = r.target ? `${r.target} ${r.ok ? 'met' : 'MISSED'}` : ''
  console.log(`${r.name.padEnd(width)}  ${value.padStart(14)}  ${target}`)
}
if (results.some((r) => r.ok === false)) process.exitCode = 1
