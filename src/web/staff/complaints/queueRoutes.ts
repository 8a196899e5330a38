import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AT_RISK_WORKING_DAYS } from '../../../domain/complaints/deadlines.js'
import {
  channelLabels,
  channels,
  complaintStates,
  stateLabels,
} from '../../../domain/complaints/vocabulary.js'
import { mayHandleComplaints } from '../../../domain/staff/roles.js'
import { priorities, priorityLabels, priorityRank } from '../../../domain/triage/triage.js'
import { invalidInput } from '../../../errors.js'
import { listCursorLength } from '../../../services/complaints/queries.js'
import { dateInputItems, dateParts } from '../../forms.js'
import { keysFromCursor, pageCursor } from '../../pagination.js'
import { repeatableQuery } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { downloadLinks, listDownloads } from '../listDownloads.js'
import { caseListDownload } from './caseListDownload.js'
import { caseListFilters, many, one, type Query } from './caseListFilters.js'

/** The queue's pages numbered 1 to this; past it, Next pages on by keyset. */
const keysetFrom = 10

const groups = [
  { key: 'overdue', title: 'Overdue' },
  { key: 'today', title: 'Due today' },
  { key: 'soon', title: `Due within ${AT_RISK_WORKING_DAYS} working days` },
  { key: 'later', title: 'Due later' },
  { key: 'none', title: 'No Code deadline running' },
] as const

