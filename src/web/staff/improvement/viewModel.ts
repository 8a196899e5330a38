import {
  type ImprovementAction,
  type ImprovementSource,
  improvementSourceLabels,
  improvementSources,
  improvementStatusLabels,
} from '../../../domain/improvement/improvementAction.js'
import { mayHandleComplaints, type StaffRole } from '../../../domain/staff/roles.js'
import { dateItems, type FieldErrors, type FormBody, field, partsOf } from '../../forms.js'

const formerStaff = 'a former member of staff'

/** One field of a small form on an improvement: a text box, a text area or a date. */
export type Field = { name: string; label: string; hint?: string; kind: 'textarea' | 'input' | 'date' }

/** The list of improvement actions: each with its owner's name and its status and source in words. */
export const improvementRows = <R extends { ownerId: string; status: string; source: string }>(
  rows: R[],
  staffNames: Map<string, string>,
) =>
  rows.map((r) => ({
    ...r,
    ownerName: staffNames.get(r.ownerId) ?? formerStaff,
    statusLabel: improvementStatusLabels[r.status as keyof typeof improvementStatusLabels] ?? r.status,
    sourceLabel: improvementSourceLabels[r.source as ImprovementSource] ?? r.source,
  }))

/** One improvement action. */
export function improvementPage<V extends { action: ImprovementAction }>(
  v: V,
  context: { staffNames: Map<string, string>; canRecord: boolean; done?: string },
) {
  return {
    v,
    a: v.action,
    statusLabel: improvementStatusLabels[v.action.status],
    sourceLabel: improvementSourceLabels[v.action.origin.kind],
    name: (id: string | null) => (id ? (context.staffNames.get(id) ?? formerStaff) : 'the service'),
    canRecord: context.canRecord,
    notice: context.done ? 'Saved to the improvement action.' : undefined,
  }
}

/** A small form's fields, as typed; a completion date starts on today. */
export const formFields = (fields: Field[], today: string, body?: FormBody, errors?: FieldErrors) =>
  fields.map((f) => ({
    ...f,
    value: body ? field(body, f.name) : '',
    items:
      f.kind === 'date'
        ? dateItems(f.name, body, errors, f.name === 'completedOn' ? partsOf(today) : {})
        : undefined,
  }))

/** What a new improvement is raised from, as the link asked (`?complaint=`, `?direction=`, `?theme=`…). */
export type RaisedFrom = { complaint?: string; theme?: string; source?: string }

/** An Ombudsman order or recommendation an improvement is raised from. */
export type FromDirection = { reference: string; direction: string; description: string }

/**
 * The "raise an improvement action" form: as typed, or filled from where it was raised; the
 * sources that fit (the Ombudsman's two when raised from a direction, the others otherwise), and
 * who may own it (those who handle complaints, still working here).
 */
export function raisePage(input: {
  q: RaisedFrom
  body?: FormBody
  errors?: FieldErrors
  /** The case and direction, as typed or as the link named them. */
  ombudsmanCaseId: string
  directionId: string
  direction?: FromDirection
  /** The reference of the complaint it was raised from, when the link named one. */
  complaintReference?: string
  staff: { id: string; name: string; role: StaffRole; disabled: boolean }[]
  signedInId: string
}) {
  const { q, body, errors, direction } = input
  const source = body
    ? field(body, 'source')
    : direction
      ? direction.direction === 'order'
        ? 'ombudsman_order'
        : 'ombudsman_recommendation'
      : q.theme || q.source === 'theme'
        ? 'theme'
        : q.complaint
          ? 'complaint'
          : ''
  const owner = body ? field(body, 'ownerId') : input.signedInId
  return {
    errors,
    v: {
      title: body ? field(body, 'title') : '',
      description: body ? field(body, 'description') : '',
      detail: body ? field(body, 'detail') : (q.theme ?? ''),
      director: body ? field(body, 'director') : '',
      complaints: body ? field(body, 'complaints') : (input.complaintReference ?? ''),
      ombudsmanCaseId: input.ombudsmanCaseId,
      directionId: input.directionId,
    },
    direction,
    sourceItems: improvementSources
      .filter((s) => (direction ? s.startsWith('ombudsman') : !s.startsWith('ombudsman')))
      .map((s) => ({ value: s, text: improvementSourceLabels[s], checked: s === source })),
    ownerItems: input.staff
      .filter((p) => mayHandleComplaints(p.role) && !p.disabled)
      .map((p) => ({ value: p.id, text: p.name, selected: p.id === owner })),
    dueItems: dateItems('dueOn', body, errors, {}),
  }
}
