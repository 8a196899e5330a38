import { updateMethodLabels, updateMethods } from '../../../../domain/complaints/vocabulary.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, version, withRuleErrors } from './form.js'

/** Code 5.9: an update given to the resident; by letter or email, the update letter is sent. */
export const updateForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'update',
  action: 'updateResident',
  title: () => 'Update the resident',
  when: { legend: 'When were they updated?' },
  prepare: (v, body) => ({
    methodItems: updateMethods.map((m) => ({
      value: m,
      text: updateMethodLabels[m],
      checked: body ? field(body, 'method') === m : false,
    })),
    summary: body ? field(body, 'summary') : '',
    due: v.residentUpdate,
  }),
  submit: async (v, body, actor, at) =>
    withRuleErrors(() =>
      complaints.updateResident(v.complaint.id, actor, {
        method: field(body, 'method'),
        summary: field(body, 'summary'),
        updatedAt: at,
        version: version(body),
      }),
    ),
  done: 'Update recorded; the next update is due as shown below.',
})
