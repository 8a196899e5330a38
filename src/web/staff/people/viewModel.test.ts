import { describe, expect, it } from 'vitest'
import { foldPerson } from '../../../domain/people/person.js'
import { RESTRICTION_REVIEW_MAX_MONTHS } from '../../../domain/people/vocabulary.js'
import { personHistory, personNotice, personPage, stepFormPage } from './viewModel.js'

const at = new Date('2026-03-02T09:00:00Z')
const { vulnerabilities: _hidden, ...person } = foldPerson('p1', [
  {
    type: 'person.recorded',
    reference: 'RES-000001',
    details: { name: 'Asha Patel', email: 'asha@example.com' },
    seq: 1,
    at,
    by: null,
  },
  {
    type: 'person.details_changed',
    details: { name: 'Asha Patel', email: 'asha@example.com' },
    preferences: { method: 'phone' },
    seq: 2,
    at,
    by: 's1',
  },
])
const names = new Map([['s1', 'Priya Shah']])

describe('the resident record page', () => {
  it('tells its history in words, with who did each thing: the service, a member of staff, or one who has left', () => {
    const history = personHistory(person.events, names)
    expect(history.map((h) => [h.by, h.words.label])).toEqual([
      ['the service', 'Resident record created'],
      ['Priya Shah', 'Contact details or preferences changed'],
    ])
    const left = person.events.map((e) => ({ ...e, by: 'gone' }))
    expect(personHistory(left, names)[1]?.by).toBe('a former member of staff')
  })

  it('says what was just done: a merge, a review, an end, or the step saved', () => {
    const steps = { details: 'Contact details and preferences saved.' }
    expect(personNotice('reviewed', steps)).toBe('Review recorded, with the next review date.')
    expect(personNotice('details', steps)).toBe('Contact details and preferences saved.')
    expect(personNotice(undefined, steps)).toBeUndefined()
    expect(personNotice('nonsense', steps)).toBeUndefined()
  })

  it('names who approved an entry, and whether this person may approve', () => {
    const m = personPage({ person }, { staffNames: names, stepNotices: {}, mayApprove: false })
    expect(m.approver('s1')).toBe('Priya Shah')
    expect(m.approver('s9')).toBe('a former member of staff')
    expect(m.mayApprove).toBe(false)
    expect(m.p.reference).toBe('RES-000001')
  })
})

describe('a change to the record, as a form', () => {
  const restriction = {
    step: 'restriction' as const,
    title: 'Restrict contact (Code 5.14)',
    dates: [
      { name: 'startsOn', label: 'the date it starts' },
      { name: 'reviewOn', label: 'the review date', months: RESTRICTION_REVIEW_MAX_MONTHS },
      { name: 'endsOn', label: 'the date it ends', optional: true },
    ],
  }

  it('starts each date on today, or months on, or blank when optional', () => {
    const m = stepFormPage(restriction, person, '2026-03-02')
    const day = (name: string) => m.dates[name]?.map((i) => i.value)
    expect(day('startsOn')).toEqual(['2', '3', '2026'])
    expect(day('reviewOn')).toEqual(['2', String(3 + RESTRICTION_REVIEW_MAX_MONTHS), '2026'])
    expect(day('endsOn')).toEqual(['', '', ''])
    expect(m.version).toBe(2)
  })

  it('shows the form as typed, with the dates in error marked and the scopes chosen ticked', () => {
    const body = {
      'startsOn-day': '31',
      'startsOn-month': '2',
      'startsOn-year': '2026',
      scope: ['written_only', 'set_times'],
    }
    const m = stepFormPage(restriction, person, '2026-03-02', body, {
      startsOn: 'The date it starts must be a real date',
    })
    expect(m.dates.startsOn?.[0]).toMatchObject({
      value: '31',
      classes: 'govuk-input--width-2 govuk-input--error',
    })
    expect(m.items.scope.filter((i) => i.checked).map((i) => i.value)).toEqual(['written_only', 'set_times'])
  })

  it('fills the contact details form with the record as it is', () => {
    const m = stepFormPage({ step: 'details', title: 'Change contact details' }, person, '2026-03-02')
    expect(m.v).toMatchObject({ name: 'Asha Patel', method: 'phone' })
    expect(m.items.method.find((i) => i.checked)?.value).toBe('phone')
  })
})
