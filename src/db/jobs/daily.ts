import type { Kysely } from 'kysely'
import {
  type CalendarDate,
  londonDateOf,
  londonWallClockToInstant,
} from '../../domain/calendar/calendarDate.js'
import { jobsRepository } from '../repositories/jobs.js'
import type { DB } from '../schema.js'
import type { Scheduler } from './runner.js'

/**
 * A job once a day at a London time, for the whole cluster (the job is unique by kind and date);
 * with `onlyOn`, only on the days it allows. Every instance schedules; the job runs once.
 */
export function dailyScheduler(deps: {
  db: Kysely<DB>
  kind: string
  time: { hour: number; minute: number }
  onlyOn?: (today: CalendarDate) => Promise<boolean>
}): Scheduler {
  return async (now) => {
    const today = londonDateOf(now)
    if (deps.onlyOn && !(await deps.onlyOn(today))) return
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
