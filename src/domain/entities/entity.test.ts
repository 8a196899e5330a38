import { describe, expect, it } from 'vitest'
import { WorkflowError } from '../rules.js'
import { decideEntityDetails, entityName } from './entity.js'

describe('a landlord entity’s details', () => {
  it('keeps what was given, tidied', () => {
    expect(
      decideEntityDetails(
        {
          name: ' North Homes ',
          rpNumber: 'l0001',
          address: ' North House \n\n Leeds ',
          phone: '0113 496 0000',
          email: 'a@north.example',
          website: 'https://north.example/complaints',
        },
        false,
      ),
    ).toEqual({
      name: 'North Homes',
      rpNumber: 'L0001',
      address: 'North House\nLeeds',
      phone: '0113 496 0000',
      email: 'a@north.example',
      website: 'https://north.example/complaints',
    })
  })

  it('refuses every slip at once; only the default may leave its name to the installation', () => {
    const refused = (() => {
      try {
        decideEntityDetails(
          { rpNumber: 'L 1', email: 'nope', website: 'javascript:alert(1)', phone: 'call us' },
          false,
        )
      } catch (e) {
        return e as WorkflowError
      }
    })()
    expect(refused).toBeInstanceOf(WorkflowError)
    expect(refused?.problems.map((p) => p.field)).toEqual(['name', 'rpNumber', 'phone', 'email', 'website'])
    expect(decideEntityDetails({}, true)).toEqual({})
    expect(entityName({ name: null }, 'Test Homes')).toBe('Test Homes')
    expect(entityName({ name: 'North Homes' }, 'Test Homes')).toBe('North Homes')
  })
})
