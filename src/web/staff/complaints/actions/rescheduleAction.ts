import { outstandingActions } from '../../../../domain/complaints/complaint.js'
import { refusals } from '../../../formErrors.js'
import { dateFromFields, dateItems, field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

/** Code 7.3: a promised action that will be late gets a new date and a reason, told to the resident. */
export const rescheduleActionForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'reschedule-action',
  action: 'rescheduleAction',
  title: () => 'Move an outstanding action’s date',
  offered: (v) => outstandingActions(v.complaint).some((a) => !a.completed),
  prepare: (v, body) => ({
    actionItems: outstandingActions(v.complaint)
      .filter((a) => !a.completed)
      .map((a) => ({
        value: a.id,
        text: `${a.description} (due ${a.dueOn})`,
        checked: body ? field(body, 'actionId') === a.id : false,
      })),
    dueItems: dateItems('dueOn', body, undefined, {}),
    reason: body ? field(body, 'reason') : '',
  }),
  submit: async (v, body, actor) => {
    if (!field(body, 'actionId')) return { actionId: 'Choose the action that will be late' }
    const due = dateFromFields(body, 'dueOn', 'the new date')
    if (due.error) return { dueOn: due.error }
    return refusals(
      () =>
        complaints.rescheduleAction(v.complaint.id, actor, {
          actionId: field(body, 'actionId'),
          dueOn: due.date ?? '',
          reason: field(body, 'reason'),
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'New date recorded; the resident has been sent a letter saying when and why.',
})
