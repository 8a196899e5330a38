import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../calendar/calendarDate.js'
import { Problems, WorkflowError } from '../rules.js'

import {
  checkDetails,
  checkPreferences,
  decideAdjustment,
  decideDetails,
  decideEnd,
  decideMerge,
  decideRepresentative,
  decideRestriction,
  decideReview,
  decideVulnerability,
} from './decisions.js'
import { foldPerson, type Person, type PersonEventData } from './person.js'

const today = '2026-03-20' as CalendarDate
const ctx = { today, newId: () => 'new-1', actorId: 'u1' }
const person = (id = 'p1', ...more: PersonEventData[]): Person =>
  foldPerson(
    id,
    [
      { type: 'person.recorded', reference: `RES-${id}`, details: { name: 'Asha Patel' } } as PersonEventData,
      ...more,
    ].map((d, i) => ({ ...d, seq: i + 1, at: new Date('2026-03-02T10:00:00Z'), by: 'u1' })),
  )
const merged = person('p9', { type: 'person.merged_into', personId: 'p1', reference: 'RES-p1' })
/** Every problem a refusal names, field by field. */
const problems = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (error instanceof WorkflowError) return error.problems.map((p) => [p.field ?? '', p.message])
    throw error
  }
  throw new Error('expected a refusal')
}

describe('contact details and preferences', () => {
  it('keeps what was given, trimmed, the postcode in capitals, and nothing empty', () => {
    const p = new Problems()
    expect(
      checkDetails(
        {
          name: ' Asha Patel ',
          email: ' asha@example.org ',
          phone: ' ',
          postcode: 'ls1 1aa',
          address: '1 Tower Court',
        },
        p,
      ),
    ).toEqual({
      name: 'Asha Patel',
      email: 'asha@example.org',
      address: '1 Tower Court',
      postcode: 'LS1 1AA',
    })
    expect(p.list).toEqual([])
  })

  it.each<[string, Record<string, string>, string, [string, string][]]>([
    ['no name', { name: ' ' }, '', [['name', 'Enter the resident’s name']]],
    [
      'an email that is none',
      { name: 'A', email: 'asha' },
      '',
      [['email', 'Enter the email address like name@example.org']],
    ],
    [
      'a postcode that is none',
      { name: 'A', postcode: 'LS1' },
      '',
      [['postcode', 'Enter a real postcode, like SW1A 1AA']],
    ],
    [
      'fields of a service request, under its prefix',
      { name: '' },
      'resident.',
      [['resident.name', 'Enter the resident’s name']],
    ],
  ])('refuses %s', (_what, input, prefix, expected) => {
    const p = new Problems()
    checkDetails(input, p, prefix)
    expect(p.list.map((x) => [x.field, x.message])).toEqual(expected)
  })

  it.each<[Record<string, string>, [string, string][]]>([
    [
      { method: 'pigeon' },
      [['method', 'Choose how they prefer to hear from us: email, phone, letter, text_message']],
    ],
    [
      { format: 'scroll' },
      [['format', 'Choose the format for letters: standard, large_print, easy_read, braille']],
    ],
    [{ method: 'email', format: 'braille' }, []],
  ])('preferences %j', (input, expected) => {
    const p = new Problems()
    checkPreferences(input, p)
    expect(p.list.map((x) => [x.field, x.message])).toEqual(expected)
  })

  it('records both at once, and refuses a record merged into another', () => {
    expect(
      decideDetails(person(), { name: 'Asha', method: 'letter', interpreterLanguage: ' Gujarati ' }),
    ).toEqual({
      type: 'person.details_changed',
      details: { name: 'Asha' },
      preferences: { method: 'letter', interpreterLanguage: 'Gujarati' },
    })
    expect(problems(() => decideDetails(merged, { name: 'Asha' }))).toEqual([
      ['', 'This record was merged into RES-p1; make changes there'],
    ])
  })
})

