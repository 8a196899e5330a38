import { type CalendarDate, isCalendarDate } from '../calendar/calendarDate.js'
import type { IntakeInput } from '../complaints/intake.js'
import { isEmailAddress, MAX_EMAIL_LENGTH } from '../text/emailAddress.js'
import {
  type AdjustmentKind,
  adjustmentKinds,
  contactMethodsPreferred,
  type PreferredContactMethod,
  type UpdateFrequency,
  updateFrequencies,
} from './needs.js'

/**
 * The online complaint form (Code 3.1, 3.2, 1.3): its questions, one thing per page, and the
 * answers so far. The answers are kept as the resident goes; nothing is a complaint until sent.
 */
export const consentRoutes = ['upload', 'resident_agrees', 'contact_resident'] as const
export type ConsentRoute = (typeof consentRoutes)[number]
export const consentRouteLabels: Record<ConsentRoute, string> = {
  upload: 'I will upload a signed letter or form from the resident',
  resident_agrees: 'The resident is with me and will tick to say they agree',
  contact_resident: 'Please contact the resident to confirm',
}

export type DateParts = { day: string; month: string; year: string }

export type OnlineAnswers = {
  who?: 'resident' | 'representative'
  representative?: { name: string; relationship: string }
  consent?: { route: ConsentRoute; residentAgrees?: boolean; uploaded?: boolean }
  resident?: { name: string; address: string; postcode: string; tenancyReference?: string }
  contact?: { email?: string; phone?: string }
  updates?: { method: PreferredContactMethod; frequency: UpdateFrequency }
  description?: string
  when?: { occurred?: DateParts; aware?: DateParts }
  outcome?: string
  support?: {
    needs: AdjustmentKind[]
    language?: string
    callTimes?: string
    details?: string
  }
  /** The files page was seen (files are optional). */
  filesSeen?: boolean
}

export const stepSlugs = [
  'who',
  'about-you',
  'resident',
  'consent',
  'consent-upload',
  'consent-agree',
  'contact',
  'updates',
  'what-happened',
  'when',
  'outcome',
  'support',
  'files',
] as const
export type StepSlug = (typeof stepSlugs)[number]

const forRepresentative = (a: OnlineAnswers) => a.who === 'representative'

/** Each question page: whether it is asked (given the answers so far) and whether it is answered. */
export const steps: Record<
  StepSlug,
  { asked: (a: OnlineAnswers) => boolean; answered: (a: OnlineAnswers) => boolean }
> = {
  who: { asked: () => true, answered: (a) => Boolean(a.who) },
  'about-you': { asked: forRepresentative, answered: (a) => Boolean(a.representative) },
  consent: { asked: forRepresentative, answered: (a) => Boolean(a.consent) },
  'consent-upload': {
    asked: (a) => forRepresentative(a) && a.consent?.route === 'upload',
    answered: (a) => Boolean(a.consent?.uploaded),
  },
  'consent-agree': {
    asked: (a) => forRepresentative(a) && a.consent?.route === 'resident_agrees',
    answered: (a) => Boolean(a.consent?.residentAgrees),
  },
  resident: { asked: () => true, answered: (a) => Boolean(a.resident) },
  contact: { asked: () => true, answered: (a) => Boolean(a.contact) },
  updates: { asked: () => true, answered: (a) => Boolean(a.updates) },
  'what-happened': { asked: () => true, answered: (a) => Boolean(a.description) },
  when: { asked: () => true, answered: (a) => Boolean(a.when) },
  outcome: { asked: () => true, answered: (a) => Boolean(a.outcome) },
  support: { asked: () => true, answered: (a) => Boolean(a.support) },
  files: { asked: () => true, answered: (a) => Boolean(a.filesSeen) },
}

/** The first question still to answer, or undefined when every question asked is answered. */
export function firstUnanswered(a: OnlineAnswers): StepSlug | undefined {
  return stepSlugs.find((s) => steps[s].asked(a) && !steps[s].answered(a))
}

