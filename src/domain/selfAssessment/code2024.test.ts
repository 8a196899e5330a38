import { describe, expect, it } from 'vitest'
import { codeProvisions, codeSections } from './code2024.js'

/** The provisions the 2024 Code's self-assessment form lists, section by section. */
const expected = [
  ['1', 2, 6],
  ['2', 1, 5],
  ['3', 1, 7],
  ['4', 1, 3],
  ['5', 1, 15],
  ['6', 1, 20],
  ['7', 1, 4],
  ['8', 1, 5],
  ['9', 1, 8],
] as const

describe('the Code as data', () => {
  it('holds the 72 assessed provisions of the 2024 Code, 1.2 to 9.8, in order, each in its section', () => {
    const ids = expected.flatMap(([section, first, last]) =>
      Array.from({ length: last - first + 1 }, (_, i) => `${section}.${first + i}`),
    )
    expect(ids).toHaveLength(72)
    expect(codeProvisions.map((p) => p.id)).toEqual(ids)
    for (const p of codeProvisions) {
      expect(String(p.section)).toBe(p.id.split('.')[0])
      expect(p.requirement.length).toBeGreaterThan(40)
      expect(p.requirement).not.toMatch(/<[a-z]/)
    }
    expect(codeSections.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('quotes the Code’s words where the service leans on them', () => {
    const text = (id: string) => codeProvisions.find((p) => p.id === id)?.requirement
    expect(text('6.2')).toContain('within five working days of the complaint being received')
    expect(text('6.13')).toBe(
      'The person considering the complaint at stage 2 must not be the same person that considered the complaint at stage 1.',
    )
    expect(text('8.1')).toContain('a summary of the types of complaints the landlord has refused to accept')
  })
})