describe('a representative (Code 1.3)', () => {
  it('is added with consent from today unless another day is given', () => {
    expect(decideRepresentative(person(), { name: 'Jo', consentHow: 'Signed form' }, ctx)).toEqual({
      type: 'person.representative_added',
      representative: {
        id: 'new-1',
        name: 'Jo',
        relationship: 'representative',
        consentHow: 'Signed form',
        consentFrom: '2026-03-20',
      },
    })
  })

  it.each<[string, Record<string, string>, [string, string][]]>([
    [
      'nothing',
      {},
      [
        ['name', 'Enter the representative’s name'],
        ['consentHow', 'Code 1.3: say how the resident gave their consent'],
      ],
    ],
    [
      'consent given in the future',
      { name: 'Jo', consentHow: 'Form', consentFrom: '2026-03-21' },
      [['consentFrom', 'Consent cannot be given in the future']],
    ],
    [
      'consent from a day that is none',
      { name: 'Jo', consentHow: 'Form', consentFrom: '2026-02-30' },
      [['consentFrom', 'The date consent was given must be a real date, YYYY-MM-DD']],
    ],
    [
      'consent ending before it was given',
      { name: 'Jo', consentHow: 'Form', consentFrom: '2026-03-01', consentUntil: '2026-02-28' },
      [['consentUntil', 'Consent cannot end before it was given']],
    ],
    [
      'an end that is no date',
      { name: 'Jo', consentHow: 'Form', consentUntil: 'soon' },
      [['consentUntil', 'The date consent ends must be a real date, YYYY-MM-DD']],
    ],
  ])('is refused with %s', (_what, input, expected) => {
    expect(problems(() => decideRepresentative(person(), input, ctx))).toEqual(expected)
  })
})

describe('a disclosed vulnerability', () => {
  it('is recorded as disclosed today unless another day is given', () => {
    expect(decideVulnerability(person(), { kind: 'age', details: ' 92 and hard of hearing ' }, ctx)).toEqual({
      type: 'person.vulnerability_recorded',
      vulnerability: {
        id: 'new-1',
        kind: 'age',
        details: '92 and hard of hearing',
        disclosedOn: '2026-03-20',
      },
    })
  })

  it.each<[string, Record<string, string>, [string, string][]]>([
    [
      'nothing',
      {},
      [
        [
          'kind',
          'Choose what was disclosed: physical_disability, mental_health, learning_disability, sensory_impairment, long_term_illness, age, domestic_abuse, other',
        ],
        ['details', 'Say what the resident disclosed and what it means for how we deal with them'],
      ],
    ],
    [
      'a disclosure in the future',
      { kind: 'age', details: 'x', disclosedOn: '2026-03-21' },
      [['disclosedOn', 'It cannot be disclosed in the future']],
    ],
  ])('is refused with %s', (_what, input, expected) => {
    expect(problems(() => decideVulnerability(person(), input, ctx))).toEqual(expected)
  })
})

describe('an adjustment, kept under review (Code 5.10)', () => {
  it('is agreed today with its review date', () => {
    expect(decideAdjustment(person(), { kind: 'bsl', reviewOn: '2027-03-20' }, ctx)).toEqual({
      type: 'person.adjustment_agreed',
      adjustment: { id: 'new-1', kind: 'bsl', agreedOn: '2026-03-20', reviewOn: '2027-03-20' },
    })
  })

  it.each<[string, Record<string, string>, [string, string][]]>([
    ['no review date', { kind: 'bsl' }, [['reviewOn', 'Code 5.10: give the date it will be reviewed']]],
    [
      'a review today',
      { kind: 'bsl', reviewOn: '2026-03-20' },
      [['reviewOn', 'Code 5.10: the review date must be after today']],
    ],
    [
      'a review beyond 12 months',
      { kind: 'bsl', reviewOn: '2027-03-21' },
      [['reviewOn', 'Code 5.10: review it within 12 months, by 20 March 2027']],
    ],
    [
      'a review date that is none',
      { kind: 'bsl', reviewOn: 'June' },
      [['reviewOn', 'The review date must be a real date, YYYY-MM-DD']],
    ],
    [
      'a kind that is none',
      { kind: 'cake', reviewOn: '2026-06-01' },
      [
        [
          'kind',
          'Choose the adjustment: large_print, easy_read, braille, bsl, another_language, call_at_set_times, someone_to_speak_for_me',
        ],
      ],
    ],
  ])('is refused with %s', (_what, input, expected) => {
    expect(problems(() => decideAdjustment(person(), input, ctx))).toEqual(expected)
  })
})

