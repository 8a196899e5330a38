import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../calendar/calendarDate.js'
import type { ContactMethod } from '../complaints/vocabulary.js'
import { describePersonEvent } from './history.js'
import {
  addressKeyOf,
  contactWarnings,
  foldPerson,
  nextReviewOn,
  type Person,
  type PersonEventData,
  type Restriction,
  representativesActing,
  restrictionInForce,
  reviewsDue,
} from './person.js'
import { restrictionLetterText } from './restrictionLetter.js'

const recorded: PersonEventData = {
  type: 'person.recorded',
  reference: 'RES-000001',
  details: { name: 'Asha Patel', address: '1 Tower Court\nLeeds', postcode: 'LS1 1AA' },
}
const person = (...more: PersonEventData[]): Person =>
  foldPerson(
    'p1',
    [recorded, ...more].map((d, i) => ({ ...d, seq: i + 1, at: new Date('2026-03-02T10:00:00Z'), by: 'u1' })),
  )
const restriction = (id: string, more: Partial<Restriction> = {}): Omit<Restriction, 'reviews'> => ({
  id,
  behaviour: 'Abusive calls to staff',
  evidence: 'Call logs of 3 and 5 March',
  scope: ['written_only'],
  restriction: 'Please write to us by letter or email.',
  equalityConsideration: 'No disability disclosed; reviewed with the resident’s support worker',
  approvedBy: 'lead-1',
  startsOn: '2026-03-10',
  reviewOn: '2026-06-10',
  endsOn: '2026-09-10',
  ...more,
})
const adjustment = (id: string, reviewOn: CalendarDate): PersonEventData => ({
  type: 'person.adjustment_agreed',
  adjustment: { id, kind: 'large_print', agreedOn: '2026-03-02', reviewOn },
})

describe('a resident record’s history', () => {
  it.each<[string, PersonEventData[], (p: Person) => unknown, unknown]>([
    [
      'details changed',
      [{ type: 'person.details_changed', details: { name: 'Asha P' }, preferences: { method: 'email' } }],
      (p) => [p.details.name, p.preferences.method],
      ['Asha P', 'email'],
    ],
    [
      'an adjustment reviewed, with a next date',
      [
        adjustment('a1', '2026-06-01'),
        {
          type: 'person.adjustment_reviewed',
          id: 'a1',
          on: '2026-05-01',
          note: 'Still needed',
          nextReviewOn: '2026-11-01',
        },
      ],
      (p) => [p.adjustments[0]?.reviewOn, p.adjustments[0]?.reviews],
      ['2026-11-01', [{ on: '2026-05-01', note: 'Still needed' }]],
    ],
    [
      'a restriction reviewed',
      [
        { type: 'person.restriction_imposed', restriction: restriction('r1') },
        {
          type: 'person.restriction_reviewed',
          id: 'r1',
          on: '2026-06-01',
          note: 'Calls continue',
          nextReviewOn: '2026-08-01',
        },
      ],
      (p) => p.restrictions[0]?.reviewOn,
      '2026-08-01',
    ],
    [
      'an entry ended, kept with its reason',
      [
        adjustment('a1', '2026-06-01'),
        { type: 'person.adjustment_ended', id: 'a1', reason: 'No longer needed' },
      ],
      (p) => [p.adjustments.length, p.ended.map((e) => [e.what, e.id, e.reason])],
      [0, [['adjustment', 'a1', 'No longer needed']]],
    ],
    [
      'merged from a duplicate, taking its live entries',
      [
        {
          type: 'person.merged_from',
          personId: 'p2',
          reference: 'RES-000002',
          representatives: [],
          vulnerabilities: [{ id: 'v1', kind: 'age', details: '92', disclosedOn: '2026-01-01' }],
          adjustments: [],
          restrictions: [],
        },
      ],
      (p) => [p.mergedFrom, p.vulnerabilities.map((v) => v.id)],
      [[{ personId: 'p2', reference: 'RES-000002' }], ['v1']],
    ],
    [
      'merged into another',
      [{ type: 'person.merged_into', personId: 'p2', reference: 'RES-000002' }],
      (p) => p.mergedInto,
      { personId: 'p2', reference: 'RES-000002' },
    ],
  ])('%s', (_what, more, read, expected) => {
    const p = person(...more)
    expect(read(p)).toEqual(expected)
    expect(p.version).toBe(more.length + 1)
  })

  it('needs to start with the record being made', () => {
    expect(() => foldPerson('p1', [])).toThrow('Resident record p1 has no recorded event')
  })
})

