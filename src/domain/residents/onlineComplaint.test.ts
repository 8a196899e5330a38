import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../calendar/calendarDate.js'
import {
  answerStep,
  firstUnanswered,
  intakeFromAnswers,
  missingAnswers,
  type OnlineAnswers,
  type StepSlug,
  stepAfter,
  stepBefore,
} from './onlineComplaint.js'

const today = '2026-03-20' as CalendarDate
const resident: OnlineAnswers = {
  who: 'resident',
  resident: { name: 'Asha Patel', address: '1 Tower Court', postcode: 'LS1 1AA' },
  contact: { email: 'asha@example.org' },
  updates: { method: 'email', frequency: 'weekly' },
  description: 'Mould in the bedroom',
  when: {},
  outcome: 'Treat the mould',
  support: { needs: [] },
  filesSeen: true,
}
const { consent: _none, ...withoutConsent } = resident

describe('the questions asked, one a page (Code 3.1, 1.3)', () => {
  const forSomeoneElse: OnlineAnswers = {
    who: 'representative',
    representative: { name: 'Jo', relationship: 'daughter' },
    resident: { name: 'Asha Patel', address: '1 Tower Court', postcode: 'LS1 1AA' },
  }
  it.each<[string, OnlineAnswers, StepSlug | undefined]>([
    ['nothing answered', {}, 'who'],
    ['for themselves', { who: 'resident' }, 'resident'],
    ['for someone else', { who: 'representative' }, 'about-you'],
    [
      'for someone else, who they are given',
      { who: 'representative', representative: { name: 'Jo', relationship: 'daughter' } },
      'resident',
    ],
    ['for someone else, the resident named', { ...forSomeoneElse, consent: undefined }, 'consent'],
    ['consent to be uploaded', { ...forSomeoneElse, consent: { route: 'upload' } }, 'consent-upload'],
    [
      'consent ticked by the resident',
      { ...forSomeoneElse, consent: { route: 'resident_agrees' } },
      'consent-agree',
    ],
    // Nothing more to ask about consent: the landlord confirms it with the resident.
    [
      'consent to be confirmed by the landlord',
      { ...forSomeoneElse, consent: { route: 'contact_resident' } },
      'contact',
    ],
    ['everything answered', resident, undefined],
    ['everything but the files page', { ...resident, filesSeen: undefined }, 'files'],
  ])('%s: first to answer is %s', (_what, answers, first) => {
    expect(firstUnanswered(answers)).toBe(first)
  })

  it.each<[string, OnlineAnswers, StepSlug, StepSlug | 'check-answers']>([
    ['after who, for themselves', { who: 'resident' }, 'who', 'resident'],
    ['after the last, all answered', resident, 'files', 'check-answers'],
    // Skips what is answered, then goes back to the first gap.
    [
      'after what happened, outcome answered, when not',
      { ...resident, when: undefined },
      'what-happened',
      'when',
    ],
    ['after files, an earlier gap', { ...resident, contact: undefined }, 'files', 'contact'],
  ])('%s', (_what, answers, current, next) => {
    expect(stepAfter(answers, current)).toBe(next)
  })

  it.each<[OnlineAnswers, StepSlug | 'check-answers', StepSlug | undefined]>([
    [resident, 'who', undefined],
    [resident, 'resident', 'who'],
    [{ who: 'representative' }, 'resident', 'about-you'],
    [{ who: 'representative', consent: { route: 'contact_resident' } }, 'contact', 'consent'],
    [{ who: 'representative', consent: { route: 'upload' } }, 'contact', 'consent-upload'],
    [{ who: 'resident' }, 'contact', 'resident'],
    [resident, 'check-answers', 'files'],
  ])('back from %s to %s', (answers, current, back) => {
    expect(stepBefore(answers, current)).toBe(back)
  })
})