describe('a restriction on contact (Code 5.14–5.15)', () => {
  const good = {
    behaviour: 'Abusive calls',
    evidence: 'Call logs',
    scope: ['written_only', 'written_only'],
    restriction: 'Write to us',
    equalityConsideration: 'Considered',
    reviewOn: '2026-06-20',
    endsOn: '2026-09-20',
  }
  const lead = { id: 'lead-1', mayApprove: true }

  it('is imposed from today, each scope once, approved by whoever may', () => {
    expect(decideRestriction(person(), good, lead, ctx)).toEqual({
      type: 'person.restriction_imposed',
      restriction: {
        id: 'new-1',
        behaviour: 'Abusive calls',
        evidence: 'Call logs',
        scope: ['written_only'],
        restriction: 'Write to us',
        equalityConsideration: 'Considered',
        approvedBy: 'lead-1',
        startsOn: '2026-03-20',
        reviewOn: '2026-06-20',
        endsOn: '2026-09-20',
      },
    })
  })

  it.each<[string, Record<string, unknown>, boolean, [string, string][]]>([
    [
      'approved by someone who may not',
      good,
      false,
      [['approvedBy', 'Code 5.14: a restriction is approved by the complaints officer or a senior lead']],
    ],
    [
      'nothing given',
      {},
      true,
      [
        ['behaviour', 'Code 5.14: describe the behaviour that led to the restriction'],
        ['evidence', 'Code 5.14: record the evidence of the behaviour'],
        ['scope', 'Code 5.14: choose what the restriction limits'],
        ['restriction', 'Code 5.14: say exactly what the restriction is, as the letter will'],
        [
          'equalityConsideration',
          'Code 5.15: record how the landlord’s obligations under the Equality Act 2010 were considered',
        ],
        ['reviewOn', 'Code 5.15: give the date it will be reviewed'],
        ['endsOn', 'Enter the date it ends'],
      ],
    ],
    [
      'a scope that is none',
      { ...good, scope: ['silence'] },
      true,
      [
        [
          'scope',
          'Choose what the restriction limits: single_point_of_contact, written_only, set_times, no_visits, accompanied_visits, limited_frequency',
        ],
      ],
    ],
    [
      'a start more than a week ago',
      { ...good, startsOn: '2026-03-12' },
      true,
      [['startsOn', 'A restriction cannot start more than a week ago']],
    ],
    [
      'a review beyond 6 months',
      { ...good, reviewOn: '2026-09-21', endsOn: '2026-12-20' },
      true,
      [['reviewOn', 'Code 5.15: review it within 6 months, by 20 September 2026']],
    ],
    [
      'an end before the start',
      { ...good, startsOn: '2026-03-20', endsOn: '2026-03-19', reviewOn: '2026-03-21' },
      true,
      [
        ['endsOn', 'It cannot end before it starts'],
        ['reviewOn', 'Review it on or before the date it ends'],
      ],
    ],
    [
      'an end beyond 12 months from the start',
      { ...good, endsOn: '2027-03-21' },
      true,
      [
        [
          'endsOn',
          'Code 5.15: a restriction is proportionate and time-limited: end it by 20 March 2027, or impose a new one after review',
        ],
      ],
    ],
    [
      'a review after the end',
      { ...good, reviewOn: '2026-06-20', endsOn: '2026-06-19' },
      true,
      [['reviewOn', 'Review it on or before the date it ends']],
    ],
  ])('is refused when %s', (_what, input, mayApprove, expected) => {
    expect(problems(() => decideRestriction(person(), input, { id: 'u1', mayApprove }, ctx))).toEqual(
      expected,
    )
  })
})

