import {
  type PublishedDocument,
  publishedDocumentLabels,
  publishedDocuments,
  type SubmissionState,
} from '../../../domain/annualSubmission/submission.js'
import { formatDateInWords, londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { yearLabel } from '../../../domain/reports/reportingYear.js'
import { assessmentStatus, triggerLabels } from '../../../domain/selfAssessment/selfAssessment.js'
import type { AnnualSubmissionService } from '../../../services/annualSubmission/annualSubmissions.js'
import { dateField, dateItems, type FieldErrors, type FormBody, field, partsOf } from '../../forms.js'

export type SubmissionView = Awaited<ReturnType<AnnualSubmissionService['forYear']>>

const stateTags: Record<SubmissionState, { text: string; classes: string }> = {
  not_submitted: { text: 'Not yet submitted', classes: 'govuk-tag--grey' },
  submitted: { text: 'Submitted', classes: 'govuk-tag--green' },
  resubmission_due: { text: 'Re-submit', classes: 'govuk-tag--red' },
}

/** The form field that shows a refusal of the service's field. */
export const formField = (name: string) => (name.startsWith('links.') ? `link-${name.slice(6)}` : name)

/** A requirement shortened for the table: the Code's words up to about 120 characters. */
const shortened = (text: string) =>
  text.length <= 120 ? text : `${text.slice(0, 117).replace(/\s+\S*$/, '')}…`

/**
 * The annual submission page: where the year stands (submitted, or to submit or re-submit, and
 * why), its deadline and why, the approved self-assessment's yes or no for every provision, the
 * form (the details it starts from, or what was sent with its errors), and every submission kept.
 */
export function submissionPage(v: SubmissionView, failed?: { body: FormBody; errors: FieldErrors }) {
  const { defaults } = v
  const body = failed?.body
  const assessment = v.assessment
  return {
    year: v.year,
    yearLabel: yearLabel(v.year),
    previous: { year: v.year - 1, label: yearLabel(v.year - 1) },
    next: { year: v.year + 1, label: yearLabel(v.year + 1) },
    state: v.state.state,
    stateTag: stateTags[v.state.state],
    stateWhy: v.state.why,
    deadline: v.deadline ? { due: formatDateInWords(v.deadline.due), why: v.deadline.why } : undefined,
    homesText: v.homes === null ? 'Not recorded' : v.homes.toLocaleString('en-GB'),
    assessment: assessment
      ? {
          href: `/self-assessment/${assessment.id}`,
          why: triggerLabels[assessment.trigger],
          status: assessmentStatus(assessment),
          approved: assessment.approved
            ? `${assessment.approved.byName}, ${formatDateInWords(londonDateOf(assessment.approved.at))}`
            : undefined,
        }
      : undefined,
    answers: v.answers.map((a) => ({
      provision: a.provision,
      requirement: shortened(a.requirement),
      yes: a.yes ? 'Yes' : 'No',
      comment: a.comment,
    })),
    yesCount: v.answers.filter((a) => a.yes).length,
    canSubmit: Boolean(v.approved) && v.homes !== null,
    version: v.history.version,
    form: {
      name: body ? field(body, 'name') : defaults.name,
      registeredProviderNumber: body
        ? field(body, 'registeredProviderNumber')
        : defaults.registeredProviderNumber,
      ombudsmanLandlordId: body ? field(body, 'ombudsmanLandlordId') : defaults.ombudsmanLandlordId,
      financialYearEndItems: dateItems(
        'financialYearEnd',
        body,
        failed?.errors,
        partsOf(defaults.financialYearEnd),
      ),
      links: publishedDocuments.map((d: PublishedDocument) => ({
        id: `link-${d}`,
        name: `link-${d}`,
        label: publishedDocumentLabels[d].label,
        hint: `Code ${publishedDocumentLabels[d].provision}: the page where it is published, starting https://`,
        value: body ? field(body, `link-${d}`) : (defaults.links?.[d] ?? ''),
      })),
      confirmed: body ? field(body, 'confirmed') === 'yes' : false,
    },
    history: [...v.history.submissions].reverse().map((s) => ({
      seq: s.seq,
      at: `${formatDateInWords(londonDateOf(s.at))}`,
      byName: s.byName,
      assessment: `${triggerLabels[s.assessment.trigger]}, approved ${formatDateInWords(londonDateOf(new Date(s.assessment.approvedAt)))}`,
      yes: s.answers.filter((a) => a.yes).length,
      total: s.answers.length,
    })),
    errors: failed?.errors,
  }
}

/** What the form sends, as the service reads it; a date that is no date is put in `errors`. */
export function submissionInput(body: FormBody, errors: FieldErrors) {
  return {
    name: field(body, 'name'),
    registeredProviderNumber: field(body, 'registeredProviderNumber'),
    ombudsmanLandlordId: field(body, 'ombudsmanLandlordId'),
    financialYearEnd: dateField(body, 'financialYearEnd', 'the financial year end', errors),
    links: Object.fromEntries(publishedDocuments.map((d) => [d, field(body, `link-${d}`)])),
    confirmed: field(body, 'confirmed') === 'yes',
  }
}
