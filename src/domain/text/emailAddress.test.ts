import { describe, expect, it } from 'vitest'
import { isEmailAddress } from './emailAddress.js'

describe('email addresses', () => {
  it('accepts ordinary addresses and refuses malformed ones', () => {
    for (const ok of ['asha@example.org', 'a.b+c@sub.example.co.uk', "o'neil@landlord.org.uk"])
      expect(isEmailAddress(ok)).toBe(true)
    for (const bad of [
      '',
      'asha',
      'asha@',
      '@example.org',
      'asha@example',
      'a b@example.org',
      'a@b..org',
      'a@.org',
    ])
      expect(isEmailAddress(bad)).toBe(false)
  })

  it('answers at once for hostile input that made the old pattern backtrack', () => {
    // The old /^[^\s@]+@[^\s@]+\.[^\s@]+$/ blocked for seconds on these (the test's own time
    // limit would catch a return of it); the length is checked first and the pattern is linear.
    expect(isEmailAddress(`a@${'a'.repeat(95_000)}`)).toBe(false)
    expect(isEmailAddress(`a@${'a'.repeat(200)}`)).toBe(false)
    expect(isEmailAddress(`a@${'a'.repeat(240)}.org`)).toBe(true)
  })
})