describe('reviews, ends and merges', () => {
  const withEntries = person(
    'p1',
    {
      type: 'person.adjustment_agreed',
      adjustment: { id: 'a1', kind: 'bsl', agreedOn: '2026-03-02', reviewOn: '2026-06-01' },
    },
    {
      type: 'person.restriction_imposed',
      restriction: {
        id: 'r1',
        behaviour: 'b',
        evidence: 'e',
        scope: ['no_visits'],
        restriction: 'r',
        equalityConsideration: 'q',
        approvedBy: 'lead',
        startsOn: '2026-03-10',
        reviewOn: '2026-05-01',
        endsOn: '2026-06-30',
      },
    },
  )

  it.each<[string, () => unknown, [string, string][]]>([
    [
      'a review of nothing in force',
      () => decideReview(withEntries, 'restriction', 'r9', { note: 'x', nextReviewOn: '2026-05-01' }, ctx),
      [['', 'There is no restriction in force with that id on this record']],
    ],
    [
      'a review that found nothing',
      () => decideReview(withEntries, 'adjustment', 'a1', { nextReviewOn: '2026-06-01' }, ctx),
      [['note', 'Code 5.10: record what the review found']],
    ],
    [
      'a restriction’s next review after it ends',
      () => decideReview(withEntries, 'restriction', 'r1', { note: 'x', nextReviewOn: '2026-07-01' }, ctx),
      [['nextReviewOn', 'The restriction ends on 30 June 2026; review it by then, or end it']],
    ],
    [
      'ending an entry that is none',
      () => decideEnd(withEntries, 'vulnerability', 'v1', 'x'),
      [['', 'There is no vulnerability with that id on this record']],
    ],
    [
      'ending with no reason',
      () => decideEnd(withEntries, 'adjustment', 'a1', ' '),
      [['reason', 'Say why the adjustment ends']],
    ],
    [
      'merging a record into itself',
      () => decideMerge(withEntries, withEntries),
      [['duplicate', 'A record cannot be merged into itself: enter the duplicate’s reference']],
    ],
    [
      'merging into a record merged away',
      () => decideMerge(merged, person('p2')),
      [['', 'RES-p9 was itself merged into RES-p1; merge into that one']],
    ],
    [
      'merging a duplicate merged already',
      () => decideMerge(person('p2'), merged),
      [['duplicate', 'RES-p9 was already merged into RES-p1']],
    ],
  ])('refuses %s', (_what, run, expected) => {
    expect(problems(run)).toEqual(expected)
  })

  it('records a review with what it found and the next date', () => {
    expect(
      decideReview(
        withEntries,
        'restriction',
        'r1',
        { note: ' Calls stopped ', nextReviewOn: '2026-06-30' },
        ctx,
      ),
    ).toEqual({
      type: 'person.restriction_reviewed',
      id: 'r1',
      on: '2026-03-20',
      note: 'Calls stopped',
      nextReviewOn: '2026-06-30',
    })
  })

  it('ends an entry with its reason', () => {
    expect(decideEnd(withEntries, 'adjustment', 'a1', ' Moved away ')).toEqual({
      type: 'person.adjustment_ended',
      id: 'a1',
      reason: 'Moved away',
    })
  })

  it('merges a duplicate’s live entries in, and points the duplicate here', () => {
    const { into, from } = decideMerge(person('p2'), withEntries)
    expect(from).toEqual({ type: 'person.merged_into', personId: 'p2', reference: 'RES-p2' })
    expect(into).toMatchObject({
      type: 'person.merged_from',
      personId: 'p1',
      reference: 'RES-p1',
      representatives: [],
      vulnerabilities: [],
    })
    expect(
      into.type === 'person.merged_from' && [
        into.adjustments.map((a) => a.id),
        into.restrictions.map((r) => r.id),
      ],
    ).toEqual([['a1'], ['r1']])
  })
})
