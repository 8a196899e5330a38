import { describe, expect, it } from 'vitest'
import { complaintIn, ctx, historyOf, provisionsOf, received } from '../../../test/complaintHistories.js'
import { decidePostalAddress } from '../complaints/decisions/record.js'
import type { ComplaintEventData } from '../complaints/events.js'
import {
  addressLines,
  formatPostcode,
  missingAddressText,
  postalAddressOf,
  postedTo,
} from './postalAddress.js'

describe('a postal address for a window envelope', () => {
  it.each([
    ['ls1 4ap', 'LS1 4AP'],
    ['LS14AP', 'LS1 4AP'],
    [' sw1a  1aa ', 'SW1A 1AA'],
    ['M1 1AE', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['not a postcode', undefined],
    ['LS1', undefined],
  ])('formats the postcode %j as %j', (typed, expected) => {
    expect(formatPostcode(typed)).toBe(expected)
  })

  it('reads an address typed on lines or with commas, the postcode once and last', () => {
    expect(addressLines('Flat 3, Oak House\n12 Elm Road\n\n  Leeds  ', 'ls2 9zz')).toEqual([
      'Flat 3, Oak House',
      '12 Elm Road',
      'Leeds',
      'LS2 9ZZ',
    ])
    expect(addressLines('12 Elm Road, Leeds,, LS2 9ZZ', 'LS2 9ZZ')).toEqual([
      '12 Elm Road',
      'Leeds',
      'LS2 9ZZ',
    ])
    expect(addressLines('1 High Street\nLeeds\nLS1 4AP', 'LS1 4AP')).toEqual([
      '1 High Street',
      'Leeds',
      'LS1 4AP',
    ])
  })

  it('posts to the resident, or to the representative once consent is recorded (Code 1.3), and says what is missing', () => {
    const resident = { name: 'Asha Patel', address: '12 Elm Road, Leeds', postcode: 'LS2 9ZZ' }
    const representative = {
      name: 'Ravi Patel',
      relationship: 'son',
      consent: { given: false, how: 'not yet given', recordedAt: '' },
    }
    expect(postalAddressOf({ resident })).toEqual({
      ok: true,
      address: { name: 'Asha Patel', lines: ['12 Elm Road', 'Leeds', 'LS2 9ZZ'] },
    })
    // Until consent, letters still go to the resident.
    expect(postalAddressOf({ resident, representative }).ok).toBe(true)
    const acting = { ...representative, consent: { given: true, how: 'form', recordedAt: '' } }
    const missing = postalAddressOf({ resident, representative: acting })
    expect(missing).toEqual({
      ok: false,
      name: 'Ravi Patel',
      whose: 'representative',
      missing: ['address', 'postcode'],
    })
    if (!missing.ok)
      expect(missingAddressText(missing)).toBe(
        'Ravi Patel (the representative) has no postal address or postcode recorded',
      )
    expect(missingAddressText({ name: 'A', whose: 'resident', missing: ['postcode'] })).toBe(
      'A (the resident) has no postcode recorded',
    )
  })

  it('finds who a letter as issued was posted to, and nothing in a letter without an address', () => {
    const posted =
      'Test Homes\n1 High Street\n\nRavi Patel\n7 Birch Close\nHG1 2AB\n\n20 March 2026\n\nDear Ravi Patel,\n'
    expect(postedTo(posted)).toEqual(['Ravi Patel', '7 Birch Close', 'HG1 2AB'])
    expect(postedTo('Test Homes\n20 March 2026\n\nDear Ravi Patel,\n')).toBeUndefined()
  })

  it('records or corrects the address, refusing one it could not post to', () => {
    const c = complaintIn('stage1')
    expect(
      decidePostalAddress(
        c,
        { whose: 'resident', address: '12 Elm Road\nLeeds', postcode: 'ls2 9zz' },
        ctx(),
      ),
    ).toEqual({
      type: 'complaint.postal_address_recorded',
      whose: 'resident',
      address: '12 Elm Road\nLeeds',
      postcode: 'LS2 9ZZ',
    })
    expect(
      provisionsOf(() =>
        decidePostalAddress(c, { whose: 'representative', address: '', postcode: 'x' }, ctx()),
      ),
    ).toHaveLength(3)
    const after = historyOf([
      { ...received, resident: { name: 'Asha Patel' } } as ComplaintEventData,
      {
        type: 'complaint.postal_address_recorded',
        whose: 'resident',
        address: '12 Elm Road',
        postcode: 'LS2 9ZZ',
      },
    ])
    expect(postalAddressOf(after)).toMatchObject({ ok: true, address: { lines: ['12 Elm Road', 'LS2 9ZZ'] } })
  })
})
