import { describe, expect, it } from 'vitest'
import { listedEntity, maySeeEntity, reportedEntity, wholeGroupRefusal } from './access.js'

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

describe('which entity a report is for', () => {
  it('is the one asked, or the group’s, for an account of the whole group', () => {
    expect(reportedEntity({ entityId: null }, b)).toBe(b)
    expect(reportedEntity({ entityId: null }, '')).toBeUndefined()
    expect(reportedEntity({ entityId: null }, undefined)).toBeUndefined()
    expect(wholeGroupRefusal({ entityId: null }, 'North Homes')).toBeUndefined()
  })

  it('is always its own for an account limited to an entity, and a group-wide report is refused', () => {
    expect(reportedEntity({ entityId: a }, b)).toBe(a)
    expect(reportedEntity({ entityId: a }, undefined)).toBe(a)
    expect(wholeGroupRefusal({ entityId: a }, 'North Homes')).toBe(
      'Your account is limited to North Homes; this covers the whole group',
    )
  })
})
