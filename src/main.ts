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
    })
    // The embedded database: `npm run cli -- backup` asks this process, which holds it.
    const backups =
      config.database.kind === 'pglite'
        ? await serveBackups(database, config.database.dataDir, logger)
        : undefined

    let stopping = false
    const stop = async (signal: string) => {
      if (stopping) return
      stopping = true
      logger.info({ signal }, 'shutting down: finishing requests in flight')
      const force = setTimeout(() => {
        logger.error('shutdown took too long; exiting')
        process.exit(1)
      }, 15_000)
      force.unref()
      try {
        await app.close()
        memory.stop()
        await backups?.close()
        await jobs.stop()
        await database.close()
        logger.info('stopped cleanly')
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
