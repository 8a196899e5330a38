import { isCalendarDate } from '../../../domain/calendar/calendarDate.js'
import { complaintStates } from '../../../domain/complaints/vocabulary.js'
import { isUuid } from '../../../domain/ids.js'
import type { StaffRole } from '../../../domain/staff/roles.js'
import { priorities } from '../../../domain/triage/triage.js'
import { invalidInput } from '../../../errors.js'
import { dateFromFields } from '../../forms.js'
import { firstValue } from '../../params.js'
import { caseListView } from '../navigation.js'

export type Query = Record<string, string | string[] | undefined>
export const one = (v: string | string[] | undefined) => firstValue(v)?.trim() || undefined
export const many = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v : v ? [v] : []).filter(Boolean)

/**
 * The case list's filters and order from its query string, as the page and its downloads read
 * them (paging apart): the view (mine or the team's), the received-from and -to dates and their
 * errors, and what the list is asked for (only the entity's complaints, for a person limited to one).
 */
export function caseListFilters(q: Query, staff: { id: string; role: StaffRole; entityId: string | null }) {
  const view = caseListView(one(q.view), staff.role)
  const errors: Record<string, string> = {}
  const from =
    one(q['from-day']) || one(q['from-month']) || one(q['from-year'])
      ? dateFromFields(q as never, 'from', 'the received-from date')
      : {}
  const to =
    one(q['to-day']) || one(q['to-month']) || one(q['to-year'])
      ? dateFromFields(q as never, 'to', 'the received-to date')
      : {}
  if (from.error) errors.from = from.error
  if (to.error) errors.to = to.error
  const states = many(q.state).filter((s) => (complaintStates as readonly string[]).includes(s))
  const handler = one(q.handler)
  if (handler && !isUuid(handler)) throw invalidInput('The handler filter must be a member of staff')
  if ((one(q.q)?.length ?? 0) > 200) throw invalidInput('Search for at most 200 characters')
  const sort = one(q.sort) === 'priority' ? ('priority' as const) : ('due' as const)
  const filters = {
    states: states.length ? states : undefined,
    stage: one(q.stage) === '1' || one(q.stage) === '2' ? Number(one(q.stage)) : undefined,
    handlerId: view === 'mine' ? staff.id : handler,
    overdue: one(q.overdue) === 'true',
    dueWithinWorkingDays: /^\d{1,2}$/.test(one(q.dueWithin) ?? '') ? Number(one(q.dueWithin)) : undefined,
    category: one(q.category),
    channel: one(q.channel),
    receivedFrom: from.date && isCalendarDate(from.date) ? from.date : undefined,
    receivedTo: to.date && isCalendarDate(to.date) ? to.date : undefined,
    search: one(q.q),
    extended: one(q.extended) === 'true',
    actionsOpen: one(q.actions) === 'open',
    actionsDueWithinWorkingDays: one(q.actions) === 'due' ? 5 : undefined,
    unassigned: one(q.unassigned) === 'true',
    updatesDue: one(q.updates) === 'due',
    hazardRunning: one(q.hazard) === 'running',
    // Code 6.1: triaged priority, to filter by and to sort by (urgent first, then due date).
    priorities: many(q.priority).filter((p) => (priorities as readonly string[]).includes(p)),
    sort,
    order: 'asc' as const,
    // Roles limited to an entity: the person's own entity's complaints only, on the page and in its downloads.
    viewer: { entityId: staff.entityId },
  }
  return { view, errors, from, to, states, handler, sort, filters }
}
