import { isEmailAddress } from '../text/emailAddress.js'

/**
 * Who the landlord is to its residents: the name, postal address, phone and email every letter and
 * resident page gives, the logo on its letters and who letters come from. Until an administrator
 * sets them, letters and pages cannot tell residents how to reach the complaints team.
 */
export type LandlordDetails = {
  name: string
  /** Whether the name is the installation's own (LANDLORD_NAME), not the service's placeholder. */
  nameSet: boolean
  address: string[]
  phone?: string
  email?: string
  logo: boolean
  signature: string
  /** Whether an administrator has saved the letterhead and sign-off at least once. */
  signOffSet: boolean
}

/** The name the service uses until LANDLORD_NAME says whose it is. */
export const PLACEHOLDER_NAME = 'Demo Housing Association'

export type SetupItem = { key: string; label: string; done: boolean; how: string; href?: string }

/**
 * The first day: what an administrator must set before letters and resident pages can say who
 * the landlord is and how to reach it, each with whether it is done and how to do it.
 */
export function setupChecklist(d: LandlordDetails): SetupItem[] {
  const letters = '/settings/letters'
  return [
    {
      key: 'name',
      label: 'Your organisation’s name',
      done: d.nameSet,
      how: 'Set LANDLORD_NAME in the service’s environment to the name residents know you by, then restart it',
    },
    {
      key: 'address',
      label: 'Your postal address',
      done: d.address.length > 0,
      how: 'The letterhead and the return address on every letter, and where residents can write to',
      href: letters,
    },
    {
      key: 'phone',
      label: 'A phone number for complaints',
      done: Boolean(d.phone),
      how: 'On every letter and resident page, so residents can complain and ask for help by phone',
      href: letters,
    },
    {
      key: 'email',
      label: 'An email address for complaints',
      done: Boolean(d.email),
      how: 'On every letter and resident page, so residents can complain and write to you by email',
      href: letters,
    },
    {
      key: 'logo',
      label: 'Your logo',
      done: d.logo,
      how: 'At the top of every letter’s PDF',
      href: letters,
    },
    {
      key: 'signOff',
      label: 'Who letters come from',
      done: d.signOffSet,
      how: 'The sign-off on every letter, such as “The Complaints Team”',
      href: letters,
    },
  ]
}

/** A UK phone number as people write it: digits with spaces, brackets or dashes, 10 to 13 digits. */
export function phoneProblem(phone: string): string | undefined {
  const digits = phone.replace(/[\s()-]/g, '').replace(/^\+/, '')
  if (!/^\d{10,13}$/.test(digits)) return 'Enter a phone number, like 0113 496 0000'
  return undefined
}

/** An email address residents can write to, or what is wrong with it. */
export function emailProblem(email: string): string | undefined {
  return isEmailAddress(email)
    ? undefined
    : 'Enter an email address in the correct format, like complaints@example.org'
}
