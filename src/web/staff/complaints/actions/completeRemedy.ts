import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

/** Code 7.3: a remedy followed through: done, or paid (with any part set against arrears, by agreement). */
export const completeRemedyForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'complete-remedy',
  action: 'completeRemedy',
  title: () => 'Record a remedy as done or paid',
  offered: (v) => v.remedies.some((r) => r.outstanding),
  when: { legend: 'When was it done or paid?' },
  prepare: (v, body) => ({
    remedyItems: v.remedies
      .filter((r) => r.outstanding)
      .map((r) => ({
        value: r.id,
        text: `${r.label}${r.amount !== undefined ? ` of £${r.amount.toFixed(2)}` : ''} (stage ${r.stage}, remedy ${r.id})`,
        hint: { text: `Due ${r.dueOn}.${r.description ? ` ${r.description}` : ''}` },
        checked: body ? field(body, 'remedyId') === r.id : false,
      })),
    note: body ? field(body, 'note') : '',
    offset: body ? field(body, 'offsetAgainstArrears') : '',
    agreed: body ? field(body, 'residentAgreedOffset') === 'yes' : false,
  }),
  submit: async (v, body, actor, at, late) => {
    if (!field(body, 'remedyId')) return { remedyId: 'Choose the remedy that is done or paid' }
    const offsetText = field(body, 'offsetAgainstArrears').replace(/^£/, '').replace(/,/g, '')
    if (offsetText && !/^\d{1,7}(\.\d{1,2})?$/.test(offsetText))
      return {
        offsetAgainstArrears: 'Enter the amount set against arrears in pounds, for example 50 or 50.25',
      }
    return refusals(
      () =>
        complaints.completeRemedy(v.complaint.id, actor, {
          remedyId: field(body, 'remedyId'),
          completedAt: at,
          ...late,
          note: field(body, 'note') || undefined,
          ...(offsetText ? { offsetAgainstArrears: Number(offsetText) } : {}),
          residentAgreedOffset: field(body, 'residentAgreedOffset') === 'yes',
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'The remedy is recorded as done.',
})