describe('what is in force on a day', () => {
  const r = { ...restriction('r1'), reviews: [] }
  it.each<[CalendarDate, boolean]>([
    ['2026-03-09', false],
    ['2026-03-10', true],
    ['2026-09-10', true],
    ['2026-09-11', false],
  ])('a restriction from 10 March to 10 September, on %s: %s', (today, inForce) => {
    expect(restrictionInForce(r, today)).toBe(inForce)
  })

  it.each<[CalendarDate, string[]]>([
    ['2026-04-30', ['Jo', 'Sam']],
    ['2026-05-01', ['Jo', 'Sam']],
    ['2026-05-02', ['Sam']],
  ])('representatives acting on %s (Code 1.3)', (today, names) => {
    const rep = (name: string, consentUntil?: CalendarDate) => ({
      id: name,
      name,
      relationship: 'daughter',
      consentHow: 'Signed form',
      consentFrom: '2026-01-01' as CalendarDate,
      ...(consentUntil ? { consentUntil } : {}),
    })
    expect(
      representativesActing({ representatives: [rep('Jo', '2026-05-01'), rep('Sam')] }, today).map(
        (x) => x.name,
      ),
    ).toEqual(names)
  })

  const p = person(
    adjustment('a1', '2026-06-01'),
    adjustment('a2', '2026-04-01'),
    { type: 'person.restriction_imposed', restriction: restriction('r1', { reviewOn: '2026-05-01' }) },
    {
      type: 'person.restriction_imposed',
      restriction: restriction('r2', {
        startsOn: '2025-01-01',
        endsOn: '2025-12-31',
        reviewOn: '2025-06-01',
      }),
    },
  )
  it.each<[CalendarDate, CalendarDate, string[]]>([
    ['2026-03-20', '2026-03-31', []],
    ['2026-03-20', '2026-04-01', ['a2']],
    ['2026-03-20', '2026-06-01', ['a2', 'r1', 'a1']],
    // Before it starts, a restriction is not in force, so not due for review.
    ['2026-03-01', '2026-06-01', ['a2', 'a1']],
  ])('reviews owed on %s by %s, earliest first (Code 5.10, 5.15)', (today, by, ids) => {
    expect(reviewsDue(p, today, by).map((x) => x.id)).toEqual(ids)
  })

  it('says the earliest review owed, or none', () => {
    expect(nextReviewOn(p, '2026-03-20')).toBe('2026-04-01')
    expect(nextReviewOn(person(), '2026-03-20')).toBeUndefined()
  })
})

describe('warnings before contact that a restriction in force would break (Code 5.14)', () => {
  const p = person({
    type: 'person.restriction_imposed',
    restriction: restriction('r1', { scope: ['written_only', 'no_visits'] }),
  })
  const written =
    'Code 5.14: Contact in writing only (letter or email) until 10 September 2026: Please write to us by letter or email.'
  const visits =
    'Code 5.14: No home visits by lone staff until 10 September 2026: Please write to us by letter or email.'
  it.each<[ContactMethod | undefined, CalendarDate, string[]]>([
    ['phone', '2026-03-20', [written]],
    ['visit', '2026-03-20', [written, visits]],
    ['email', '2026-03-20', []],
    ['letter', '2026-03-20', []],
    [undefined, '2026-03-20', [written, visits]],
    ['phone', '2026-09-11', []],
  ])('%s on %s', (method, today, warnings) => {
    expect(contactWarnings(p, method, today)).toEqual(warnings)
  })
})