describe('each page’s answer, checked in words a resident understands', () => {
  it.each<[StepSlug, Record<string, string | string[]>, OnlineAnswers, Record<string, string>]>([
    [
      'who',
      {},
      {},
      { who: 'Select whether the complaint is about your own home or you are complaining for someone else' },
    ],
    [
      'about-you',
      { representativeName: ' ', relationship: '' },
      {},
      {
        representativeName: 'Enter your full name',
        relationship: 'Enter how you know the resident, for example their daughter, or their councillor',
      },
    ],
    [
      'consent',
      { consentRoute: 'trust me' },
      {},
      {
        consentRoute:
          'Code 1.3: select how the resident agrees to you complaining for them; if you cannot show it now, choose “Please contact the resident to confirm”',
      },
    ],
    [
      'consent-agree',
      {},
      {},
      {
        residentAgrees:
          'Code 1.3: the resident must tick the box to say they agree, or go back and choose another way',
      },
    ],
    [
      'resident',
      { residentName: '', address: '', postcode: 'LS1' },
      { who: 'representative' },
      {
        residentName: 'Enter the resident’s full name',
        address: 'Enter the address of the home the complaint is about',
        postcode: 'Enter a real postcode, like ST4 7QB',
      },
    ],
    [
      'contact',
      { email: 'asha', phone: 'call me' },
      {},
      {
        email: 'Enter an email address in the correct format, like name@example.com',
        phone: 'Enter a phone number, like 01632 960 001 or 07700 900 982',
      },
    ],
    [
      'updates',
      { method: 'phone', frequency: 'weekly' },
      { contact: { email: 'a@example.org' } },
      { method: 'To hear from us by phone, go back and give your phone number, or choose another way' },
    ],
    [
      'updates',
      {},
      {},
      {
        method: 'Select how you would like us to keep you updated',
        frequency: 'Select how often you would like to hear from us',
      },
    ],
    [
      'what-happened',
      {},
      { who: 'representative' },
      { description: 'Tell us what happened and what the resident is unhappy about' },
    ],
    [
      'what-happened',
      {},
      { who: 'resident' },
      { description: 'Tell us what happened and what you are unhappy about' },
    ],
    [
      'when',
      { 'occurred-day': '12', 'occurred-month': '', 'occurred-year': '' },
      {},
      { occurred: 'The date it happened must include a month and year' },
    ],
    [
      'when',
      { 'occurred-day': '30', 'occurred-month': '2', 'occurred-year': '2026' },
      {},
      { occurred: 'The date it happened must be a real date' },
    ],
    [
      'when',
      { 'occurred-day': '21', 'occurred-month': '3', 'occurred-year': '2026' },
      {},
      { occurred: 'The date it happened must be today or in the past' },
    ],
    [
      'when',
      { 'occurred-day': '1', 'occurred-month': '1', 'occurred-year': '1899' },
      {},
      { occurred: 'The date it happened must be after 1900' },
    ],
    [
      'when',
      {
        'occurred-day': '10',
        'occurred-month': '3',
        'occurred-year': '2026',
        'aware-day': '9',
        'aware-month': '3',
        'aware-year': '2026',
      },
      { who: 'representative' },
      { aware: 'The date the resident found out about it cannot be before the date it happened' },
    ],
    [
      'outcome',
      {},
      {},
      { outcome: 'Tell us what you would like us to do to put things right. If you are not sure, say so' },
    ],
    ['support', {}, {}, { needs: 'Select the support you need, or select “No, I do not need any support”' }],
    [
      'support',
      { needs: ['none', 'bsl'] },
      {},
      { needs: 'Select the support you need, or “No, I do not need any support”, not both' },
    ],
    ['support', { needs: 'hovercraft' }, {}, { needs: 'Select the support you need from the list' }],
    [
      'support',
      { needs: ['another_language', 'call_at_set_times'] },
      {},
      {
        language: 'Code 3.2: say which language you would like information in',
        callTimes: 'Code 3.2: say when it suits you to be called, for example weekdays after 4pm',
      },
    ],
  ])('%s refuses %j', (slug, fields, answers, errors) => {
    const result = answerStep(slug, fields, answers, today)
    expect('errors' in result && result.errors).toEqual(errors)
  })

  it.each<[StepSlug, Record<string, string | string[]>, OnlineAnswers, Partial<OnlineAnswers>]>([
    ['who', { who: 'representative' }, {}, { who: 'representative' }],
    // The same consent route again keeps what followed from it.
    [
      'consent',
      { consentRoute: 'upload' },
      { consent: { route: 'upload', uploaded: true } },
      { consent: { route: 'upload', uploaded: true } },
    ],
    [
      'consent',
      { consentRoute: 'contact_resident' },
      { consent: { route: 'upload', uploaded: true } },
      { consent: { route: 'contact_resident' } },
    ],
    [
      'resident',
      { residentName: ' Asha ', address: '1 Tower Court', postcode: 'ls1 1aa', tenancyReference: '' },
      {},
      { resident: { name: 'Asha', address: '1 Tower Court', postcode: 'LS1 1AA' } },
    ],
    ['contact', { email: '', phone: '' }, {}, { contact: {} }],
    [
      'when',
      { 'occurred-day': '1', 'occurred-month': '3', 'occurred-year': '2026' },
      {},
      { when: { occurred: { day: '1', month: '3', year: '2026' } } },
    ],
    ['support', { needs: 'none' }, {}, { support: { needs: [] } }],
    [
      'support',
      { needs: ['another_language', 'bsl'], language: 'Polish', callTimes: 'ignored' },
      {},
      { support: { needs: ['another_language', 'bsl'], language: 'Polish' } },
    ],
    ['files', {}, {}, { filesSeen: true }],
  ])('%s takes %j', (slug, fields, answers, patch) => {
    expect(answerStep(slug, fields, answers, today)).toEqual({ patch })
  })
})

