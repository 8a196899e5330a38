import type { FastifyInstance } from 'fastify'
import type { KyselyPlugin } from 'kysely'
import { pino } from 'pino'
import { FixedClock } from '../src/clock.js'
import type { ImapConfig, SingleSignOnConfig } from '../src/config.js'
import type { Database } from '../src/db/database.js'
import type { JobRunner } from '../src/db/jobs/runner.js'
import type { StaffRole } from '../src/domain/staff/roles.js'
import { createJobs } from '../src/jobs/index.js'
import { createServices, type Services } from '../src/services/index.js'
import type { MailTransport } from '../src/services/mail/transport.js'
import { createMetrics, type Metrics } from '../src/services/operations/metrics.js'
import { buildApp } from '../src/web/app.js'
import { createTestDatabase } from './db.js'

/** The one fake clock every test tier starts from: a Monday morning in London. */
export const TEST_NOW = '2026-03-02T09:15:00Z'

export const testConfig = {
  env: 'test' as const,
  trustProxy: false,
  secureCookies: false,
  signIn: { maxAttempts: 5, lockoutMinutes: 15, ratePerMinute: 1000 },
  sessionHours: 12,
  apiTokenDays: 30,
  landlordName: 'Test Homes',
  mail: {
    smtpUrl: undefined as string | undefined,
    from: 'Test Homes <complaints@test-homes.example>',
    maxAttempts: 3,
  },
  publicUrl: 'http://complaints.test-homes.example',
  jobsPollSeconds: 10,
  // Tests that want the daily prompts set their own time; others never meet them.
  dailyPromptTime: { hour: 23, minute: 59 },
  housekeepingTime: { hour: 23, minute: 58 },
  contact: {
    phone: '0300 555 0123' as string | undefined,
    email: 'complaints@test-homes.example' as string | undefined,
  },
  metricsToken: undefined as string | undefined,
  singleSignOn: undefined as SingleSignOnConfig | undefined,
  localPasswords: true,
  retention: { years: 6 },
  webhooks: { retentionDays: 90 },
  // Most tests write a case's history after the fact, as an import of old records would; the
  // tests of recording late set the landlord's tolerance they test (2 working days by default).
  lateRecordingDays: 10_000,
  // Email in: tests of the inbox point this at the Dovecot they start (test/imapServer.ts).
  imap: undefined as ImapConfig | undefined,
}

export type TestApp = {
  app: FastifyInstance
  database: Database
  services: Services
  clock: FixedClock
  metrics: Metrics
  /** Creates a member of staff directly through the service; returns them with their password. */
  createStaff(role: StaffRole, email?: string): Promise<{ id: string; email: string; password: string }>
  /** The background job runner, run by hand in tests (`jobs.runDue()`). */
  jobs: JobRunner
  /** An API token for a new member of staff with the role. */
  tokenFor(role: StaffRole): Promise<string>
  close(): Promise<void>
}

let counter = 0

/** The real application over a real (test) database, driven with app.inject. */
export async function createTestApp(
  overrides: Partial<typeof testConfig> = {},
  options: { transport?: MailTransport; plugins?: KyselyPlugin[] } = {},
): Promise<TestApp> {
  const database = await createTestDatabase()
  const clock = new FixedClock(TEST_NOW)
  const config = { ...testConfig, ...overrides }
  // A test may watch every statement the services send (rowBudget.db.test.ts).
  const db = (options.plugins ?? []).reduce((d, plugin) => d.withPlugin(plugin), database.db)
  const services = createServices({ db, clock, config })
  const metrics = createMetrics({
    db: database.db,
    clock,
    connections: database.connections,
    ping: database.ping,
  })
  const app = await buildApp({
    config,
    database,
    services,
    clock,
    metrics,
    cookieSecret: 'a test cookie secret that is long enough',
    logger: pino({ level: 'silent' }),
  })
  await app.ready()

  const createStaff = async (role: StaffRole, email?: string) => {
    counter += 1
    const address = email ?? `${role}.${counter}@example.org`
    const password = `correct horse battery ${counter}`
    const m = await services.staffAccounts.create(
      { email: address, name: `Test ${role} ${counter}`, role, password },
      null,
    )
    return { id: m.id, email: m.email, password }
  }

  const jobs = createJobs({
    db: database.db,
    clock,
    config,
    transport: options.transport,
    calendar: services.calendar,
    onRun: metrics.jobRan,
    inbox: services.inbox,
  })

  return {
    app,
    database,
    services,
    clock,
    metrics,
    jobs,
    createStaff,
    async tokenFor(role) {
      const s = await createStaff(role)
      return (await services.authentication.issueApiToken(s.email, s.password)).token
    },
    async close() {
      await jobs.stop()
      await app.close()
      await database.close()
    },
  }
}
