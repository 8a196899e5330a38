import { FixedClock, systemClock } from './clock.js'
import { ConfigError, loadConfig } from './config.js'
import { serveBackups } from './db/backup.js'
import { type Database, openDatabase } from './db/database.js'
import { DataDirLockedError } from './db/dataDirLock.js'
import { instanceSecret } from './db/repositories/instanceSecrets.js'
import { londonDateOf } from './domain/calendar/calendarDate.js'
import { createJobs } from './jobs/index.js'
import { createLogger } from './logger.js'
import { bootstrapStaff, prepareDatabase } from './services/bootstrap.js'
import { seedDemoComplaints } from './services/demoComplaints.js'
import { seedDemoLearning } from './services/demoLearning.js'
import { createServices } from './services/index.js'
import { idleMemory } from './services/operations/idleMemory.js'
import { createMetrics } from './services/operations/metrics.js'
import { buildApp } from './web/app.js'

/** Composition root: configuration → database → services → HTTP. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
  const logger = createLogger(config.logLevel)
  const clock = systemClock

  let database: Database
  try {
    database = await openDatabase(config.database, (error) =>
      logger.warn({ err: error }, 'an idle database connection was lost; the pool opens a new one'),
    )
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
  logger.info(
    {
      database: database.kind,
      ...(config.database.kind === 'pglite' ? { dataDir: config.database.dataDir } : {}),
    },
    'database opened',
  )

  try {
    const applied = await prepareDatabase(database.db, clock)
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied')

    const boot = await bootstrapStaff(
      { db: database.db, clock },
      { admin: config.admin, demoData: config.demoData },
    )
    if (boot.adminCreated) logger.info('administrator created from ADMIN_EMAIL')
    if (boot.demoCredentials.length) printDemoCredentials(boot.demoCredentials, config.port)

    const cookieSecret =
      config.sessionSecret ?? (await instanceSecret(database.db, 'cookie-signing', clock.now()))
    const services = createServices({ db: database.db, clock, config })
    if (boot.demoCredentials.length) {
      const started = Date.now()
      try {
        const staff = await services.staffAccounts.list()
        // The demo's history is recorded as it happened, each step at its own time, on a clock of its own.
        const demoClock = new FixedClock(clock.now())
        const made = await seedDemoComplaints(
          createServices({ db: database.db, clock: demoClock, config }),
          staff,
          demoClock,
        )
        const learned = await seedDemoLearning(services, staff, londonDateOf(clock.now()))
        logger.info({ complaints: made, ...learned, ms: Date.now() - started }, 'demo complaints created')
      } catch (error) {
        // Demo data is a convenience: the service starts without it rather than not at all.
        logger.error({ err: error }, 'demo complaints could not all be created')
      }
    }
    const metrics = createMetrics({
      db: database.db,
      clock,
      connections: database.connections,
      ping: database.ping,
      processMetrics: true,
    })
    const app = await buildApp({ config, database, services, clock, metrics, cookieSecret, logger })
    // What a download or a heavy page left behind is given back once the server is quiet.
    const memory = idleMemory({ afterMs: 5_000, growthBytes: 32 << 20 })
    app.addHook('onRequest', async (_request, reply) => {
      memory.started()
      reply.raw.once('close', memory.finished)
    })
    // Background work (sending mail, the daily prompts): every instance polls, each job runs once.
    const jobs = createJobs({
      db: database.db,
      clock,
      config,
      logger,
      calendar: services.calendar,
      onRun: metrics.jobRan,
      inbox: services.inbox,
    })
    // The embedded database: `npm run cli -- backup` asks this process, which holds it.
    const backups =
      config.database.kind === 'pglite'
        ? await serveBackups(database, config.database.dataDir, logger)
        : undefined

    /**
     * SIGTERM (or SIGINT): take no new requests or jobs, and give those in flight
     * SHUTDOWN_TIMEOUT_SECONDS to finish. Then close the connections still open (a client
     * holding a request open, a keep-alive connection) and go; a job still running (waiting on
     * a mail server that does not answer) is left, and its claim runs out for another instance
     * to take it up. If closing the database hangs too, the process goes anyway, a little later.
     */
    let stopping = false
    const stop = async (signal: string) => {
      if (stopping) return
      stopping = true
      const seconds = config.shutdownTimeoutSeconds
      logger.info({ signal, seconds }, 'shutting down: finishing requests and jobs in flight')
      const last = setTimeout(
        () => {
          logger.error({ seconds: seconds + SHUTDOWN_CLOSING_SECONDS }, 'shutdown: still closing; exiting')
          process.exit(1)
        },
        (seconds + SHUTDOWN_CLOSING_SECONDS) * 1000,
      )
      last.unref()
      try {
        const drained = await finishesWithin(
          Promise.all([app.close(), jobs.stop(), backups?.close()]),
          seconds * 1000,
        )
        if (!drained) {
          logger.warn(
            { seconds },
            'shutdown: requests or a job still running; closing their connections (a job cut off is taken up again when its claim runs out)',
          )
          app.server.closeAllConnections()
        }
        memory.stop()
        await database.close()
        logger.info(drained ? 'stopped cleanly' : 'stopped, after cutting off what was still running')
        process.exit(0)
      } catch (error) {
        logger.error({ err: error }, 'error while shutting down')
        process.exit(1)
      }
    }
    process.once('SIGTERM', () => void stop('SIGTERM'))
    process.once('SIGINT', () => void stop('SIGINT'))

    await app.listen({ port: config.port, host: config.host })
    jobs.start()
    logger.info(
      { mail: config.mail.smtpUrl ? 'smtp' : 'outbox', pollSeconds: config.jobsPollSeconds },
      'background jobs started',
    )
  } catch (error) {
    logger.fatal({ err: error }, 'could not start')
    await database.close().catch(() => {})
    process.exit(1)
  }
}

/** How long closing the database may take after the drain before the process goes regardless. */
const SHUTDOWN_CLOSING_SECONDS = 5

/** True when `work` finishes within `ms`; false when the time runs out first (the work goes on). */
async function finishesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  const finished = work.then(() => true)
  // Should the work fail after the time has run out, nobody is waiting for it: not a crash.
  finished.catch(() => undefined)
  try {
    return await Promise.race([finished, late])
  } finally {
    clearTimeout(timer)
  }
}

function printDemoCredentials(
  creds: { name: string; email: string; role: string; password: string }[],
  port: number,
) {
  const width = Math.max(...creds.map((c) => c.email.length))
  const lines = [
    '',
    '  Demo staff accounts (shown once; reset a password with: npm run cli -- reset-password --email EMAIL)',
    '',
    ...creds.map((c) => `    ${c.email.padEnd(width)}  ${c.password}  ${c.role}`),
    '',
    `  Sign in at http://localhost:${port}/sign-in`,
    '',
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}

await main()
