import { outstandingActions } from '../../../../domain/complaints/complaint.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

/** Close a responded complaint once its outstanding actions are done (Code 6.6, 6.17). */
export const closeForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'close',
  action: 'close',
  title: () => 'Close the complaint',
  prepare: (v, body) => ({
    note: body ? field(body, 'note') : '',
    open: outstandingActions(v.complaint).filter((a) => !a.completed),
    stage: v.complaint.stage,
  }),
  submit: async (v, body, actor) =>
    refusals(
      () =>
        complaints.close(v.complaint.id, actor, {
          note: field(body, 'note') || undefined,
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    ),
  done: 'Complaint closed.',
})
