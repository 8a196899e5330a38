import { describe, expect, it } from 'vitest'
import { listedEntity, maySeeEntity } from './access.js'

const a = '00000000-0000-4000-8000-00000000000a'
const b = '00000000-0000-4000-8000-00000000000b'

describe('who may see which complaint', () => {
  it('lets an account of the whole group see every entity’s complaints', () => {
    expect(maySeeEntity({ entityId: null }, a)).toBe(true)
    expect(maySeeEntity({ entityId: null }, b)).toBe(true)
    expect(listedEntity({ entityId: null })).toBeUndefined()
    expect(listedEntity(undefined)).toBeUndefined()
  })

  it('lets an account limited to an entity see only that entity’s', () => {
    expect(maySeeEntity({ entityId: a }, a)).toBe(true)
    expect(maySeeEntity({ entityId: a }, b)).toBe(false)
    expect(listedEntity({ entityId: a })).toBe(a)
  })
})
