import { channelLabels, channels } from '../../../../domain/complaints/vocabulary.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

/**
 * The resident asks for stage 2 (Code 6.10–6.12): no reason needed, and the stage 2 clock runs
 * from when the request was received, which the form asks for. A stage 1 complaint that was
 * closed can still be escalated.
 */
export const escalateForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'escalate',
  action: 'requestEscalation',
  title: () => 'Record the resident’s request for stage 2',
  when: {
    legend: 'When did the request come in?',
    hint: 'The stage 2 acknowledgement is due within the timescale counted from this day (Code 6.11).',
  },
  prepare: (_v, body) => ({
    howItems: channels.map((c) => ({
      value: c,
      text: channelLabels[c],
      selected: body ? field(body, 'how') === c : c === 'phone',
    })),
    residentReason: body ? field(body, 'residentReason') : '',
  }),
  submit: async (v, body, actor, at, late) =>
    refusals(
      () =>
        complaints.requestEscalation(v.complaint.id, actor, {
          requestedAt: at,
          ...late,
          how: field(body, 'how') || undefined,
          residentReason: field(body, 'residentReason') || undefined,
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    ),
  done: 'Escalation recorded; the stage 2 acknowledgement is now due.',
})
