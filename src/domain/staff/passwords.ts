/**
 * What makes a password acceptable, following NCSC guidance: length over complexity, no
 * forced composition rules, refuse the obvious.
 */
export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 200

const tooCommon = new Set([
  'password1234',
  'passwordpassword',
  '123456789012',
  'qwertyuiopas',
  'letmeinletmein',
  'welcome12345',
  'changeme1234',
])

/** Returns the reason the password is refused, in words a member of staff understands, or undefined. */
export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`
  if (password.length > MAX_PASSWORD_LENGTH)
    return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`
  if (tooCommon.has(password.toLowerCase()) || /^(.)\1+$/.test(password)) {
    return 'Password is too easy to guess; try three random words'
  }
  const name = email?.toLowerCase().split('@')[0] ?? ''
  if (name.length >= 4 && password.toLowerCase().includes(name)) {
    return 'Password must not contain your email address'
  }
  return undefined
}
