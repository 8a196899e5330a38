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
  /** False when staff sign in only through the identity provider: every password is refused. */
  localPasswords?: boolean
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
    if (deps.localPasswords === false) {
      throw new AppError(
        401,
        'passwords_off',
        'Passwords are switched off here: sign in with your organisation account',
      )
    }
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

  async function startSession(staff: StaffMember): Promise<{ sessionToken: string; staff: SignedInStaff }> {
    const token = newToken('ses')
    const now = clock.now()
    await credentials.insertSession({
      tokenHash: hashToken(token),
      userId: staff.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + deps.sessionHours * 3_600_000),
    })
    return { sessionToken: token, staff: withPermissions(staff) }
  }

  async function apiTokenFor(staff: StaffMember): Promise<{ token: string; expiresAt: Date }> {
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
  }

  return {
    /** Web sign-in: returns the session token for the cookie (only its hash is stored). */
    async signIn(email: string, password: string): Promise<{ sessionToken: string; staff: SignedInStaff }> {
      return startSession(await checkCredentials(email, password))
    },

    /** A session for someone the identity provider vouched for (services/singleSignOn.ts). */
    startSession,

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
      return apiTokenFor(await checkCredentials(email, password))
    },

    /**
     * A token for an account, issued by an operator (the CLI), for integrations where passwords
     * are switched off. The account must exist and be switched on.
     */
    async issueApiTokenByOperator(email: string): Promise<{ token: string; expiresAt: Date }> {
      const user = await users.findByEmail(email)
      if (!user || user.disabledAt) {
        throw new AppError(404, 'not_found', `There is no active staff account for ${email}`)
      }
      return apiTokenFor(toStaffMember(user, clock.now()))
    },

    async staffForApiToken(token: string): Promise<SignedInStaff | undefined> {
      const now = clock.now()
      const found = await users.findByLiveApiToken(hashToken(token), now)
      if (!found || found.user.disabledAt) return undefined
      if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > 60_000) {
        await credentials.touchApiToken(found.tokenId, now)
      }
      return withPermissions(toStaffMember(found.user, now))
    },
  }
}

export type AuthenticationService = ReturnType<typeof authenticationService>
