import { formatDateInWords, londonDateOf } from '../../../domain/calendar/calendarDate.js'
import {
  type FailureOrderType,
  failureOrderTypeLabels,
  failureOrderTypes,
  type InterventionKind,
  type InterventionState,
  type InterventionStatus,
  interventionKindLabels,
  interventionKinds,
  interventionStates,
  interventionStatusLabels,
  interventionTitle,
} from '../../../domain/ombudsman/intervention.js'
import type { InterventionsService } from '../../../services/ombudsman/interventions.js'
import { dateItems, type FieldErrors, type FormBody, field } from '../../forms.js'
import { paginationFor } from '../../pagination.js'

type ListAnswer = Awaited<ReturnType<InterventionsService['list']>>
export type InterventionView = Awaited<ReturnType<InterventionsService['view']>>
type Person = { id: string; name: string }
type DateParts = { day?: string; month?: string; year?: string }

const statusClasses: Record<InterventionStatus, string> = {
  open: 'govuk-tag--blue',
  overdue: 'govuk-tag--red',
  complied: 'govuk-tag--green',
  complied_late: 'govuk-tag--orange',
}
const tag = (s: InterventionStatus) => ({ text: interventionStatusLabels[s], classes: statusClasses[s] })

/** The filter asked for in the query: a kind and a state, each only if it is one. */
export function interventionFilter(query: { kind?: string; state?: string }) {
  return {
    kind: interventionKinds.find((k) => k === query.kind),
    state: interventionStates.find((s) => s === query.state),
  }
}

/** The list: a filter form (kind, state) that works without scripts, the rows, and the pages. */
export function interventionListPage(
  filter: { kind?: InterventionKind; state?: InterventionState },
  page: number,
  list: ListAnswer,
  staffNames: Map<string, string>,
  canRecord: boolean,
) {
  const query = (n: number) =>
    [filter.kind && `kind=${filter.kind}`, filter.state && `state=${filter.state}`, n > 1 && `page=${n}`]
      .filter(Boolean)
      .join('&')
  return {
    canRecord,
    filtered: Boolean(filter.kind || filter.state),
    kindItems: [
      { value: '', text: 'Every kind', selected: !filter.kind },
      ...interventionKinds.map((k) => ({
        value: k,
        text: interventionKindLabels[k],
        selected: filter.kind === k,
      })),
    ],
    stateItems: [
      { value: '', text: 'Open or complied with', selected: !filter.state },
      { value: 'open', text: 'Open', selected: filter.state === 'open' },
      { value: 'complied', text: 'Complied with', selected: filter.state === 'complied' },
    ],
    total: list.total,
    rows: list.items.map((r) => ({
      id: r.id,
      reference: r.ombudsmanReference,
      title: interventionTitle({
        kind: r.kind as InterventionKind,
        failureType: (r.failureType ?? undefined) as FailureOrderType | undefined,
      }),
      complaint: r.complaintId ? { id: r.complaintId, reference: r.reference ?? '' } : undefined,
      provision: r.provision,
      receivedOn: formatDateInWords(r.receivedOn),
      dueOn: formatDateInWords(r.dueOn),
      owner: staffNames.get(r.ownerId) ?? 'A former member of staff',
      tag: tag(r.status),
    })),
    pagination: paginationFor(list.total, list.pageSize, page, (n) => `/ombudsman-interventions?${query(n)}`),
  }
}

/** The form to record one: as typed after a refusal, with today as the date it came in by default. */
export function newInterventionPage(input: {
  body?: FormBody
  errors?: FieldErrors
  staff: Person[]
  me: string
  today: DateParts
}) {
  const { body, errors } = input
  const owner = body ? field(body, 'ownerId') : input.me
  return {
    errors,
    v: {
      ombudsmanReference: field(body, 'ombudsmanReference'),
      complaintId: field(body, 'complaintId'),
      provision: field(body, 'provision'),
      description: field(body, 'description'),
    },
    kindItems: interventionKinds.map((k) => ({
      value: k,
      text: interventionKindLabels[k],
      checked: field(body, 'kind') === k,
    })),
    failureTypeItems: failureOrderTypes.map((t) => ({
      value: t,
      text: failureOrderTypeLabels[t],
      checked: field(body, 'failureType') === t,
    })),
    ownerItems: input.staff.map((p) => ({ value: p.id, text: p.name, selected: p.id === owner })),
    receivedItems: dateItems('receivedOn', body, errors, input.today),
    dueItems: dateItems('dueOn', body, errors, {}),
  }
}

/** One intervention: what it is, where it stands, why it is due when it is, and its history. */
export function interventionPage(
  v: InterventionView,
  context: { staffNames: Map<string, string>; canRecord: boolean; done?: string },
) {
  const i = v.intervention
  const name = (id: string | null) =>
    id ? (context.staffNames.get(id) ?? 'A former member of staff') : 'The service'
  const history = i.events.map((e) => ({
    at: e.at,
    on: formatDateInWords(londonDateOf(e.at)),
    by: name(e.by),
    what:
      e.type === 'intervention.recorded'
        ? `Recorded: ${interventionTitle(e)}, received ${formatDateInWords(e.receivedOn)}, to comply by ${formatDateInWords(e.dueOn)}`
        : e.type === 'intervention.complied'
          ? `Complied with on ${formatDateInWords(e.compliedOn)}${e.late ? ', late' : ''}`
          : `Improvement action raised: ${e.title}`,
  }))
  return {
    i,
    title: v.title,
    complaintReference: v.complaintReference,
    tag: tag(v.status),
    due: v.due,
    ownerName: name(i.ownerId),
    complied: i.complied
      ? { ...i.complied, onText: formatDateInWords(i.complied.on), late: i.complied.late }
      : undefined,
    history,
    canRecord: context.canRecord,
    canComply: context.canRecord && !i.complied,
    notice: context.done
      ? ({ complied: 'Compliance recorded.', improvement: 'Improvement action raised.' }[context.done] ??
        'Intervention recorded.')
      : undefined,
  }
}

/** The form to record compliance: today as the date by default. */
export function complyPage(
  v: InterventionView,
  body: FormBody | undefined,
  errors: FieldErrors | undefined,
  today: DateParts,
) {
  return {
    i: v.intervention,
    title: v.title,
    due: v.due,
    errors,
    v: { evidence: field(body, 'evidence') },
    compliedItems: dateItems('compliedOn', body, errors, today),
  }
}

/** The form to raise an improvement action from the intervention. */
export function improvementFormPage(
  v: InterventionView,
  input: { body?: FormBody; errors?: FieldErrors; staff: Person[]; me: string },
) {
  const { body, errors } = input
  const owner = body ? field(body, 'ownerId') : input.me
  return {
    i: v.intervention,
    title: v.title,
    errors,
    v: {
      title: field(body, 'title'),
      description: field(body, 'description'),
      director: field(body, 'director'),
    },
    ownerItems: input.staff.map((p) => ({ value: p.id, text: p.name, selected: p.id === owner })),
    dueItems: dateItems('dueOn', body, errors, {}),
  }
}
