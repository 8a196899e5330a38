import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, version, withRuleErrors } from './form.js'

export const noteForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'note',
  action: 'addNote',
  title: () => 'Add a note',
  prepare: (_v, body) => ({ text: body ? field(body, 'text') : '' }),
  submit: async (v, body, actor) => {
    if (!field(body, 'text')) return { text: 'Write the note' }
    return withRuleErrors(() =>
      complaints.addNote(v.complaint.id, actor, { text: field(body, 'text'), version: version(body) }),
    )
  },
  done: 'Note added.',
})
