import { describe, expect, it } from 'vitest'
import { withoutProvision } from './provisions.js'

describe('messages for residents name no provision of the Code', () => {
  it.each([
    ['Code 1.3: upload the resident’s signed letter or form', 'Upload the resident’s signed letter or form'],
    ['Code 3.2: say when it suits you to be called', 'Say when it suits you to be called'],
    ['Code 6.4, 6.15: the deadline has passed', 'The deadline has passed'],
    ['Code 8.1(a): published', 'Published'],
    ['You can ask for stage 2 (Code 6.10) at any time', 'You can ask for stage 2 at any time'],
    ['Enter your email address', 'Enter your email address'],
    ['The Housing Ombudsman Code is published online', 'The Housing Ombudsman Code is published online'],
  ])('%j', (message, expected) => {
    expect(withoutProvision(message)).toBe(expected)
  })
})
