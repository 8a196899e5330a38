import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { jobsRepository } from '../../db/repositories/jobs.js'
import { residentPortalRepository } from '../../db/repositories/residentPortal.js'
import { signInAttemptsRepository } from '../../db/repositories/signInAttempts.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf, londonWallClockToInstant } from '../../domain/calendar/calendarDate.js'
import type { JobHandler, Scheduler } from '../../jobs/runner.js'
import { DRAFT_DAYS } from './onlineComplaints.js'

export const RESIDENT_HOUSEKEEPING_JOB = 'resident_housekeeping'

/** Once a day at the time configured, for the whole cluster (the job is unique by date). */
export function residentHousekeepingScheduler(deps: {
  db: Kysely<DB>
  time: { hour: number; minute: number }
}): Scheduler {
  return async (now) => {
    const today = londonDateOf(now)
    const at = londonWallClockToInstant(today, deps.time.hour, deps.time.minute)
    if (now < at) return
    await jobsRepository(deps.db).enqueue({
      kind: RESIDENT_HOUSEKEEPING_JOB,
      uniqueKey: `${RESIDENT_HOUSEKEEPING_JOB}:${today}`,
      payload: { today },
      runAt: at,
      now,
    })
  }
}

/**
 * UK GDPR storage limitation: online complaints never sent (and the marker of one sent) are
 * deleted 30 days after they were last touched; used or expired codes, ended sessions, old rate-limit
 * counts and staff sign-in attempts through the identity provider after a day.
 * Complaints, their events, letters and documents are never touched.
 */
export function residentHousekeepingJob(deps: { db: Kysely<DB>; clock: Clock }): JobHandler {
  return async () => {
    const now = deps.clock.now()
    const repo = residentPortalRepository(deps.db)
    await repo.deleteOldDrafts(new Date(now.getTime() - DRAFT_DAYS * 86_400_000))
    await repo.deleteExpired(now)
    await signInAttemptsRepository(deps.db).deleteStartedBefore(new Date(now.getTime() - 86_400_000))
  }
}
