import { formatDateInWords } from '../calendar/calendarDate.js'
import { adjustmentLabels } from '../residents/needs.js'
import type { PersonEventData } from './person.js'

/** The record's history in words, without what is sensitive unless asked for. */
export function describePersonEvent(
  e: PersonEventData,
  withSensitive: boolean,
): { label: string; detail: string[] } {
  switch (e.type) {
    case 'person.recorded':
      return { label: 'Resident record created', detail: [e.details.name] }
    case 'person.details_changed':
      return { label: 'Contact details or preferences changed', detail: [] }
    case 'person.representative_added':
      return {
        label: `Representative added: ${e.representative.name} (${e.representative.relationship})`,
        detail: [
          `Consent: ${e.representative.consentHow}${e.representative.consentUntil ? `, until ${e.representative.consentUntil}` : ''}`,
        ],
      }
    case 'person.vulnerability_recorded':
      return {
        label: 'Vulnerability or disability recorded',
        detail: withSensitive ? [e.vulnerability.details] : ['Shown on the vulnerabilities page'],
      }
    case 'person.adjustment_agreed':
      return {
        label: `Adjustment agreed: ${adjustmentLabels[e.adjustment.kind]}`,
        detail: [
          ...(e.adjustment.details ? [e.adjustment.details] : []),
          `Review by ${formatDateInWords(e.adjustment.reviewOn)}`,
        ],
      }
    case 'person.adjustment_reviewed':
    case 'person.restriction_reviewed':
      return {
        label: `${e.type === 'person.adjustment_reviewed' ? 'Adjustment' : 'Restriction'} reviewed`,
        detail: [e.note, ...(e.nextReviewOn ? [`Next review by ${formatDateInWords(e.nextReviewOn)}`] : [])],
      }
    case 'person.restriction_imposed':
      return {
        label: 'Contact restricted (Code 5.14)',
        detail: [
          e.restriction.restriction,
          `From ${formatDateInWords(e.restriction.startsOn)} to ${formatDateInWords(e.restriction.endsOn)}; review by ${formatDateInWords(e.restriction.reviewOn)}`,
        ],
      }
    case 'person.representative_ended':
    case 'person.vulnerability_ended':
    case 'person.adjustment_ended':
    case 'person.restriction_ended':
      return {
        label: `${e.type.slice('person.'.length, -'_ended'.length).replace(/^./, (c) => c.toUpperCase())} ended`,
        detail: e.type === 'person.vulnerability_ended' && !withSensitive ? [] : [e.reason],
      }
    case 'person.merged_from':
      return { label: `Merged with duplicate record ${e.reference}`, detail: [] }
    case 'person.merged_into':
      return { label: `Merged into ${e.reference}`, detail: [] }
  }
}
