import { priorities, priorityLabels } from '../../../../domain/triage/triage.js'
import { refusals } from '../../../formErrors.js'
import { type FormBody, field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

const flagsIn = (body: FormBody) =>
  ([] as unknown[]).concat(body.flags ?? []).filter((f): f is string => typeof f === 'string')

/** Code 6.1: confirm or change the priority and flags suggested when the complaint was logged. */
export const triageForm = ({ complaints, triageRules }: FormDeps): FormSpec => ({
  path: 'triage',
  action: 'triage',
  title: (v) => (v.complaint.triage.confirmed ? 'Change the triage' : 'Confirm or change the triage'),
  prepare: async (v, body) => {
    const { suggested, confirmed } = v.complaint.triage
    const chosenPriority = body ? field(body, 'priority') : (confirmed?.priority ?? suggested?.priority ?? '')
    const chosenFlags = body ? flagsIn(body) : (confirmed?.flags ?? suggested?.flags.map((f) => f.flag) ?? [])
    const reasons = new Map((suggested?.flags ?? []).map((f) => [f.flag, f.reasons.join('; ')]))
    const flags = [
      ...new Set([
        ...(suggested?.flags ?? []).map((f) => f.flag),
        ...(await triageRules.current()).rules.map((r) => r.flag),
      ]),
    ]
    return {
      suggested,
      priorityItems: priorities.map((p) => ({
        value: p,
        text: priorityLabels[p],
        checked: chosenPriority === p,
        ...(suggested?.priority === p ? { hint: { text: 'Suggested' } } : {}),
      })),
      flagItems: flags.map((f) => ({
        value: f,
        text: f,
        checked: chosenFlags.includes(f),
        ...(reasons.has(f) ? { hint: { text: `Suggested: ${reasons.get(f)}` } } : {}),
      })),
      reason: body ? field(body, 'reason') : '',
    }
  },
  submit: async (v, body, actor) => {
    if (!field(body, 'priority')) return { priority: 'Code 6.1: choose the priority' }
    return refusals(
      () =>
        complaints.confirmTriage(v.complaint.id, actor, {
          priority: field(body, 'priority'),
          flags: flagsIn(body),
          reason: field(body, 'reason'),
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'Triage confirmed.',
})
