import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { dailyScheduler } from '../../db/jobs/daily.js'
import type { JobHandler, Scheduler } from '../../db/jobs/runner.js'
import { residentPortalRepository } from '../../db/repositories/residentPortal.js'
import { signInAttemptsRepository } from '../../db/repositories/signInAttempts.js'
import type { DB } from '../../db/schema.js'
import { DRAFT_DAYS } from './onlineComplaints.js'

export const RESIDENT_HOUSEKEEPING_JOB = 'resident_housekeeping'

/** Once a day at the time configured, for the whole cluster. */
export const residentHousekeepingScheduler = (deps: {
  db: Kysely<DB>
  time: { hour: number; minute: number }
}): Scheduler => dailyScheduler({ ...deps, kind: RESIDENT_HOUSEKEEPING_JOB })

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
