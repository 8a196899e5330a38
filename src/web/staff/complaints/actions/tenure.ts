import { tenureLabels, tenures } from '../../../../domain/complaints/vocabulary.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

/** The resident's tenure, recorded or corrected at any time (the TSM count by it). */
export const tenureForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'tenure',
  action: 'recordTenure',
  title: (v) => (v.complaint.tenure ? 'Correct the tenure' : 'Record the tenure'),
  prepare: (v, body) => ({
    tenureItems: tenures.map((x) => ({
      value: x,
      text: tenureLabels[x],
      checked: body ? field(body, 'tenure') === x : v.complaint.tenure === x,
    })),
  }),
  submit: async (v, body, actor) => {
    if (!field(body, 'tenure')) return { tenure: 'Choose the resident’s tenure' }
    return refusals(
      () =>
        complaints.recordTenure(v.complaint.id, actor, {
          tenure: field(body, 'tenure'),
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'Tenure recorded.',
})