/** The page after this one: the next question asked, or the check-your-answers page. */
export function stepAfter(a: OnlineAnswers, current: StepSlug): StepSlug | 'check-answers' {
  const rest = stepSlugs.slice(stepSlugs.indexOf(current) + 1)
  return rest.find((s) => steps[s].asked(a) && !steps[s].answered(a)) ?? firstUnanswered(a) ?? 'check-answers'
}

/** The page before this one, for the back link. */
export function stepBefore(a: OnlineAnswers, current: StepSlug | 'check-answers'): StepSlug | undefined {
  const index = current === 'check-answers' ? stepSlugs.length : stepSlugs.indexOf(current)
  return [...stepSlugs.slice(0, index)].reverse().find((s) => steps[s].asked(a))
}

export type StepErrors = Record<string, string>
type Fields = Record<string, string | string[] | undefined>

const text = (f: Fields, name: string) => {
  const v = f[name]
  return (typeof v === 'string' ? v : '').trim()
}
const list = (f: Fields, name: string) => {
  const v = f[name]
  return (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []).map((s) => s.trim())
}
const tooLong = (value: string, max: number) => value.length > max

const dateOf = (p: DateParts | undefined): CalendarDate | undefined =>
  p?.year ? `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')}` : undefined

function checkDate(f: Fields, name: string, label: string, today: CalendarDate, errors: StepErrors) {
  const parts = {
    day: text(f, `${name}-day`),
    month: text(f, `${name}-month`),
    year: text(f, `${name}-year`),
  }
  if (!parts.day && !parts.month && !parts.year) return undefined
  const missing = [!parts.day && 'day', !parts.month && 'month', !parts.year && 'year'].filter(Boolean)
  if (missing.length) {
    errors[name] = `The date ${label} must include a ${missing.join(' and ')}`
    return parts
  }
  const date = /^\d{1,2}$/.test(parts.day) && /^\d{1,2}$/.test(parts.month) && /^\d{4}$/.test(parts.year)
  const value = dateOf(parts)
  if (!date || !value || !isCalendarDate(value)) errors[name] = `The date ${label} must be a real date`
  else if (value > today) errors[name] = `The date ${label} must be today or in the past`
  else if (value < '1900-01-01') errors[name] = `The date ${label} must be after 1900`
  return parts
}

/**
 * One page's answer, checked: the part of the answers it sets, or what is wrong, field by field,
 * in words a resident understands (and, for a rule of the Code, naming it).
 */
