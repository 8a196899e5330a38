import { describe, expect, it } from 'vitest'
import { letterChecklist, readingEase, staffNamesIn } from './templates.js'

describe('letter templates', () => {
  it('checks a letter against the Code’s list for its kind, and shows what is missing (6.9 a–g)', () => {
    const broken =
      'This is our response to your complaint at stage 1 of our complaints procedure.\nOur decision: your complaint is upheld.'
    const missing = letterChecklist('stage1_response', broken).filter((c) => !c.present)
    expect(missing.map((c) => c.item)).toEqual([
      'b. the complaint definition',
      'd. the reasons for the decisions',
      'e. the remedy offered to put things right',
      'f. details of any outstanding actions',
      'g. how to escalate to stage 2',
    ])
    expect(missing.every((c) => c.provision === '6.9')).toBe(true)
  })

  it('scores plain English higher than officialese', () => {
    const plain = 'We are sorry. We were slow to fix your roof. We will fix it this week.'
    const dense =
      'Notwithstanding the aforementioned considerations, the organisation acknowledges responsibility regarding the unsatisfactory administrative categorisation of maintenance.'
    expect(readingEase(plain)).toBeGreaterThan(80)
    expect(readingEase(dense)).toBeLessThan(20)
    expect(readingEase('Too short')).toBeUndefined()
  })

  it('finds staff names in free text', () => {
    expect(staffNamesIn('Please call Priya Shah on 0300 000 0000.', ['Priya Shah', 'Tom Reed'])).toEqual([
      'Priya Shah',
    ])
  })
})
