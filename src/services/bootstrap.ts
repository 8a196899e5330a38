import { type Kysely, sql } from 'kysely'
import type { Clock } from '../clock.js'
import { migrate } from '../db/migrate.js'
import { auditLogRepository } from '../db/repositories/auditLog.js'
import { usersRepository } from '../db/repositories/users.js'
import type { DB } from '../db/schema.js'
import { passwordProblem } from '../domain/staff/passwords.js'
import type { StaffRole } from '../domain/staff/roles.js'
import { calendarService } from './calendar.js'
import { refreshHazardClocksOnce } from './hazards/upgrade.js'
import { calendarListeners } from './index.js'
import { hashPassword } from './passwordHashing.js'
import { linkResidentRecordsOnce } from './people/upgrade.js'
import { policyService } from './policy.js'
import { countRemediesOwedOnce } from './remedies/upgrade.js'
import { deriveReportFactsOnce } from './reports/facts.js'
import { generatePassword } from './staffAccounts.js'

/**
 * Brings a database up to date for this version of the service: its migrations, then the
 * shipped gov.uk bank holidays if it has none yet. Returns the migrations it applied.
 */
export async function prepareDatabase(db: Kysely<DB>, clock: Clock): Promise<string[]> {
  const applied = await migrate(db)
  const calendar = calendarService({ db, clock, listeners: calendarListeners })
  await calendar.ensureBankHolidays()
  await countRemediesOwedOnce({ db, clock, calendar })
  await deriveReportFactsOnce({ db, clock, calendar, policy: policyService({ db, clock }) })
  await linkResidentRecordsOnce({ db })
  await refreshHazardClocksOnce({ db, clock, calendar })
  return applied
}

export const demoStaff: { name: string; email: string; role: StaffRole }[] = [
  { name: 'Amira Okafor', email: 'admin@example.org', role: 'admin' },
  { name: 'Priya Shah', email: 'priya.shah@example.org', role: 'complaints_officer' },
  { name: 'Tom Hughes', email: 'tom.hughes@example.org', role: 'handler' },
  { name: 'Grace Adeyemi', email: 'grace.adeyemi@example.org', role: 'handler' },
  { name: 'Daniel Morris', email: 'daniel.morris@example.org', role: 'handler' },
  { name: 'Helen Carter', email: 'helen.carter@example.org', role: 'senior_lead' },
  { name: 'Robert Lewis', email: 'robert.lewis@example.org', role: 'board' },
]

export type BootstrapResult = {
  adminCreated: string | undefined
  demoCredentials: { name: string; email: string; role: StaffRole; password: string }[]
}

const BOOTSTRAP_LOCK = 7_301_124_002

/**
 * On an empty database: the administrator from ADMIN_EMAIL/ADMIN_PASSWORD, and in demo mode
 * the demo staff with fresh random passwords (returned, to be shown once). Runs under an
 * advisory lock so instances starting together create each account once.
 */
export async function bootstrapStaff(
  deps: { db: Kysely<DB>; clock: Clock },
  options: { admin?: { email: string; password: string }; demoData: boolean },
): Promise<BootstrapResult> {
  const result: BootstrapResult = { adminCreated: undefined, demoCredentials: [] }
  if (options.admin) {
    const weak = passwordProblem(options.admin.password, options.admin.email)
    if (weak) throw new Error(`ADMIN_PASSWORD is not acceptable: ${weak}`)
  }
  const toCreate = [
    ...(options.admin
      ? [
          {
            name: 'Administrator',
            email: options.admin.email,
            role: 'admin' as const,
            password: options.admin.password,
          },
        ]
      : []),
    ...(options.demoData
      ? demoStaff
          .filter((d) => d.email.toLowerCase() !== options.admin?.email.toLowerCase())
          .map((d) => ({ ...d, password: generatePassword() }))
      : []),
  ]
  if (toCreate.length === 0) return result
  if ((await usersRepository(deps.db).count()) > 0) return result
  const hashed = await Promise.all(
    toCreate.map(async (u) => ({ ...u, passwordHash: await hashPassword(u.password) })),
  )

  await deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(trx)
    const users = usersRepository(trx)
    if ((await users.count()) > 0) return
    const now = deps.clock.now()
    for (const u of hashed) {
      const created = await users.insert({ ...u, createdAt: now, createdBy: null })
      await auditLogRepository(trx).record({
        at: now,
        actorId: null,
        action: 'user.created',
        subjectId: created.id,
        details: { role: u.role, by: options.admin?.email === u.email ? 'ADMIN_EMAIL' : 'demo data' },
      })
    }
    result.adminCreated = options.admin?.email
    result.demoCredentials = toCreate
      .filter((u) => u.email !== options.admin?.email)
      .map(({ name, email, role, password }) => ({ name, email, role, password }))
  })
  return result
}
