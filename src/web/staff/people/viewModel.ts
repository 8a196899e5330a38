import { addMonths } from '../../../domain/calendar/calendarDate.js'
import { tenureLabels, tenures } from '../../../domain/complaints/vocabulary.js'
import { describePersonEvent } from '../../../domain/people/history.js'
import type { Person } from '../../../domain/people/person.js'
import {
  ADJUSTMENT_REVIEW_MAX_MONTHS,
  letterFormatLabels,
  letterFormats,
  preferredMethodLabels,
  preferredMethods,
  RESTRICTION_MAX_MONTHS,
  RESTRICTION_REVIEW_MAX_MONTHS,
  restrictionScopeLabels,
  restrictionScopes,
  vulnerabilityKinds,
  vulnerabilityLabels,
} from '../../../domain/people/vocabulary.js'
import { adjustmentKinds, adjustmentLabels } from '../../../domain/residents/needs.js'
import type { PersonStep } from '../../../services/people/people.js'
import { dateItems, type FieldErrors, type FormBody, field, partsOf } from '../../forms.js'

/** The record as the staff pages hold it: vulnerabilities have their own page, for the roles that need them. */
type ShownPerson = Omit<Person, 'vulnerabilities'>

const formerStaff = 'a former member of staff'

/** Radio or checkbox items, with those chosen checked. */
const choices = <K extends string>(keys: readonly K[], labels: Record<K, string>, chosen: unknown[]) =>
  keys.map((k) => ({ value: k, text: labels[k], checked: chosen.includes(k) }))

const strings = (body: FormBody, name: string) =>
  ([] as unknown[]).concat(body[name] ?? []).filter((v): v is string => typeof v === 'string')

/**
 * The notice after a change to the record (`?done=`): a merge, a review or an end, or the step's
 * own (`stepNotices`, by the step's path).
 */
export function personNotice(done: string | undefined, stepNotices: Record<string, string>) {
  if (done === 'merged')
    return 'Records merged: the duplicate’s complaints and entries are now on this record, and the duplicate points here.'
  if (done === 'reviewed') return 'Review recorded, with the next review date.'
  if (done === 'ended') return 'Ended. It stays on the record’s history.'
  return done ? stepNotices[done] : undefined
}

/** The record's history in words, without what is sensitive, and who did each thing. */
export const personHistory = (events: Person['events'], staffNames: Map<string, string>) =>
  events.map((e) => ({
    at: e.at,
    by: e.by ? (staffNames.get(e.by) ?? formerStaff) : 'the service',
    words: describePersonEvent(e, false),
  }))

/** The resident record page. */
export function personPage<V extends { person: ShownPerson }>(
  v: V,
  context: {
    staffNames: Map<string, string>
    done?: string
    stepNotices: Record<string, string>
    mayApprove: boolean
  },
) {
  return {
    v,
    p: v.person,
    labels: {
      adjustment: adjustmentLabels,
      scope: restrictionScopeLabels,
      method: preferredMethodLabels,
      format: letterFormatLabels,
    },
    approver: (id: string) => context.staffNames.get(id) ?? formerStaff,
    history: personHistory(v.person.events, context.staffNames),
    notice: personNotice(context.done, context.stepNotices),
    mayApprove: context.mayApprove,
  }
}

/** A date a step's form asks: its name, label, whether optional, and its default in months from today. */
export type StepDate = { name: string; label: string; optional?: boolean; months?: number }

/**
 * One change to the record, as a form: the values as typed (or, for contact details, as they
 * are), each date's boxes with its default, the choices, and the Code's limits on review dates.
 */
export function stepFormPage(
  form: { step: PersonStep; title: string; dates?: StepDate[] },
  p: ShownPerson,
  today: string,
  body?: FormBody,
  errors?: FieldErrors,
) {
  const defaults: Record<string, string | undefined> =
    form.step === 'details' ? { ...p.details, ...p.preferences } : {}
  const values = (body ?? defaults) as Record<string, unknown>
  return {
    p,
    title: form.title,
    errors,
    v: values,
    version: body ? field(body, 'version') : p.version,
    dates: Object.fromEntries(
      (form.dates ?? []).map((d) => [
        d.name,
        dateItems(
          d.name,
          body,
          errors,
          d.optional ? {} : partsOf(d.months ? addMonths(today, d.months) : today),
        ),
      ]),
    ),
    items: {
      method: choices(preferredMethods, preferredMethodLabels, [values.method]),
      tenure: [
        ...choices(tenures, tenureLabels, [values.tenure]),
        { value: '', text: 'Not known', checked: !values.tenure },
      ],
      format: choices(letterFormats, letterFormatLabels, [values.format]),
      vulnerability: choices(vulnerabilityKinds, vulnerabilityLabels, [values.kind]),
      adjustment: choices(adjustmentKinds, adjustmentLabels, [values.kind]),
      scope: choices(restrictionScopes, restrictionScopeLabels, body ? strings(body, 'scope') : []),
    },
    limits: {
      restrictionReview: RESTRICTION_REVIEW_MAX_MONTHS,
      restriction: RESTRICTION_MAX_MONTHS,
      adjustmentReview: ADJUSTMENT_REVIEW_MAX_MONTHS,
    },
  }
}
