import type { Kysely } from 'kysely'
import { jobsRepository } from '../db/repositories/jobs.js'
import type { DB } from '../db/schema.js'
import { londonDateOf, londonWallClockToInstant } from '../domain/calendar/calendarDate.js'
import type { Scheduler } from './runner.js'

/** A job once a day at a London time, for the whole cluster (the job is unique by kind and date). */
export function dailyScheduler(deps: {
  db: Kysely<DB>
  kind: string
  time: { hour: number; minute: number }
}): Scheduler {
  return async (now) => {
    const today = londonDateOf(now)
    const at = londonWallClockToInstant(today, deps.time.hour, deps.time.minute)
    if (now < at) return
    await jobsRepository(deps.db).enqueue({
      kind: deps.kind,
      uniqueKey: `${deps.kind}:${today}`,
      payload: { today },
      runAt: at,
      now,
    })
  }
}
