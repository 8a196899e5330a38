import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import { auditLogRepository } from '../db/repositories/auditLog.js'
import { type UserRow, usersRepository } from '../db/repositories/users.js'
import type { DB } from '../db/schema.js'
import {
  attemptAllowed,
  type LockoutPolicy,
  lockedUntil,
  locksAccount,
} from '../domain/staff/signInLockout.js'
import { verifyAgainstNothing, verifyPassword } from './passwordHashing.js'

export type PasswordCheck = 'correct' | 'wrong' | 'locked'

/**
 * Checks a member of staff's password — at sign-in, for an API token, or to change it — under
 * one lockout: each attempt is counted before its password is checked, so however many arrive
 * at once, the attempt after the limit is refused and locks the account.
 */
export function passwordChecker(deps: { db: Kysely<DB>; clock: Clock; lockout: LockoutPolicy }) {
  const { db, clock, lockout } = deps
  const users = usersRepository(db)

  async function lock(user: UserRow, now: Date) {
    const until = lockedUntil(lockout, now)
    await db.transaction().execute(async (trx) => {
      await usersRepository(trx).lockSignIn(user.id, until)
      // The person is told by email once the service sends mail; the audit log keeps it now.
      await auditLogRepository(trx).record({
        at: now,
        actorId: null,
        action: 'user.locked',
        subjectId: user.id,
        details: { until: until.toISOString() },
      })
    })
  }

  return async function checkPassword(user: UserRow, password: string): Promise<PasswordCheck> {
    const now = clock.now()
    const attempt = await users.claimSignInAttempt(user.id, now)
    if (attempt === undefined) {
      await verifyAgainstNothing(password)
      return 'locked'
    }
    if (!attemptAllowed(attempt, lockout)) {
      await verifyAgainstNothing(password)
      await lock(user, now)
      return 'locked'
    }
    if (await verifyPassword(user.passwordHash, password)) {
      await users.clearSignInFailures(user.id)
      return 'correct'
    }
    if (locksAccount(attempt, lockout)) await lock(user, now)
    return 'wrong'
  }
}
