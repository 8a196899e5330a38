import { channelLabels, channels } from '../../../../domain/complaints/vocabulary.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

export const withdrawForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'withdraw',
  action: 'withdraw',
  title: () => 'Record that the resident withdrew the complaint',
  when: { legend: 'When did the resident withdraw it?' },
  prepare: (_v, body) => ({
    howItems: channels.map((c) => ({
      value: c,
      text: channelLabels[c],
      selected: body ? field(body, 'how') === c : c === 'phone',
    })),
    note: body ? field(body, 'note') : '',
  }),
  submit: async (v, body, actor, at, late) => {
    if (!field(body, 'how')) return { how: 'Say how the resident told you' }
    return refusals(
      () =>
        complaints.withdraw(v.complaint.id, actor, {
          how: field(body, 'how'),
          note: field(body, 'note') || undefined,
          withdrawnAt: at,
          ...late,
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'Withdrawal recorded.',
})
