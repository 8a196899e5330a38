import { addMonths, formatMonthInWords } from '../../../domain/calendar/calendarDate.js'
import { letterKinds } from '../../../domain/complaints/events.js'
import { letterTitle } from '../../../domain/complaints/letters.js'
import {
  type AuditAnswer,
  auditAnswerLabels,
  auditAnswers,
  type ChecklistItem,
} from '../../../domain/letterAudits/letterAudits.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'

/** A member of staff by id, in words: their name, one who has left, or nobody. */
export const nameIn = (staffNames: Map<string, string>) => (id: string | null) =>
  id ? (staffNames.get(id) ?? 'a former member of staff') : 'Nobody'

/**
 * The sample asked for (a GET form): the month (this one by default), the handler, the kind of
 * letter, how many (5), and in what order (at random). The months offered are the last 13.
 */
export function sampleCriteria(q: Record<string, unknown>, thisMonth: string) {
  return {
    months: Array.from({ length: 13 }, (_, i) => addMonths(`${thisMonth}-01`, -i).slice(0, 7)),
    month: field(q, 'month') || thisMonth,
    handler: field(q, 'handler'),
    kind: field(q, 'kind'),
    count: field(q, 'count') || '5',
    order: field(q, 'order') === 'latest' ? ('latest' as const) : ('random' as const),
  }
}

/** The sample form's choices, with those asked for chosen. */
export function sampleFormItems(
  criteria: ReturnType<typeof sampleCriteria>,
  handlers: { id: string; name: string }[],
) {
  const { months, month, handler, kind, order } = criteria
  return {
    monthItems: months.map((m) => ({ value: m, text: formatMonthInWords(m), selected: m === month })),
    handlerItems: [
      { value: '', text: 'Any handler' },
      ...handlers.map((p) => ({ value: p.id, text: p.name, selected: p.id === handler })),
    ],
    kindItems: [
      { value: '', text: 'Any kind of letter' },
      ...letterKinds.map((k) => ({ value: k, text: letterTitle(k), selected: k === kind })),
    ],
    count: criteria.count,
    orderItems: [
      { value: 'random', text: 'At random', checked: order === 'random' },
      { value: 'latest', text: 'The latest sent first', checked: order === 'latest' },
    ],
  }
}

/** The letters sampled or audited lately: each with its title and its handler's name. */
export const lettersListed = <L extends { kind: string; handlerId: string | null }>(
  letters: L[],
  nameOf: (id: string | null) => string,
) => letters.map((l) => ({ ...l, title: letterTitle(l.kind), handlerName: nameOf(l.handlerId) }))

/** The audit form: each checklist item with its answers, as typed. */
export const auditItems = (items: ChecklistItem[], body?: FormBody) =>
  items.map((item) => ({
    ...item,
    answerItems: auditAnswers.map((a) => ({
      value: a,
      text: auditAnswerLabels[a],
      checked: body ? field(body, `answer-${item.id}`) === a : false,
    })),
    comment: body ? field(body, `comment-${item.id}`) : '',
  }))

/** A finished audit: each score beside its checklist item's words and provision, its answer in words. */
export function auditResultPage(
  a: {
    kind: string
    handlerId: string | null
    auditedBy: string
    items: ChecklistItem[]
    scores: { itemId: string; answer: string }[]
  },
  staffNames: Map<string, string>,
  done?: string,
) {
  const item = new Map(a.items.map((i) => [i.id, i]))
  return {
    a: { ...a, title: letterTitle(a.kind) },
    handlerName: nameIn(staffNames)(a.handlerId),
    auditorName: staffNames.get(a.auditedBy) ?? 'a former member of staff',
    rows: a.scores.map((s) => ({
      ...s,
      text: item.get(s.itemId)?.text ?? s.itemId,
      provision: item.get(s.itemId)?.provision,
      label: auditAnswerLabels[s.answer as AuditAnswer],
    })),
    done,
  }
}

/** Field errors to show, or none. */
export const someErrors = (errors: FieldErrors) => (Object.keys(errors).length ? errors : undefined)