export function answerStep(
  slug: StepSlug,
  f: Fields,
  a: OnlineAnswers,
  today: CalendarDate,
): { patch: Partial<OnlineAnswers> } | { errors: StepErrors; values: Partial<OnlineAnswers> } {
  const errors: StepErrors = {}
  const you = a.who === 'representative' ? 'the resident' : 'you'
  let patch: Partial<OnlineAnswers> = {}
  switch (slug) {
    case 'who': {
      const who = text(f, 'who')
      if (who !== 'resident' && who !== 'representative')
        errors.who =
          'Select whether the complaint is about your own home or you are complaining for someone else'
      else patch = { who }
      break
    }
    case 'about-you': {
      const name = text(f, 'representativeName')
      const relationship = text(f, 'relationship')
      if (!name) errors.representativeName = 'Enter your full name'
      else if (tooLong(name, 200)) errors.representativeName = 'Your name must be 200 characters or fewer'
      if (!relationship)
        errors.relationship =
          'Enter how you know the resident, for example their daughter, or their councillor'
      else if (tooLong(relationship, 200)) errors.relationship = 'This must be 200 characters or fewer'
      patch = { representative: { name, relationship } }
      break
    }
    case 'consent': {
      const route = consentRoutes.find((r) => r === text(f, 'consentRoute'))
      if (!route)
        errors.consentRoute =
          'Code 1.3: select how the resident agrees to you complaining for them; if you cannot show it now, choose “Please contact the resident to confirm”'
      // The same answer again keeps what followed from it (the file, the tick).
      else patch = { consent: a.consent?.route === route ? a.consent : { route } }
      break
    }
    case 'consent-upload':
      // The page's file is stored before this answer is taken; the service checks it is there.
      patch = { consent: { route: 'upload', uploaded: true } }
      break
    case 'consent-agree': {
      if (text(f, 'residentAgrees') !== 'yes')
        errors.residentAgrees =
          'Code 1.3: the resident must tick the box to say they agree, or go back and choose another way'
      else patch = { consent: { route: 'resident_agrees', residentAgrees: true } }
      break
    }
    case 'resident': {
      const name = text(f, 'residentName')
      const address = text(f, 'address')
      const postcode = text(f, 'postcode').toUpperCase()
      const tenancyReference = text(f, 'tenancyReference')
      if (!name)
        errors.residentName =
          a.who === 'representative' ? 'Enter the resident’s full name' : 'Enter your full name'
      else if (tooLong(name, 200)) errors.residentName = 'The name must be 200 characters or fewer'
      if (!address) errors.address = `Enter the address of the home the complaint is about`
      else if (tooLong(address, 500)) errors.address = 'The address must be 500 characters or fewer'
      if (!postcode) errors.postcode = 'Enter the postcode'
      else if (!/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/.test(postcode))
        errors.postcode = 'Enter a real postcode, like ST4 7QB'
      if (tooLong(tenancyReference, 50))
        errors.tenancyReference = 'The reference must be 50 characters or fewer'
      patch = {
        resident: { name, address, postcode, ...(tenancyReference ? { tenancyReference } : {}) },
      }
      break
    }
    case 'contact': {
      const email = text(f, 'email')
      const phone = text(f, 'phone')
      if (email && (tooLong(email, MAX_EMAIL_LENGTH) || !isEmailAddress(email)))
        errors.email = 'Enter an email address in the correct format, like name@example.com'
      if (phone && !/^[0-9 +()-]{7,20}$/.test(phone))
        errors.phone = 'Enter a phone number, like 01632 960 001 or 07700 900 982'
      patch = { contact: { ...(email ? { email } : {}), ...(phone ? { phone } : {}) } }
      break
    }
    case 'updates': {
      const method = contactMethodsPreferred.find((m) => m === text(f, 'method'))
      const frequency = updateFrequencies.find((q) => q === text(f, 'frequency'))
      if (!method) errors.method = 'Select how you would like us to keep you updated'
      else if (method === 'email' && !a.contact?.email)
        errors.method = 'To hear from us by email, go back and give your email address, or choose another way'
      else if (method === 'phone' && !a.contact?.phone)
        errors.method = 'To hear from us by phone, go back and give your phone number, or choose another way'
      if (!frequency) errors.frequency = 'Select how often you would like to hear from us'
      patch = method && frequency ? { updates: { method, frequency } } : {}
      break
    }
    case 'what-happened': {
      const description = text(f, 'description')
      if (!description)
        errors.description = `Tell us what happened and what ${you === 'you' ? 'you are' : 'the resident is'} unhappy about`
      else if (tooLong(description, 10_000)) errors.description = 'This must be 10,000 characters or fewer'
      patch = { description }
      break
    }
    case 'when': {
      const occurred = checkDate(f, 'occurred', 'it happened', today, errors)
      const aware = checkDate(f, 'aware', `${you} found out about it`, today, errors)
      const o = dateOf(occurred)
      const w = dateOf(aware)
      if (!errors.occurred && !errors.aware && o && w && w < o)
        errors.aware = `The date ${you} found out about it cannot be before the date it happened`
      patch = { when: { ...(occurred ? { occurred } : {}), ...(aware ? { aware } : {}) } }
      break
    }
    case 'outcome': {
      const outcome = text(f, 'outcome')
      if (!outcome)
        errors.outcome =
          'Tell us what you would like us to do to put things right. If you are not sure, say so'
      else if (tooLong(outcome, 5_000)) errors.outcome = 'This must be 5,000 characters or fewer'
      patch = { outcome }
      break
    }
    case 'support': {
      const chosen = list(f, 'needs')
      const none = chosen.includes('none')
      const needs = chosen.filter((n): n is AdjustmentKind =>
        (adjustmentKinds as readonly string[]).includes(n),
      )
      const language = text(f, 'language')
      const callTimes = text(f, 'callTimes')
      const details = text(f, 'supportDetails')
      if (!chosen.length)
        errors.needs = 'Select the support you need, or select “No, I do not need any support”'
      else if (none && needs.length)
        errors.needs = 'Select the support you need, or “No, I do not need any support”, not both'
      else if (chosen.some((c) => c !== 'none' && !(adjustmentKinds as readonly string[]).includes(c)))
        errors.needs = 'Select the support you need from the list'
      if (needs.includes('another_language') && !language)
        errors.language = 'Code 3.2: say which language you would like information in'
      if (needs.includes('call_at_set_times') && !callTimes)
        errors.callTimes = 'Code 3.2: say when it suits you to be called, for example weekdays after 4pm'
      if (tooLong(details, 2_000)) errors.supportDetails = 'This must be 2,000 characters or fewer'
      patch = {
        support: {
          needs,
          ...(language && needs.includes('another_language') ? { language } : {}),
          ...(callTimes && needs.includes('call_at_set_times') ? { callTimes } : {}),
          ...(details ? { details } : {}),
        },
      }
      break
    }
    case 'files':
      patch = { filesSeen: true }
      break
  }
  return Object.keys(errors).length ? { errors, values: patch } : { patch }
}

