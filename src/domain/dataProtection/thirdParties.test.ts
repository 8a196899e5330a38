import { describe, expect, it } from 'vitest'
import { possibleNames, thirdPartyIndex } from './thirdParties.js'

describe('third-party names in a subject access request', () => {
  it('finds names in free text, but not the resident’s, nor sentence starts and places', () => {
    const text =
      'The Repair was booked. My neighbour Janet Lewis saw it. Mr Patel from the Housing Team called on Monday. Grace Obi rang.'
    expect(possibleNames(text, 'Grace Obi')).toEqual(['Janet Lewis', 'Mr Patel'])
  })

  it('lists each third party once with every file that names them', () => {
    const index = thirdPartyIndex(
      [
        {
          file: 'a.txt',
          known: [{ name: 'Sam Handler', why: 'member of staff' }],
          text: 'Janet Lewis again',
        },
        { file: 'b.txt', known: [], text: 'Sam Handler wrote to Janet Lewis' },
        { file: 'c.txt', known: [{ name: 'Grace Obi', why: 'representative' }], text: '' },
      ],
      'Grace Obi',
    )
    expect(index).toEqual([
      { name: 'Janet Lewis', why: 'possible name in text', files: ['a.txt', 'b.txt'] },
      { name: 'Sam Handler', why: 'member of staff', files: ['a.txt', 'b.txt'] },
    ])
  })
})