/** Work queues: "My cases" and "Team cases", grouped by urgency, with filters and search. */
export const queueRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  await app.register(listDownloads(clock, caseListDownload(services)))
  app.get(
    '/complaints',
    { schema: { hide: true, querystring: repeatableQuery }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const staff = currentStaff(request)
      const q: Query = request.query
      const { view, errors, states, handler, sort, filters: chosen } = caseListFilters(q, staff)
      const pageText = one(q.page) ?? '1'
      if (!/^\d{1,5}$/.test(pageText) || Number(pageText) < 1)
        throw invalidInput('The page number must be a whole number from 1 to 99999')
      const page = Number(pageText)
      // A reference typed in full goes straight to its case.
      const searched = one(q.q)?.toUpperCase()
      if (searched && /^CMP-\d{4}-\d{6}$/.test(searched)) {
        const id = await services.complaints.findIdByReference(searched)
        if (id) return reply.redirect(`/complaints/${id}`, 303)
      }
      // Past the numbered pages, the queue pages on by keyset: after (or before) a row's sort keys.
      const after = keysFromCursor(one(q.after), listCursorLength(sort))
      const before = after ? undefined : keysFromCursor(one(q.before), listCursorLength(sort))
      const filters = {
        ...chosen,
        page: after || before ? 1 : page,
        pageSize: 100,
        after,
        before,
      }
      const [result, people, categories] = await Promise.all([
        services.complaints.list(filters),
        services.staffAccounts.list(),
        services.complaints.categories(),
      ])
      const names = new Map(people.map((p) => [p.id, p.name]))
      const grouped = groups.map((g) => ({
        ...g,
        items: [] as ((typeof result.items)[number] & { handlerName?: string; priorityRank: number })[],
      }))
      for (const item of result.items) {
        const s = item.deadlineStatus
        const key = !s
          ? 'none'
          : s.status === 'overdue'
            ? 'overdue'
            : s.workingDaysLeft === 0
              ? 'today'
              : (s.workingDaysLeft ?? 99) <= AT_RISK_WORKING_DAYS
                ? 'soon'
                : 'later'
        grouped
          .find((g) => g.key === key)
          ?.items.push({
            ...item,
            handlerName: item.currentHandlerId ? names.get(item.currentHandlerId) : undefined,
            priorityRank: priorityRank(item.priority),
          })
      }
      const applied = Object.entries(filters)
        .filter(
          ([k, v]) =>
            !['sort', 'order', 'page', 'pageSize', 'handlerId', 'after', 'before', 'viewer'].includes(k) &&
            v !== undefined &&
            v !== false &&
            !(Array.isArray(v) && v.length === 0),
        )
        .map(([k]) => k)
        .concat(view === 'team' && handler ? ['handler'] : [])
      const pages = Math.max(1, Math.ceil(result.total / result.pageSize))
      const query = new URLSearchParams(
        Object.entries(q).flatMap(([k, v]) => many(v).map((x): [string, string] => [k, x])),
      )
      query.delete('after')
      query.delete('before')
      const pageHref = (n: number) => {
        query.set('page', String(n))
        return `/complaints?${query.toString()}`
      }
      const cursorHref = (param: 'after' | 'before', keys: (string | number)[] | undefined) => {
        if (!keys) return undefined
        const next = new URLSearchParams(query)
        next.delete('page')
        next.set(param, pageCursor(keys))
        return `/complaints?${next.toString()}`
      }
      const keyset = Boolean(after || before)
      const numbered = Math.min(pages, keysetFrom)
      const full = result.items.length === result.pageSize
      return reply.code(Object.keys(errors).length ? 422 : 200).view('staff/complaints/queue.njk', {
        errors: Object.keys(errors).length ? errors : undefined,
        view,
        groups: grouped,
        total: result.total,
        totalExact: result.totalExact,
        filtersApplied: applied.length > 0,
        downloads: downloadLinks('/complaints', q),
        // The filters beyond the search box, which stay folded away until one is used.
        moreFiltersApplied: applied.filter((k) => k !== 'search').length,
        q: one(q.q) ?? '',
        stageItems: [
          { value: '', text: 'Either stage', checked: !filters.stage },
          { value: '1', text: 'Stage 1', checked: filters.stage === 1 },
          { value: '2', text: 'Stage 2', checked: filters.stage === 2 },
        ],
        stateItems: complaintStates.map((s) => ({
          value: s,
          text: stateLabels[s],
          checked: states.includes(s),
        })),
        handlerItems: [
          { value: '', text: 'Anyone' },
          ...people
            .filter((p) => mayHandleComplaints(p.role))
            .map((p) => ({ value: p.id, text: p.name, selected: p.id === filters.handlerId })),
        ],
        categoryItems: [
          { value: '', text: 'Any category' },
          ...categories.map((c) => ({ value: c.code, text: c.label, selected: c.code === filters.category })),
        ],
        channelItems: [
          { value: '', text: 'Any channel' },
          ...channels.map((c) => ({ value: c, text: channelLabels[c], selected: c === filters.channel })),
        ],
        priorityItems: priorities.map((p) => ({
          value: p,
          text: priorityLabels[p],
          checked: many(q.priority).includes(p),
        })),
        sortItems: [
          { value: 'due', text: 'Due date', selected: one(q.sort) !== 'priority' },
          {
            value: 'priority',
            text: 'Priority (urgent first), then due date',
            selected: one(q.sort) === 'priority',
          },
        ],
        priorityLabels,
        hazardItems: [
          {
            value: 'running',
            text: 'Only complaints with a hazard clock running (Awaab’s Law)',
            checked: filters.hazardRunning,
          },
        ],
        fromItems: dateInputItems('from', dateParts(q as never, 'from'), Boolean(errors.from)),
        toItems: dateInputItems('to', dateParts(q as never, 'to'), Boolean(errors.to)),
        hidden: {
          overdue: one(q.overdue),
          dueWithin: one(q.dueWithin),
          extended: one(q.extended),
          actions: one(q.actions),
          unassigned: one(q.unassigned),
        },
        // The first pages by number; from the last numbered page on, by keyset, so a deep page
        // costs what the first does.
        pagination: keyset
          ? {
              previous: { href: cursorHref('before', result.firstKeys) ?? pageHref(1) },
              next: full ? { href: cursorHref('after', result.lastKeys) } : undefined,
              items: [{ number: 1, href: pageHref(1) }, { ellipsis: true }],
            }
          : pages > 1
            ? {
                previous: page > 1 ? { href: pageHref(page - 1) } : undefined,
                next:
                  page < pages
                    ? { href: page >= numbered ? cursorHref('after', result.lastKeys) : pageHref(page + 1) }
                    : undefined,
                items: Array.from({ length: numbered }, (_, i) => ({
                  number: i + 1,
                  href: pageHref(i + 1),
                  current: i + 1 === page,
                })),
              }
            : undefined,
      })
    },
  )
}
