import { timeLimitOf } from '../../../../domain/complaints/timeLimit.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

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
      discretionReason: body ? field(body, 'discretionReason') : '',
    }
  },
  submit: async (v, body, actor, at, late) =>
    refusals(
      () =>
        complaints.refuse(v.complaint.id, actor, {
          reason: field(body, 'reason'),
          explanation: field(body, 'explanation'),
          ...(field(body, 'discretionReason')
            ? { discretion: { reason: field(body, 'discretionReason') } }
            : {}),
          refusedAt: at,
          ...late,
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    ),
  done: 'Refusal recorded; the letter with the route to the Ombudsman is on the case.',
})