describe('a home as a key for repeat complaints (Code 6.1)', () => {
  it.each<[{ address?: string; postcode?: string }, string | null]>([
    [{ address: '1 Tower Court, Leeds', postcode: 'ls1 1aa' }, 'LS11AA|1 tower court'],
    [{ address: '1  TOWER  Court\nLeeds', postcode: 'LS1 1AA' }, 'LS11AA|1 tower court'],
    [{ address: '1 Tower Court' }, null],
    [{ postcode: 'LS1 1AA' }, null],
    [{}, null],
  ])('%j is %j', (r, key) => {
    expect(addressKeyOf(r)).toBe(key)
  })
})

describe('the record’s history in words, sensitive details only when asked for', () => {
  it.each<[PersonEventData, boolean, { label: string; detail: string[] }]>([
    [recorded, false, { label: 'Resident record created', detail: ['Asha Patel'] }],
    [
      {
        type: 'person.vulnerability_recorded',
        vulnerability: { id: 'v1', kind: 'mental_health', details: 'Anxiety', disclosedOn: '2026-03-02' },
      },
      false,
      { label: 'Vulnerability or disability recorded', detail: ['Shown on the vulnerabilities page'] },
    ],
    [
      {
        type: 'person.vulnerability_recorded',
        vulnerability: { id: 'v1', kind: 'mental_health', details: 'Anxiety', disclosedOn: '2026-03-02' },
      },
      true,
      { label: 'Vulnerability or disability recorded', detail: ['Anxiety'] },
    ],
    [
      { type: 'person.vulnerability_ended', id: 'v1', reason: 'Recovered' },
      false,
      { label: 'Vulnerability ended', detail: [] },
    ],
    [
      { type: 'person.vulnerability_ended', id: 'v1', reason: 'Recovered' },
      true,
      { label: 'Vulnerability ended', detail: ['Recovered'] },
    ],
    [
      { type: 'person.representative_ended', id: 'x', reason: 'Consent withdrawn' },
      false,
      { label: 'Representative ended', detail: ['Consent withdrawn'] },
    ],
    [
      adjustment('a1', '2026-06-01'),
      false,
      { label: 'Adjustment agreed: Letters in large print', detail: ['Review by 1 June 2026'] },
    ],
    [
      { type: 'person.restriction_imposed', restriction: restriction('r1') },
      false,
      {
        label: 'Contact restricted (Code 5.14)',
        detail: [
          'Please write to us by letter or email.',
          'From 10 March 2026 to 10 September 2026; review by 10 June 2026',
        ],
      },
    ],
    [
      { type: 'person.adjustment_reviewed', id: 'a1', on: '2026-05-01', note: 'Still needed' },
      false,
      { label: 'Adjustment reviewed', detail: ['Still needed'] },
    ],
    [
      { type: 'person.merged_into', personId: 'p2', reference: 'RES-000002' },
      false,
      { label: 'Merged into RES-000002', detail: [] },
    ],
  ])('%j (sensitive shown: %s)', (e, withSensitive, words) => {
    expect(describePersonEvent(e, withSensitive)).toEqual(words)
  })
})

describe('the letter telling a resident their contact is restricted (Code 5.14–5.15)', () => {
  const p = person()
  const r = { ...restriction('r1', { scope: ['written_only', 'set_times'] }), reviews: [] }
  const letter = restrictionLetterText(p, r, 'Test Homes', '2026-03-09')
  it.each([
    'Test Homes\n\nAsha Patel\n1 Tower Court\nLeeds\nLS1 1AA\n\nMonday 9 March 2026',
    'Our reference: RES-000001',
    'from Tuesday 10 March 2026, we are changing how we keep in touch with you',
    'Why\n\nAbusive calls to staff\n',
    '  - Contact in writing only (letter or email)\n  - Phone contact only at set times',
    'This will last until Thursday 10 September 2026 at the latest. We will review it by Wednesday 10 June 2026',
    'contact the Housing Ombudsman Service on 0300 111 3000 or at www.housing-ombudsman.org.uk',
  ])('says %j', (words) => {
    expect(letter).toContain(words)
  })
})
