import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Clock } from '../../clock.js'
import { jobsRepository } from '../repositories/jobs.js'
import type { DB } from '../schema.js'

/** What a job is told when it runs: which attempt this is, so the last one can give up well. */
export type JobContext = { attempt: number; maxAttempts: number; now: Date }
export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>
/** Work that is due now and then: each tick may schedule jobs (once per cluster, by unique key). */
export type Scheduler = (now: Date) => Promise<void>
/** Told of every run, for the metrics. */
export type JobObserver = (kind: string, outcome: 'done' | 'retry' | 'gave_up', seconds: number) => void

/** Waiting after the nth failed attempt: 30 seconds, doubling, at most 6 hours. */
export const backoffMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 6 * 3_600_000)

/**
 * Runs queued jobs on every instance, each job on exactly one: jobs are claimed with
 * FOR UPDATE SKIP LOCKED on PostgreSQL (and one at a time on the embedded database). A job that
 * fails is tried again later, with backoff, up to its maximum; a claim held by an instance that
 * died runs out and the job is taken up again.
 */
export function jobRunner(deps: {
  db: Kysely<DB>
  clock: Clock
  handlers: Record<string, JobHandler>
  schedulers?: Scheduler[]
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>
  pollSeconds?: number
  leaseMs?: number
  onRun?: JobObserver
  /** A kind's own wait after its nth failed attempt, where `backoffMs` does not suit it. */
  retryDelays?: Record<string, (attempt: number) => number>
}) {
  const repo = jobsRepository(deps.db)
  const leaseMs = deps.leaseMs ?? 5 * 60_000
  let timer: NodeJS.Timeout | undefined
  let running: Promise<number> | undefined
  let stopping = false

  /** Schedules what is due, then runs every due job until stopped; returns how many ran. */
  async function tick(): Promise<number> {
    if (stopping) return 0
    for (const schedule of deps.schedulers ?? []) await schedule(deps.clock.now())
    let ran = 0
    while (!stopping) {
      const claimed = await repo.claimDue(deps.clock.now(), 10, leaseMs)
      if (!claimed.length) return ran
      for (const [i, job] of claimed.entries()) {
        if (stopping) {
          // Stopping: what this instance claimed but never started goes back for another to take now.
          await repo.release(claimed.slice(i).map((j) => j.id))
          return ran
        }
        ran++
        const handler = deps.handlers[job.kind]
        const now = deps.clock.now()
        const started = performance.now()
        const finished = (outcome: 'done' | 'retry' | 'gave_up') =>
          deps.onRun?.(job.kind, outcome, (performance.now() - started) / 1000)
        try {
          if (!handler) throw new Error(`No handler for jobs of kind ${job.kind}`)
          await handler(job.payload, { attempt: job.attempts, maxAttempts: job.maxAttempts, now })
          await repo.done(job.id, deps.clock.now())
          finished('done')
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          if (job.attempts >= job.maxAttempts) {
            await repo.giveUp(job.id, deps.clock.now(), message)
            finished('gave_up')
            deps.logger?.error({ job: job.id, kind: job.kind, err: message }, 'job gave up')
          } else {
            const wait = (deps.retryDelays?.[job.kind] ?? backoffMs)(job.attempts)
            await repo.retryAt(job.id, new Date(now.getTime() + wait), message)
            finished('retry')
            deps.logger?.warn(
              { job: job.id, kind: job.kind, attempt: job.attempts, err: message },
              'job will be retried',
            )
          }
        }
      }
    }
    return ran
  }

  return {
    /** Runs one round now (tests call this; the timer calls it every poll). Rounds never overlap. */
    async runDue(): Promise<number> {
      while (running) await running.catch(() => undefined)
      running = tick()
      try {
        return await running
      } finally {
        running = undefined
      }
    },
    start() {
      const every = (deps.pollSeconds ?? 10) * 1000
      const loop = async () => {
        try {
          await this.runDue()
        } catch (error) {
          deps.logger?.error({ err: error }, 'job round failed')
        }
        timer = setTimeout(loop, every)
        timer.unref()
      }
      timer = setTimeout(loop, 1000)
      timer.unref()
    },
    /**
     * Starts no more jobs and waits for the one running. A job that never finishes keeps this
     * waiting: the caller bounds the wait, and the job's claim runs out for another instance.
     */
    async stop() {
      stopping = true
      if (timer) clearTimeout(timer)
      timer = undefined
      await running?.catch(() => undefined)
    },
  }
}

export type JobRunner = ReturnType<typeof jobRunner>
