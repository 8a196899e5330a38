import { describe, expect, it } from 'vitest'
import { roleFromClaim } from './singleSignOn.js'

describe('roleFromClaim', () => {
  const map = { 'Complaints-Team': 'handler', 'Complaints-Leads': 'complaints_officer' } as const
  it.each([
    [['Complaints-Team'], 'handler'],
    [['Complaints-Team', 'Complaints-Leads'], 'complaints_officer'],
    [['board'], 'board'],
    ['handler admin', 'admin'],
    [['Finance'], undefined],
    [[], undefined],
    [undefined, undefined],
    [[42, { role: 'admin' }], undefined],
  ])('%j gives %s', (claim, role) => {
    expect(roleFromClaim(claim, map)).toBe(role)
  })
})
