/**
 * An email address as people type them: something@domain.tld, at most 254 characters. The
 * length is checked first, and the pattern is linear (no part can match the same characters
 * two ways), so however long or strange the input, checking it takes no time at all.
 */
const pattern = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/

export const MAX_EMAIL_LENGTH = 254

export function isEmailAddress(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && pattern.test(value)
}

/** An email address as compared: trimmed and in lower case (addresses are matched, never shown, this way). */
export function normaliseEmail(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .slice(0, MAX_EMAIL_LENGTH + 1)
}
