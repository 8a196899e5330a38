import type { Kysely } from 'kysely'
import type { JobHandler, Scheduler } from '../../db/jobs/runner.js'
import { inboxRepository } from '../../db/repositories/inbox.js'
import { jobsRepository } from '../../db/repositories/jobs.js'
import type { DB } from '../../db/schema.js'
import type { InboxService } from './inbox.js'

export const INBOX_POLL_JOB = 'inbox_poll'

/**
 * Once every `pollSeconds` for the whole cluster: each interval has one job (unique by its
 * start), so however many instances schedule it, one reads the mailbox. A poll that fails is
 * not retried: the next interval's poll reads the same messages.
 */
export const inboxPollScheduler =
  (deps: { db: Kysely<DB>; pollSeconds: number }): Scheduler =>
  async (now) => {
    const every = deps.pollSeconds * 1000
    const start = new Date(Math.floor(now.getTime() / every) * every)
    await jobsRepository(deps.db).enqueue({
      kind: INBOX_POLL_JOB,
      uniqueKey: `${INBOX_POLL_JOB}:${start.toISOString()}`,
      runAt: start,
      now,
      maxAttempts: 1,
    })
  }

/** Reads the mailbox; the finished polls of more than a day ago are forgotten (one a minute adds up). */
export function inboxPollJob(deps: { db: Kysely<DB>; inbox: InboxService }): JobHandler {
  return async (_payload, ctx) => {
    await deps.inbox.poll()
    await inboxRepository(deps.db).forgetFinishedPolls(
      INBOX_POLL_JOB,
      new Date(ctx.now.getTime() - 86_400_000),
    )
  }
}
