import { describe, expect, it } from 'vitest'
import { emailProblem, type LandlordDetails, phoneProblem, setupChecklist } from './landlordDetails.js'

const bare: LandlordDetails = {
  name: 'Demo Housing Association',
  nameSet: false,
  address: [],
  logo: false,
  signature: 'The Complaints Team',
  signOffSet: false,
}

describe('the first day’s checklist', () => {
  it('asks for everything on a new installation, and nothing once each is set', () => {
    expect(
      setupChecklist(bare)
        .filter((i) => !i.done)
        .map((i) => i.key),
    ).toEqual(['name', 'address', 'phone', 'email', 'logo', 'signOff'])
    const set: LandlordDetails = {
      name: 'Riverside Homes',
      nameSet: true,
      address: ['1 High Street', 'Leeds', 'LS1 4AP'],
      phone: '0113 496 0000',
      email: 'complaints@riverside.example',
      logo: true,
      signature: 'The Complaints Team',
      signOffSet: true,
    }
    expect(setupChecklist(set).every((i) => i.done)).toBe(true)
    expect(
      setupChecklist({ ...set, phone: undefined })
        .filter((i) => !i.done)
        .map((i) => i.key),
    ).toEqual(['phone'])
  })

  it.each([
    ['0113 496 0000', undefined],
    ['+44 (0)113 496 0000', undefined],
    ['0800-123-4567', undefined],
    ['12345', 'Enter a phone number, like 0113 496 0000'],
    ['call us', 'Enter a phone number, like 0113 496 0000'],
  ])('phone %j', (phone, problem) => {
    expect(phoneProblem(phone)).toBe(problem)
  })

  it('checks an email address', () => {
    expect(emailProblem('complaints@riverside.example')).toBeUndefined()
    expect(emailProblem('complaints at riverside')).toMatch(/correct format/)
  })
})
