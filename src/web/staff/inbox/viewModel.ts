import { formatLondonDayAndTime } from '../../../domain/calendar/calendarDate.js'
import {
  type InboxDecision,
  inboxDecisionLabels,
  inboxStatuses,
  inboxStatusLabels,
} from '../../../domain/inbox/inbox.js'

type ListItem = {
  id: string
  fromAddress: string
  fromName: string | null
  subject: string
  arrivedAt: Date
  status: string
  decision: string | null
}

const decisionLabel = (d: string | null) => (d ? (inboxDecisionLabels[d as InboxDecision] ?? d) : '')

/**
 * The inbox queue: a tab per status (New first, the queue itself), the filters as typed, the
 * emails with who sent them and when they arrived, and paging by keyset (newest, then older).
 */
export function inboxListPage(input: {
  status: string
  from: string
  since: { day: string; month: string; year: string }
  sinceError?: string
  items: ListItem[]
  paged: boolean
  olderCursor?: string
  downloads?: { csv: string; xlsx: string }
  /** The landlord a limited person's account is limited to: they see only emails joined to its cases. */
  limitedTo?: string
}) {
  const { status, from, since } = input
  const query = (extra: Record<string, string>) => {
    const p = new URLSearchParams({
      ...(status ? { status } : {}),
      ...(from ? { from } : {}),
      ...(since.day || since.month || since.year
        ? { 'since-day': since.day, 'since-month': since.month, 'since-year': since.year }
        : {}),
      ...extra,
    })
    return `/inbox${p.size ? `?${p}` : ''}`
  }
  return {
    status,
    from,
    since,
    sinceError: input.sinceError,
    downloads: input.downloads,
    limitedTo: input.limitedTo,
    filtered: Boolean(from || since.day || since.month || since.year),
    tabs: [...inboxStatuses, 'all'].map((s) => ({
      href: s === 'new' ? '/inbox' : `/inbox?status=${s}`,
      text: s === 'all' ? 'All' : inboxStatusLabels[s as (typeof inboxStatuses)[number]],
      active: (status || 'new') === s,
    })),
    rows: input.items.map((i) => ({
      href: `/inbox/${i.id}`,
      subject: i.subject || '(no subject)',
      from: i.fromName ? `${i.fromName} <${i.fromAddress}>` : i.fromAddress,
      arrived: formatLondonDayAndTime(i.arrivedAt),
      status: i.status === 'new' ? 'New' : decisionLabel(i.decision),
      isNew: i.status === 'new',
    })),
    pagination:
      input.olderCursor || input.paged
        ? {
            ...(input.paged ? { previous: { href: query({}), text: 'Newest' } } : {}),
            ...(input.olderCursor
              ? { next: { href: query({ after: input.olderCursor }), text: 'Older' } }
              : {}),
          }
        : undefined,
  }
}

/** One email: what it says (as text only), its attachments (kept or refused, and why), and what was decided. */
export function inboxItemPage(item: {
  id: string
  fromAddress: string
  fromName: string | null
  toAddresses: string
  subject: string
  arrivedAt: Date
  textBody: string
  status: string
  decision: string | null
  complaintId: string | null
  complaintReference: string | null
  serviceRequestId: string | null
  serviceRequestReference: string | null
  decidedByName: string | null
  decidedAt: Date | null
  note: string | null
  attachments: { id: string; filename: string; size: number; refusedReason: string | null }[]
}) {
  const decidedWhat =
    item.decision === 'service_request'
      ? { text: item.serviceRequestReference ?? '', href: `/service-requests/${item.serviceRequestId}` }
      : item.complaintId
        ? { text: item.complaintReference ?? '', href: `/complaints/${item.complaintId}` }
        : undefined
  return {
    id: item.id,
    subject: item.subject || '(no subject)',
    from: item.fromName ? `${item.fromName} <${item.fromAddress}>` : item.fromAddress,
    to: item.toAddresses,
    arrived: formatLondonDayAndTime(item.arrivedAt),
    text: item.textBody.trim(),
    isNew: item.status === 'new',
    note: item.note,
    decision: item.decision
      ? {
          label: decisionLabel(item.decision),
          what: decidedWhat,
          by: item.decidedByName ?? 'The service, as a reply to our mail',
          at: item.decidedAt ? formatLondonDayAndTime(item.decidedAt) : '',
        }
      : undefined,
    attachments: item.attachments.map((a) => ({
      filename: a.filename,
      size: a.size < 1024 ? `${a.size} bytes` : `${Math.round(a.size / 1024)} KB`,
      href: a.refusedReason ? undefined : `/inbox/${item.id}/attachments/${a.id}`,
      refusedReason: a.refusedReason,
    })),
  }
}
