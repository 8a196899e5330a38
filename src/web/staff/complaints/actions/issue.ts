import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

/** Code 6.8: a related issue raised before the stage 1 response joins the complaint. */
export const issueForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'issue',
  action: 'addIssue',
  title: () => 'Add an issue to the complaint',
  prepare: (_v, body) => ({ summary: body ? field(body, 'summary') : '' }),
  submit: async (v, body, actor) => {
    if (!field(body, 'summary')) return { summary: 'Describe the new issue' }
    return refusals(
      () =>
        complaints.addIssue(v.complaint.id, actor, {
          summary: field(body, 'summary'),
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'Issue added to the complaint definition.',
})
