import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import { auditLogRepository } from '../db/repositories/auditLog.js'
import { type UserRow, usersRepository } from '../db/repositories/users.js'
import type { DB } from '../db/schema.js'
import { formatLondonTime } from '../domain/calendar/calendarDate.js'
import { letterHtml } from '../domain/letters/layout.js'
import {
  attemptAllowed,
  type LockoutPolicy,
  lockedUntil,
  locksAccount,
} from '../domain/staff/signInLockout.js'
import { type MailMode, queueMail } from './mail/letterDelivery.js'
import { verifyAgainstNothing, verifyPassword } from './passwordHashing.js'

export type PasswordCheck = 'correct' | 'wrong' | 'locked'

/**
 * Checks a member of staff's password — at sign-in, for an API token, or to change it — under
 * one lockout: each attempt is counted before its password is checked, so however many arrive
 * at once, the attempt after the limit is refused and locks the account.
 */
export function passwordChecker(deps: {
  db: Kysely<DB>
  clock: Clock
  lockout: LockoutPolicy
  mail: MailMode
}) {
  const { db, clock, lockout } = deps
  const users = usersRepository(db)

  async function lock(user: UserRow, now: Date) {
    const until = lockedUntil(lockout, now)
    await db.transaction().execute(async (trx) => {
      if (!(await usersRepository(trx).lockSignIn(user.id, until, now))) return
      // The sign-in page answers a locked account as a wrong password, so the real person is
      // told by email: it may be them mistyping, or someone guessing.
      const time = formatLondonTime(until)
      const text = [
        `Dear ${user.name},`,
        '',
        `Your account for the complaints service was locked after ${lockout.maxAttempts} wrong passwords in a row. It unlocks by itself at ${time} (UK time).`,
        '',
        'If this was you, wait until then, or ask an administrator to reset your password.',
        'If it was not you, someone may be trying to guess your password: tell your administrator now.',
      ].join('\n')
      await queueMail(trx, deps.mail, {
        kind: 'account_locked',
        toUserId: user.id,
        toAddress: user.email,
        subject: 'Your complaints service account is locked',
        textBody: text,
        htmlBody: letterHtml(`Complaints service\n\n${text}`),
        at: now,
      })
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
