import { type CalendarDate, formatLongDate } from '../../../domain/calendar/calendarDate.js'
import {
  adjustmentKinds,
  adjustmentLabels,
  adjustmentsInWords,
  contactMethodsPreferred,
  preferredContactLabels,
  updateFrequencies,
  updateFrequencyLabels,
} from '../../../domain/residents/needs.js'
import {
  consentRouteLabels,
  consentRoutes,
  type DateParts,
  type OnlineAnswers,
  type StepSlug,
} from '../../../domain/residents/onlineComplaint.js'
import type { Fields } from '../shared.js'

/** Each question page's heading (the page title too). */
export function stepTitle(slug: StepSlug, a: OnlineAnswers): string {
  const rep = a.who === 'representative'
  return {
    who: 'Who is the complaint for?',
    'about-you': 'About you',
    consent: 'Does the resident agree to you complaining for them?',
    'consent-upload': 'Upload the resident’s signed letter or form',
    'consent-agree': `${a.resident?.name ?? 'The resident'}: do you agree?`,
    resident: rep ? 'The resident’s name and address' : 'Your name and address',
    contact: 'How can we contact you?',
    updates: 'How would you like us to keep you updated?',
    'what-happened': 'What happened?',
    when: 'When did it happen?',
    outcome: 'What would you like us to do to put things right?',
    support: 'Do you need any support or changes to how we contact you?',
    files: 'Do you want to send photos, letters or other files?',
  }[slug]
}

/** The answers already given for a page, as the form's fields (for going back to a page). */
export function fieldsFromAnswers(slug: StepSlug, a: OnlineAnswers): Fields {
  const date = (name: string, p: DateParts | undefined) =>
    p ? { [`${name}-day`]: p.day, [`${name}-month`]: p.month, [`${name}-year`]: p.year } : {}
  switch (slug) {
    case 'who':
      return { who: a.who }
    case 'about-you':
      return { representativeName: a.representative?.name, relationship: a.representative?.relationship }
    case 'consent':
      return { consentRoute: a.consent?.route }
    case 'consent-agree':
      return { residentAgrees: a.consent?.residentAgrees ? 'yes' : undefined }
    case 'consent-upload':
      return {}
    case 'resident':
      return {
        residentName: a.resident?.name,
        address: a.resident?.address,
        postcode: a.resident?.postcode,
        tenancyReference: a.resident?.tenancyReference,
      }
    case 'contact':
      return { email: a.contact?.email, phone: a.contact?.phone }
    case 'updates':
      return { method: a.updates?.method, frequency: a.updates?.frequency }
    case 'what-happened':
      return { description: a.description }
    case 'when':
      return { ...date('occurred', a.when?.occurred), ...date('aware', a.when?.aware) }
    case 'outcome':
      return { outcome: a.outcome }
    case 'support':
      return {
        needs: a.support ? (a.support.needs.length ? a.support.needs : ['none']) : [],
        language: a.support?.language,
        callTimes: a.support?.callTimes,
        supportDetails: a.support?.details,
      }
    case 'files':
      return {}
  }
}

const one = (f: Fields, name: string) => {
  const v = f[name]
  return typeof v === 'string' ? v : ''
}
const many = (f: Fields, name: string) => {
  const v = f[name]
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : []
}

