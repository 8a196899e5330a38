export type LockoutPolicy = { maxAttempts: number; lockoutMinutes: number }

/** After a failed sign-in: count it, and lock the account once the attempts reach the limit. */
export function afterFailedSignIn(
  failedAttempts: number,
  policy: LockoutPolicy,
  now: Date,
): { failedAttempts: number; lockedUntil: Date | null } {
  const attempts = failedAttempts + 1
  if (attempts < policy.maxAttempts) return { failedAttempts: attempts, lockedUntil: null }
  return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + policy.lockoutMinutes * 60_000) }
}

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime()
}
