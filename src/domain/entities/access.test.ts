import { describe, expect, it } from 'vitest'
import { listedEntity, maySeeEntity, maySeeRecord, reportedEntity, wholeGroupRefusal } from './access.js'

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

describe('who may see a record of several entities, or of none', () => {
  it('lets a limited account see a record of its own entity among others, never one of none', () => {
    expect(maySeeRecord({ entityId: a }, [a])).toBe(true)
    expect(maySeeRecord({ entityId: a }, [b, a])).toBe(true)
    expect(maySeeRecord({ entityId: a }, [b])).toBe(false)
    expect(maySeeRecord({ entityId: a }, [])).toBe(false)
  })

  it('lets an account of the whole group see every record, the group-wide ones too', () => {
    expect(maySeeRecord({ entityId: null }, [])).toBe(true)
    expect(maySeeRecord({ entityId: null }, [b])).toBe(true)
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
