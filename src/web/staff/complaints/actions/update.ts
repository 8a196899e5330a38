import { updateMethodLabels, updateMethods } from '../../../../domain/complaints/vocabulary.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, restrictionCheck, version } from './form.js'

/** Code 5.9: an update given to the resident; by letter or email, the update letter is sent. */
export const updateForm = ({ complaints, people }: FormDeps): FormSpec => ({
  path: 'update',
  issuesLetter: true,
  action: 'updateResident',
  title: () => 'Update the resident',
  when: { legend: 'When were they updated?' },
  prepare: async (v, body) => ({
    restrictions: (await restrictionCheck(people, v, undefined, undefined)).warnings,
    confirmRestriction: body ? field(body, 'confirmRestriction') : '',
    methodItems: updateMethods.map((m) => ({
      value: m,
      text: updateMethodLabels[m],
      checked: body ? field(body, 'method') === m : false,
    })),
    summary: body ? field(body, 'summary') : '',
    due: v.residentUpdate,
  }),
  submit: async (v, body, actor, at, late) => {
    const restricted = await restrictionCheck(people, v, field(body, 'method'), body)
    if (restricted.error) return { confirmRestriction: restricted.error }
    return refusals(
      () =>
        complaints.updateResident(v.complaint.id, actor, {
          method: field(body, 'method'),
          summary: field(body, 'summary'),
          updatedAt: at,
          ...late,
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'Update recorded; the next update is due as shown below.',
})
