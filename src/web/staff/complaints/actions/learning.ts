import { learningToRecord } from '../../../../domain/complaints/complaint.js'
import { decisionLabels } from '../../../../domain/complaints/vocabulary.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

const chosen = (value: unknown) => ([] as string[]).concat((value as string | string[] | undefined) ?? [])

/** Code 9.1–9.3: the learning from a stage's answer, with the response or afterwards. */
export const learningForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'learning',
  action: 'recordLearning',
  title: () => 'Record the learning',
  prepare: async (v, body) => {
    const c = v.complaint
    const answered = ([1, 2] as const).filter((s) => c.stages[s]?.response)
    const stage = body ? field(body, 'stage') : String(learningToRecord(c)[0] ?? answered.at(-1) ?? '')
    const recorded = c.learning[Number(stage) as 1 | 2]
    const causes = body ? chosen(body.rootCauses) : (recorded?.rootCauses ?? [])
    const area = body ? field(body, 'serviceArea') : (recorded?.serviceArea ?? c.categories[0] ?? '')
    return {
      stageItems: answered.map((s) => ({
        value: String(s),
        text: `Stage ${s}: ${decisionLabels[c.stages[s]?.response?.decision ?? 'not_upheld'].toLowerCase()}${c.learning[s] ? ' (learning recorded; this replaces it)' : ''}`,
        checked: stage === String(s),
      })),
      rootCauseItems: (await complaints.rootCauses())
        .filter((r) => r.active || causes.includes(r.code))
        .map((r) => ({ value: r.code, text: r.label, checked: causes.includes(r.code) })),
      serviceAreaItems: (await complaints.categories())
        .filter((x) => x.active)
        .map((x) => ({ value: x.code, text: x.label, selected: x.code === area })),
      learning: body ? field(body, 'learning') : (recorded?.learning ?? ''),
    }
  },
  submit: async (v, body, actor) =>
    refusals(
      () =>
        complaints.recordLearning(v.complaint.id, actor, {
          stage: Number(field(body, 'stage')) || undefined,
          rootCauses: chosen(body.rootCauses),
          serviceArea: field(body, 'serviceArea'),
          learning: field(body, 'learning'),
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    ),
  done: 'Learning recorded.',
})