/** The radios, checkboxes and date inputs of a page, with what was chosen ticked. */
export function choicesFor(slug: StepSlug, f: Fields, errors: Record<string, string> | undefined) {
  const radios = (name: string, values: readonly string[], labels: Record<string, string>) =>
    values.map((value) => ({ value, text: labels[value], checked: one(f, name) === value }))
  const dateItems = (name: string) => {
    const cls = (w: number) => `govuk-input--width-${w}${errors?.[name] ? ' govuk-input--error' : ''}`
    return [
      { name: 'day', id: `${name}-day`, classes: cls(2), value: one(f, `${name}-day`) },
      { name: 'month', id: `${name}-month`, classes: cls(2), value: one(f, `${name}-month`) },
      { name: 'year', id: `${name}-year`, classes: cls(4), value: one(f, `${name}-year`) },
    ]
  }
  switch (slug) {
    case 'who':
      return {
        whoItems: [
          {
            value: 'resident',
            text: 'Myself: it is about my own home',
            checked: one(f, 'who') === 'resident',
          },
          {
            value: 'representative',
            text: 'Someone else: I am complaining for a resident',
            hint: { text: 'For example, a family member, friend, advocate, councillor or MP' },
            checked: one(f, 'who') === 'representative',
          },
        ],
      }
    case 'consent':
      return {
        consentItems: consentRoutes.map((value) => ({
          value,
          text: consentRouteLabels[value],
          checked: one(f, 'consentRoute') === value,
          ...(value === 'contact_resident'
            ? {
                hint: {
                  text: 'We will still start looking into it, and we will contact the resident before we share anything about the complaint with you.',
                },
              }
            : {}),
        })),
      }
    case 'consent-agree':
      return { residentAgrees: one(f, 'residentAgrees') === 'yes' }
    case 'updates':
      return {
        methodItems: radios('method', contactMethodsPreferred, preferredContactLabels),
        frequencyItems: radios('frequency', updateFrequencies, updateFrequencyLabels),
      }
    case 'when':
      return { occurredItems: dateItems('occurred'), awareItems: dateItems('aware') }
    case 'support':
      return {
        needItems: adjustmentKinds.map((value) => ({
          value,
          text: adjustmentLabels[value],
          checked: many(f, 'needs').includes(value),
        })),
        noneChecked: many(f, 'needs').includes('none'),
      }
    default:
      return {}
  }
}

const dateWords = (p: DateParts | undefined) => {
  if (!p?.year) return 'Not given'
  const iso = `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')}` as CalendarDate
  return formatLongDate(iso)
}

/** The check-your-answers rows: each answer in words, with a link to change it. */
export function answerRows(a: OnlineAnswers, files: { purpose: string; filename: string }[]) {
  const rep = a.who === 'representative'
  const row = (key: string, value: string, step: StepSlug) => ({
    key: { text: key },
    value: { text: value },
    actions: {
      items: [
        { href: `/make-a-complaint/${step}?change=1`, text: 'Change', visuallyHiddenText: key.toLowerCase() },
      ],
    },
  })
  return [
    row('Who the complaint is for', rep ? 'Someone else (I am complaining for a resident)' : 'Myself', 'who'),
    ...(rep
      ? [
          row('Your name', a.representative?.name ?? '', 'about-you'),
          row('How you know the resident', a.representative?.relationship ?? '', 'about-you'),
          row(
            'The resident’s agreement',
            a.consent
              ? a.consent.route === 'upload'
                ? `${consentRouteLabels.upload}${files.some((f) => f.purpose === 'consent') ? ` (${files.find((f) => f.purpose === 'consent')?.filename})` : ' (not uploaded yet)'}`
                : a.consent.route === 'resident_agrees' && a.consent.residentAgrees
                  ? 'The resident ticked to say they agree'
                  : consentRouteLabels[a.consent.route]
              : 'Not answered',
            'consent',
          ),
        ]
      : []),
    row(rep ? 'The resident’s name' : 'Your name', a.resident?.name ?? '', 'resident'),
    row('Address', [a.resident?.address, a.resident?.postcode].filter(Boolean).join(', '), 'resident'),
    ...(a.resident?.tenancyReference
      ? [row('Tenancy reference', a.resident.tenancyReference, 'resident')]
      : []),
    row('Email address', a.contact?.email || 'Not given', 'contact'),
    row('Phone number', a.contact?.phone || 'Not given', 'contact'),
    row(
      'Updates',
      a.updates
        ? `${preferredContactLabels[a.updates.method]}, ${updateFrequencyLabels[a.updates.frequency].toLowerCase()}`
        : 'Not answered',
      'updates',
    ),
    row('What happened', a.description ?? '', 'what-happened'),
    row('When it happened', dateWords(a.when?.occurred), 'when'),
    row(rep ? 'When the resident found out' : 'When you found out', dateWords(a.when?.aware), 'when'),
    row('What you would like us to do', a.outcome ?? '', 'outcome'),
    row(
      'Support or changes',
      a.support && (a.support.needs.length || a.support.details) ? adjustmentsInWords(a.support) : 'None',
      'support',
    ),
    row(
      'Files',
      files
        .filter((f) => f.purpose === 'evidence')
        .map((f) => f.filename)
        .join(', ') || 'None',
      'files',
    ),
  ]
}
