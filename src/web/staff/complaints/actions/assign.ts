import { currentStageRecord } from '../../../../domain/complaints/complaint.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import {
  conflictOfInterestFromBody,
  conflictOfInterestValues,
  type FormDeps,
  type FormSpec,
  formFieldOf,
  version,
} from './form.js'

/** Assign or reassign the stage being considered, with the handler's conflict of interest declared (Code 5.8; 6.13 at stage 2). */
export const assignForm = ({ complaints, handlerItems }: FormDeps): FormSpec => ({
  path: 'assign',
  action: 'reassign',
  title: () => 'Assign or reassign the complaint',
  prepare: async (v, body) => ({
    handlerItems: await handlerItems(
      body ? field(body, 'handlerId') : currentStageRecord(v.complaint).handlerId,
    ),
    ...conflictOfInterestValues(body),
  }),
  submit: async (v, body, actor) => {
    if (!field(body, 'handlerId')) return { handlerId: 'Choose who will handle the complaint' }
    return refusals(
      () =>
        complaints.reassign(v.complaint.id, actor, {
          handlerId: field(body, 'handlerId'),
          conflictOfInterest: conflictOfInterestFromBody(body),
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'Complaint assigned.',
})
