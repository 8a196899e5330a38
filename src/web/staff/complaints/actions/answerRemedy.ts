import { remedyAnswers } from '../../../../domain/remedies/vocabulary.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

const answerLabels = { accepted: 'Accepted it', declined: 'Declined it' } as const

/** Code 7.3: the resident's answer to a remedy offered in a response. */
export const answerRemedyForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'answer-remedy',
  action: 'answerRemedy',
  title: () => 'Record the resident’s answer to a remedy',
  offered: (v) => v.remedies.some((r) => r.status !== 'done'),
  when: { legend: 'When did the resident answer?' },
  prepare: (v, body) => ({
    remedyItems: v.remedies
      .filter((r) => r.status !== 'done')
      .map((r) => ({
        value: r.id,
        text: `${r.label}${r.amount !== undefined ? ` of £${r.amount.toFixed(2)}` : ''} (stage ${r.stage}, remedy ${r.id})`,
        hint: {
          text:
            `${r.description ?? ''}${r.answer ? ` Currently ${r.answer.answer}.` : ''}`.trim() || undefined,
        },
        checked: body ? field(body, 'remedyId') === r.id : false,
      })),
    answerItems: remedyAnswers.map((a) => ({
      value: a,
      text: answerLabels[a],
      checked: body ? field(body, 'answer') === a : false,
    })),
    note: body ? field(body, 'note') : '',
  }),
  submit: async (v, body, actor, at, late) => {
    if (!field(body, 'remedyId')) return { remedyId: 'Choose the remedy the resident answered' }
    return refusals(
      () =>
        complaints.answerRemedy(v.complaint.id, actor, {
          remedyId: field(body, 'remedyId'),
          answer: field(body, 'answer'),
          answeredAt: at,
          ...late,
          note: field(body, 'note') || undefined,
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'The resident’s answer is recorded.',
})
