import { formatLongDate } from '../calendar/calendarDate.js'
import { HOUSING_OMBUDSMAN } from '../complaints/vocabulary.js'
import type { Person, Restriction } from './person.js'
import { restrictionScopeLabels } from './vocabulary.js'

/**
 * Code 5.14–5.15: the letter telling a resident their contact is restricted: what they did, what
 * the restriction is and for how long, when it will be reviewed, how their needs were considered,
 * and that it does not stop them complaining or going to the Housing Ombudsman.
 */
export function restrictionLetterText(
  p: Person,
  r: Restriction,
  landlordName: string,
  issuedOn: string,
): string {
  const address = [p.details.name, ...(p.details.address?.split(/\n/) ?? []), p.details.postcode].filter(
    Boolean,
  )
  return [
    landlordName,
    '',
    ...address,
    '',
    formatLongDate(issuedOn),
    '',
    'How we will keep in touch with you for now',
    `Our reference: ${p.reference}`,
    '',
    `Dear ${p.details.name},`,
    '',
    `We are writing to tell you that, from ${formatLongDate(r.startsOn)}, we are changing how we keep in touch with you. We do not take this step lightly.`,
    '',
    'Why',
    '',
    r.behaviour,
    '',
    'What changes',
    '',
    ...r.scope.map((s) => `  - ${restrictionScopeLabels[s]}`),
    '',
    r.restriction,
    '',
    'For how long',
    '',
    `This will last until ${formatLongDate(r.endsOn)} at the latest. We will review it by ${formatLongDate(r.reviewOn)}, and we will write to you to say what we decide.`,
    '',
    'Your needs',
    '',
    'We have thought about any needs you have told us about, including under the Equality Act 2010, when deciding this. If you think we have missed something, or you need the arrangement to work differently, please tell us.',
    '',
    'Your right to complain',
    '',
    `This does not stop you making a complaint, or asking for a complaint to be reviewed. If you are unhappy with this decision you can complain to us, and you can contact the ${HOUSING_OMBUDSMAN.name} on ${HOUSING_OMBUDSMAN.phone} or at ${HOUSING_OMBUDSMAN.website}.`,
    '',
    'Yours sincerely,',
    '',
    landlordName,
  ].join('\n')
}
