import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

export const noteForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'note',
  action: 'addNote',
  title: () => 'Add a note',
  prepare: (_v, body) => ({ text: body ? field(body, 'text') : '' }),
  submit: async (v, body, actor) => {
    if (!field(body, 'text')) return { text: 'Write the note' }
    return refusals(
      () => complaints.addNote(v.complaint.id, actor, { text: field(body, 'text'), version: version(body) }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'Note added.',
})
