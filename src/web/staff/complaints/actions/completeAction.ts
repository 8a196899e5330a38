import { outstandingActions } from '../../../../domain/complaints/complaint.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

/** An outstanding action promised in a response, done (Code 6.6, 6.17, 7.3). */
export const completeActionForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'complete-action',
  action: 'completeAction',
  title: () => 'Complete an outstanding action',
  offered: (v) => outstandingActions(v.complaint).some((a) => !a.completed),
  when: { legend: 'When was it done?' },
  prepare: (v, body) => ({
    actionItems: outstandingActions(v.complaint)
      .filter((a) => !a.completed)
      .map((a) => ({
        value: a.id,
        text: `${a.description} (due ${a.dueOn})`,
        checked: body ? field(body, 'actionId') === a.id : false,
      })),
    note: body ? field(body, 'note') : '',
  }),
  submit: async (v, body, actor, at, late) => {
    if (!field(body, 'actionId')) return { actionId: 'Choose the action that is complete' }
    return refusals(
      () =>
        complaints.completeAction(v.complaint.id, actor, {
          actionId: field(body, 'actionId'),
          note: field(body, 'note') || undefined,
          completedAt: at,
          ...late,
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'Outstanding action completed.',
})
