import { stage1Considerers } from '../../../../domain/complaints/decisions/considering.js'
import { updateIntervalFor } from '../../../../domain/residents/needs.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import {
  conflictOfInterestFromBody,
  conflictOfInterestValues,
  type FormDeps,
  type FormSpec,
  formFieldOf,
  lines,
  version,
} from './form.js'

/** Acknowledge, define and log the complaint at its stage (Code 5.6, 6.2, 6.11). */
export const acknowledgeForm = ({ complaints, handlerItems }: FormDeps): FormSpec => ({
  path: 'acknowledge',
  issuesLetter: true,
  action: 'acknowledge',
  title: (v) => `Acknowledge and define the complaint at stage ${v.complaint.state === 'received' ? 1 : 2}`,
  when: { legend: 'When was it acknowledged?', hint: 'The acknowledgement letter is dated this day.' },
  prepare: async (v, body) => {
    const stage = v.complaint.state === 'received' ? 1 : 2
    const previous = v.complaint.stages[1].definition
    return {
      stage,
      handlerItems: await handlerItems(
        // At stage 1, whoever took it on when it was logged, if anyone did.
        body ? field(body, 'handlerId') : stage === 1 ? v.complaint.stages[1].handlerId : undefined,
        stage === 2 ? [...stage1Considerers(v.complaint)] : [],
      ),
      issues: body
        ? field(body, 'issues')
        : stage === 2 && previous
          ? previous.issues.map((i) => i.summary).join('\n')
          : '',
      outcomesSought: body
        ? field(body, 'outcomesSought')
        : stage === 2 && previous
          ? previous.outcomesSought.join('\n')
          : (v.complaint.outcomeSought ?? ''),
      notResponsibleFor: body ? field(body, 'notResponsibleFor') : '',
      discretion: body ? field(body, 'discretion') === 'yes' : false,
      discretionReason: body ? field(body, 'discretionReason') : '',
      pendingIssues: v.complaint.pendingIssues,
      updateIntervalDays: body
        ? field(body, 'updateIntervalDays')
        : String(updateIntervalFor(v.complaint.updatePreference, v.stagePolicy.residentUpdateDays)),
      // Code 5.9: never ticked for the person: an interval counts as agreed only when it was.
      updateIntervalAgreed: body ? field(body, 'updateIntervalAgreed') === 'yes' : false,
      ...conflictOfInterestValues(body),
    }
  },
  submit: async (v, body, actor, at, late) => {
    // The API defaults the handler to whoever acknowledges; the form asks for a choice.
    if (!field(body, 'handlerId')) return { handlerId: 'Choose who will handle the complaint' }
    return refusals(
      () =>
        complaints.acknowledge(v.complaint.id, actor, {
          acknowledgedAt: at,
          ...late,
          handlerId: field(body, 'handlerId'),
          definition: {
            issues: lines(field(body, 'issues')),
            outcomesSought: lines(field(body, 'outcomesSought')),
            notResponsibleFor: lines(field(body, 'notResponsibleFor')),
          },
          ...updateIntervalFromBody(body),
          conflictOfInterest: conflictOfInterestFromBody(body),
          ...(field(body, 'discretion') === 'yes'
            ? { discretion: { reason: field(body, 'discretionReason') } }
            : {}),
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'Complaint acknowledged; the acknowledgement letter is on the case.',
})

/** Code 5.9: the interval typed (a whole number, or passed on for the rules to refuse) and whether it was agreed. */
function updateIntervalFromBody(body: Parameters<typeof field>[0]) {
  const typed = field(body, 'updateIntervalDays')
  const agreed = field(body, 'updateIntervalAgreed') === 'yes'
  if (!typed) return { updateIntervalAgreed: agreed }
  return {
    updateIntervalDays: /^\d{1,4}$/.test(typed) ? Number(typed) : Number.NaN,
    updateIntervalAgreed: agreed,
  }
}
