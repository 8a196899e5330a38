import { describe, expect, it } from 'vitest'
import { WorkflowError } from '../rules.js'
import { decideEntityDetails, entityName, reportLandlordName } from './entity.js'

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

describe('reportLandlordName (issue 34: whom a report is for)', () => {
  const north = { id: 'n', name: 'North Homes', rpNumber: 'L0001' }
  const main = { id: 'd' }
  it('names one landlord with its registered provider number, and the group by every landlord', () => {
    expect(reportLandlordName([main, north], 'Test Homes', 'n')).toBe(
      'North Homes (registered provider L0001)',
    )
    expect(reportLandlordName([main, north], 'Test Homes', 'd')).toBe('Test Homes')
    expect(reportLandlordName([main, north], 'Test Homes')).toBe('The group: Test Homes, North Homes')
  })
  it('names an installation with one landlord as before there were entities', () => {
    expect(reportLandlordName([{ id: 'd', rpNumber: 'L9' }], 'Test Homes')).toBe('Test Homes')
    expect(reportLandlordName([{ id: 'd', rpNumber: 'L9' }], 'Test Homes', 'd')).toBe('Test Homes')
  })
})
