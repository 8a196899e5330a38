import { describe, expect, it } from 'vitest'
import { likeLiteral } from './like.js'

describe('text for a LIKE pattern', () => {
  it.each([
    ['plain', 'plain'],
    ['50%', '50\\%'],
    ['a_b', 'a\\_b'],
    ['back\\slash', 'back\\\\slash'],
    ['%_\\', '\\%\\_\\\\'],
  ])('%s matches only itself', (text, escaped) => {
    expect(likeLiteral(text)).toBe(escaped)
  })
})
