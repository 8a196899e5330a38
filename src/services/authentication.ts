import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import { auditLogRepository } from '../db/repositories/auditLog.js'
import { credentialsRepository } from '../db/repositories/credentials.js'
import { usersRepository } from '../db/repositories/users.js'
import type { DB } from '../db/schema.js'
import { permissionsOf } from '../domain/staff/roles.js'
import { afterFailedSignIn, isLocked, type LockoutPolicy } from '../domain/staff/signInLockout.js'
import { AppError } from '../errors.js'
import { verifyAgainstNothing, verifyPassword } from './passwordHashing.js'
import { type StaffMember, toStaffMember } from './staffAccounts.js'
import { hashToken, newToken } from './tokens.js'

export type SignedInStaff = StaffMember & { permissions: ReturnType<typeof permissionsOf> }

const withPermissions = (m: StaffMember): SignedInStaff => ({ ...m, permissions: permissionsOf(m.role) })

const wrongCredentials = () =>
  new AppError(401, 'wrong_credentials', 'Enter a correct email address and password')

function formatLondonTime(d: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d)
}

export function authenticationService(deps: {
  db: Kysely<DB>
  clock: Clock
  lockout: LockoutPolicy
  sessionHours: number
  apiTokenDays: number
}) {
  const { db, clock, lockout } = deps
  const users = usersRepository(db)
  const credentials = credentialsRepository(db)

  /** Checks an email and password, counting failures and locking the account after too many. */
  async function checkCredentials(email: string, password: string): Promise<StaffMember> {
    const user = await users.findByEmail(email)
    if (!user || user.disabledAt) {
      await verifyAgainstNothing(password)
      throw wrongCredentials()
    }
    const now = clock.now()
    if (isLocked(user.lockedUntil, now)) {
      throw new AppError(
        401,
        'account_locked',
        `This account is locked after too many failed sign-in attempts. Try again after ${formatLondonTime(
          user.lockedUntil as Date,
        )}, or ask an administrator to reset the password.`,
      )
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const outcome = afterFailedSignIn(user.failedSignInAttempts, lockout, now)
      await db.transaction().execute(async (trx) => {
        await usersRepository(trx).recordSignInOutcome(user.id, outcome.failedAttempts, outcome.lockedUntil)
        if (outcome.lockedUntil) {
          await auditLogRepository(trx).record({
            at: now,
            actorId: null,
            action: 'user.locked',
            subjectId: user.id,
            details: { until: outcome.lockedUntil.toISOString() },
          })
        }
      })
      throw wrongCredentials()
    }
    if (user.failedSignInAttempts > 0 || user.lockedUntil) await users.recordSignInOutcome(user.id, 0, null)
    return toStaffMember(user, clock.now())
  }

  async function staffFor(userId: string): Promise<SignedInStaff | undefined> {
    const user = await users.findById(userId)
    if (!user || user.disabledAt) return undefined
    return withPermissions(toStaffMember(user, clock.now()))
  }

  return {
    /** Web sign-in: returns the session token for the cookie (only its hash is stored). */
    async signIn(email: string, password: string): Promise<{ sessionToken: string; staff: SignedInStaff }> {
      const staff = await checkCredentials(email, password)
      const token = newToken('ses')
      const now = clock.now()
      await credentials.insertSession({
        tokenHash: hashToken(token),
        userId: staff.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + deps.sessionHours * 3_600_000),
      })
      return { sessionToken: token, staff: withPermissions(staff) }
    },

    async staffForSession(sessionToken: string): Promise<SignedInStaff | undefined> {
      const now = clock.now()
      const tokenHash = hashToken(sessionToken)
      const session = await credentials.findLiveSession(tokenHash, now)
      if (!session) return undefined
      // Record activity at most once a minute rather than on every request.
      if (now.getTime() - session.lastSeenAt.getTime() > 60_000)
        await credentials.touchSession(tokenHash, now)
      return staffFor(session.userId)
    },

    async signOut(sessionToken: string): Promise<void> {
      await credentials.deleteSession(hashToken(sessionToken))
    },

    /** API sign-in: a bearer token for integrations (only its hash is stored). */
    async issueApiToken(email: string, password: string): Promise<{ token: string; expiresAt: Date }> {
      const staff = await checkCredentials(email, password)
      const token = newToken('cst')
      const now = clock.now()
      const expiresAt = new Date(now.getTime() + deps.apiTokenDays * 86_400_000)
      await credentials.insertApiToken({
        tokenHash: hashToken(token),
        userId: staff.id,
        createdAt: now,
        expiresAt,
      })
      return { token, expiresAt }
    },

    async staffForApiToken(token: string): Promise<SignedInStaff | undefined> {
      const now = clock.now()
      const found = await credentials.findLiveApiToken(hashToken(token), now)
      if (!found) return undefined
      if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > 60_000) {
        await credentials.touchApiToken(found.id, now)
      }
      return staffFor(found.userId)
    },
  }
}

export type AuthenticationService = ReturnType<typeof authenticationService>
