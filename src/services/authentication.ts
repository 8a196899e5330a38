import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import { credentialsRepository } from '../db/repositories/credentials.js'
import { usersRepository } from '../db/repositories/users.js'
import type { DB } from '../db/schema.js'
import { permissionsOf } from '../domain/staff/roles.js'
import type { LockoutPolicy } from '../domain/staff/signInLockout.js'
import { AppError } from '../errors.js'
import type { MailMode } from './mail/letterDelivery.js'
import { passwordChecker } from './passwordCheck.js'
import { verifyAgainstNothing } from './passwordHashing.js'
import { type StaffMember, toStaffMember } from './staffAccounts.js'
import { hashToken, newToken } from './tokens.js'

export type SignedInStaff = StaffMember & { permissions: ReturnType<typeof permissionsOf> }

const withPermissions = (m: StaffMember): SignedInStaff => ({ ...m, permissions: permissionsOf(m.role) })

const wrongCredentials = () =>
  new AppError(401, 'wrong_credentials', 'Enter a correct email address and password')

export function authenticationService(deps: {
  db: Kysely<DB>
  clock: Clock
  lockout: LockoutPolicy
  mail: MailMode
  sessionHours: number
  apiTokenDays: number
}) {
  const { db, clock, lockout } = deps
  const users = usersRepository(db)
  const credentials = credentialsRepository(db)
  const checkPassword = passwordChecker({ db, clock, lockout, mail: deps.mail })

  /**
   * Checks an email and password, counting failures and locking the account after too many.
   * A locked account answers exactly as a wrong password or an unknown email does, so the
   * answer never tells anyone which addresses have accounts.
   */
  async function checkCredentials(email: string, password: string): Promise<StaffMember> {
    const user = await users.findByEmail(email)
    if (!user || user.disabledAt) {
      await verifyAgainstNothing(password)
      throw wrongCredentials()
    }
    if ((await checkPassword(user, password)) !== 'correct') throw wrongCredentials()
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
