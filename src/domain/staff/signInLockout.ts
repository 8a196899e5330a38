export type LockoutPolicy = { maxAttempts: number; lockoutMinutes: number }

/**
 * What to do with the nth sign-in attempt since the last success or lockout, counted before
 * its password is checked: check it while within the limit; beyond it, the account is locked
 * without checking, however many attempts arrive at once.
 */
export function attemptAllowed(attempt: number, policy: LockoutPolicy): boolean {
  return attempt <= policy.maxAttempts
}

/** A failed attempt that reaches the limit locks the account. */
export function locksAccount(attempt: number, policy: LockoutPolicy): boolean {
  return attempt >= policy.maxAttempts
}

export function lockedUntil(policy: LockoutPolicy, now: Date): Date {
  return new Date(now.getTime() + policy.lockoutMinutes * 60_000)
}

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime()
}
