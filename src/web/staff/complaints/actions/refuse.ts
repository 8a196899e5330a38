import { timeLimitOf } from '../../../../domain/complaints/timeLimit.js'
import { refusals } from '../../../formErrors.js'
import { dateFromFields, dateItems, dateParts, type FieldErrors, field, partsOf } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

const OLDER_THAN_12_MONTHS = 'older_than_12_months'

/** Decline a complaint or a stage 2 request on a ground that applies (Code 2.1–2.5, 5.11). */
export const refuseForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'refuse',
  issuesLetter: true,
  action: 'refuse',
  title: (v) =>
    v.complaint.state === 'stage2_requested'
      ? 'Refuse to escalate the complaint'
      : 'Decline to accept the complaint',
  when: { legend: 'When was the decision made?', hint: 'The letter is dated this day.' },
  prepare: async (v, body) => {
    const escalation = v.complaint.state === 'stage2_requested'
    const known = (date: string | undefined) => (date ? partsOf(date) : {})
    // Code 2.3: the decision on discretion is the person's; nothing is chosen for them.
    const decision = body ? field(body, 'discretionDecision') : ''
    return {
      escalation,
      timeLimit: timeLimitOf(v.complaint),
      groundItems: (await complaints.exclusionGrounds())
        .filter((g) => g.active && (!escalation || g.refusesEscalation))
        .map((g) => ({
          value: g.code,
          text: g.label.replace(/^./, (c) => c.toUpperCase()),
          hint: { text: g.description },
          checked: body ? field(body, 'reason') === g.code : false,
        })),
      explanation: body ? field(body, 'explanation') : '',
      occurredItems: dateItems('issueOccurredOn', body, undefined, known(v.complaint.issueOccurredOn)),
      awareItems: dateItems('residentAwareOn', body, undefined, known(v.complaint.residentAwareOn)),
      discretionDecision: decision,
      discretionReason: body ? field(body, 'discretionReason') : '',
    }
  },
  submit: async (v, body, actor, at, late) => {
    const old = field(body, 'reason') === OLDER_THAN_12_MONTHS && v.complaint.state !== 'stage2_requested'
    const errors: FieldErrors = {}
    // Code 2.3: the two dates the 12 months run from, read from the form; blank is left to the rules.
    const dateOf = (name: 'issueOccurredOn' | 'residentAwareOn', label: string) => {
      if (!Object.values(dateParts(body, name)).some(Boolean)) return undefined
      const d = dateFromFields(body, name, label)
      if (d.error) errors[name] = d.error
      return d.date
    }
    const issueOccurredOn = old ? dateOf('issueOccurredOn', 'when the issue happened') : undefined
    const residentAwareOn = old
      ? dateOf('residentAwareOn', 'when the resident became aware of it')
      : undefined
    if (Object.keys(errors).length) return errors
    return refusals(
      () =>
        complaints.refuse(v.complaint.id, actor, {
          reason: field(body, 'reason'),
          explanation: field(body, 'explanation'),
          ...(old
            ? {
                issueOccurredOn,
                residentAwareOn,
                discretion: {
                  decision: field(body, 'discretionDecision'),
                  reason: field(body, 'discretionReason'),
                },
              }
            : {}),
          refusedAt: at,
          ...late,
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'Refusal recorded; the letter with the route to the Ombudsman is on the case.',
})
