import { currentStageRecord } from '../../../../domain/complaints/complaint.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

/** Extend the response time while it runs, with a reason (Code 6.4, 6.15). */
export const extendForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'extend',
  issuesLetter: true,
  action: 'extend',
  title: (v) => `Extend the stage ${v.complaint.stage} response time`,
  when: {
    legend: 'When was the extension agreed and explained to the resident?',
    hint: 'It must be before the response is due (Code 6.4, 6.15).',
    lateDocument: 'evidenceDocumentId',
  },
  prepare: (v, body) => {
    const max =
      v.complaint.stage === 1 ? v.stagePolicy.stage1MaxExtensionDays : v.stagePolicy.stage2MaxExtensionDays
    const used = currentStageRecord(v.complaint).extensions.reduce((s, e) => s + e.workingDays, 0)
    return {
      max,
      used,
      provision: v.complaint.stage === 1 ? '6.4' : '6.15',
      workingDays: body ? field(body, 'workingDays') : '',
      reason: body ? field(body, 'reason') : '',
      goodReason: body ? field(body, 'goodReason') : '',
      due: v.deadlines.find((d) => d.key === (v.complaint.stage === 1 ? 'stage1Response' : 'stage2Response')),
    }
  },
  submit: async (v, body, actor, at, late) => {
    const days = field(body, 'workingDays')
    return refusals(
      () =>
        complaints.extend(v.complaint.id, actor, {
          workingDays: /^\d{1,3}$/.test(days) ? Number(days) : Number.NaN,
          reason: field(body, 'reason'),
          goodReason: field(body, 'goodReason') || undefined,
          extendedAt: at,
          ...late,
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'Response time extended; the extension letter, with the Ombudsman’s details, is on the case.',
})
