import { consentNeeded } from '../../../../domain/complaints/complaint.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

/** Code 1.3: the resident's consent for their representative, given after the complaint was logged. */
export const consentForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'consent',
  action: 'recordConsent',
  title: () => 'Record the resident’s consent for their representative',
  offered: (v) => consentNeeded(v.complaint),
  when: { legend: 'When did the resident give consent?' },
  prepare: (v, body) => ({
    representative: v.complaint.representative,
    how: body ? field(body, 'how') : '',
  }),
  submit: async (v, body, actor, at, late) =>
    refusals(
      () =>
        complaints.recordConsent(v.complaint.id, actor, {
          how: field(body, 'how'),
          consentAt: at,
          ...late,
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    ),
  done: 'Consent recorded: from now on letters go to the representative.',
})