describe('before the answers are sent', () => {
  const rep: OnlineAnswers = {
    ...withoutConsent,
    who: 'representative',
    representative: { name: 'Jo Patel', relationship: 'daughter' },
  }
  it.each<[string, OnlineAnswers, boolean, { step: StepSlug; message: string }[]]>([
    ['everything answered', resident, false, []],
    ['the files page not seen: files are optional', { ...resident, filesSeen: undefined }, false, []],
    [
      'a consent letter uploaded, then removed',
      { ...rep, consent: { route: 'upload', uploaded: true } },
      false,
      [
        {
          step: 'consent-upload',
          message: 'Code 1.3: upload the resident’s signed letter or form, or choose another way',
        },
      ],
    ],
    [
      'a consent letter uploaded and kept',
      { ...rep, consent: { route: 'upload', uploaded: true } },
      true,
      [],
    ],
    [
      'updates by email, the address taken away',
      { ...resident, contact: { phone: '0113 496 0000' } },
      false,
      [{ step: 'contact', message: 'Give an email address to hear from us by email' }],
    ],
    [
      'no outcome',
      { ...resident, outcome: undefined },
      false,
      [{ step: 'outcome', message: 'Answer this question' }],
    ],
  ])('%s', (_what, answers, consentFile, missing) => {
    expect(missingAnswers(answers, consentFile)).toEqual(missing)
  })
})

describe('the answers as the complaint to log', () => {
  const receivedAt = new Date('2026-03-20T10:00:00Z')
  it('logs a resident’s own complaint with their contact details and dates', () => {
    expect(
      intakeFromAnswers(
        {
          ...resident,
          when: { occurred: { day: '1', month: '3', year: '2026' } },
          support: { needs: ['bsl'] },
        },
        receivedAt,
      ),
    ).toEqual({
      channel: 'web',
      receivedAt,
      description: 'Mould in the bedroom',
      outcomeSought: 'Treat the mould',
      resident: {
        name: 'Asha Patel',
        address: '1 Tower Court',
        postcode: 'LS1 1AA',
        tenancyReference: undefined,
        email: 'asha@example.org',
        phone: undefined,
      },
      issueOccurredOn: '2026-03-01',
      residentAwareOn: undefined,
      adjustments: { needs: ['bsl'] },
      updatePreference: { method: 'email', frequency: 'weekly' },
    })
  })

  const rep: OnlineAnswers = {
    ...withoutConsent,
    who: 'representative',
    representative: { name: 'Jo Patel', relationship: 'daughter' },
  }
  it.each<[string, OnlineAnswers, { filename: string } | undefined, boolean, string | undefined]>([
    [
      'consent uploaded',
      { ...rep, consent: { route: 'upload', uploaded: true } },
      { filename: 'consent.pdf' },
      true,
      'signed consent uploaded online (consent.pdf)',
    ],
    [
      'consent uploaded, the file gone',
      { ...rep, consent: { route: 'upload', uploaded: true } },
      undefined,
      false,
      undefined,
    ],
    [
      'the resident ticked to agree',
      { ...rep, consent: { route: 'resident_agrees', residentAgrees: true } },
      undefined,
      true,
      'the resident ticked to agree on the online form',
    ],
    [
      'the landlord to confirm',
      { ...rep, consent: { route: 'contact_resident' } },
      undefined,
      false,
      undefined,
    ],
  ])('logs a representative’s complaint with %s (Code 1.3)', (_what, answers, file, given, details) => {
    const intake = intakeFromAnswers(answers, receivedAt, file)
    expect(intake.representative).toEqual({
      name: 'Jo Patel',
      relationship: 'daughter',
      email: 'asha@example.org',
      phone: undefined,
      consentGiven: given,
      consentDetails: details,
    })
    // The contact details given are the representative's, not the resident's.
    expect([intake.resident.email, intake.resident.phone]).toEqual([undefined, undefined])
    expect(intake.adjustments).toBeUndefined()
  })
})