/** What is still missing before the answers can be sent, by the page that asks it. */
export function missingAnswers(
  a: OnlineAnswers,
  consentFile: boolean,
): { step: StepSlug; message: string }[] {
  const missing = stepSlugs
    .filter((s) => s !== 'files' && steps[s].asked(a) && !steps[s].answered(a))
    .map((step) => ({ step, message: 'Answer this question' }))
  // The letter was uploaded, then removed.
  if (a.who === 'representative' && a.consent?.route === 'upload' && a.consent.uploaded && !consentFile)
    missing.push({
      step: 'consent-upload',
      message: 'Code 1.3: upload the resident’s signed letter or form, or choose another way',
    })
  if (a.updates?.method === 'email' && !a.contact?.email)
    missing.push({ step: 'contact', message: 'Give an email address to hear from us by email' })
  if (a.updates?.method === 'phone' && !a.contact?.phone)
    missing.push({ step: 'contact', message: 'Give a phone number to hear from us by phone' })
  return missing
}

/**
 * The answers as the complaint to log (channel web). A representative acts with the
 * resident's consent when they sent it or the resident ticked to agree; otherwise the
 * complaint is logged and the landlord contacts the resident to confirm (Code 1.3).
 */
export function intakeFromAnswers(
  a: OnlineAnswers,
  receivedAt: Date,
  consentFile?: { filename: string },
): IntakeInput {
  const rep = a.who === 'representative' ? a.representative : undefined
  const route = a.consent?.route
  const consentGiven = Boolean(
    rep &&
      ((route === 'upload' && consentFile) || (route === 'resident_agrees' && a.consent?.residentAgrees)),
  )
  return {
    channel: 'web',
    receivedAt,
    description: a.description ?? '',
    outcomeSought: a.outcome,
    resident: {
      name: a.resident?.name ?? '',
      address: a.resident?.address,
      postcode: a.resident?.postcode,
      tenancyReference: a.resident?.tenancyReference,
      ...(rep ? {} : { email: a.contact?.email, phone: a.contact?.phone }),
    },
    ...(rep
      ? {
          representative: {
            name: rep.name,
            relationship: rep.relationship,
            email: a.contact?.email,
            phone: a.contact?.phone,
            consentGiven,
            consentDetails: consentGiven
              ? route === 'upload'
                ? `signed consent uploaded online (${consentFile?.filename})`
                : 'the resident ticked to agree on the online form'
              : undefined,
          },
        }
      : {}),
    issueOccurredOn: dateOf(a.when?.occurred),
    residentAwareOn: dateOf(a.when?.aware),
    adjustments: a.support?.needs.length || a.support?.details ? a.support : undefined,
    updatePreference: a.updates,
  }
}
