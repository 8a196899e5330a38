import { letterTitle } from '../../../domain/complaints/letters.js'
import { plural } from '../../../domain/text/plural.js'

const statusLabels: Record<string, string> = {
  outbox: 'In the outbox (no mail server)',
  queued: 'Queued',
  sent: 'Sent',
  not_delivered: 'Not delivered',
}
const postReasons: Record<string, string> = {
  no_email: 'No email address',
  post_only: 'Asked for letters by post',
  not_delivered: 'Email not delivered',
}

/** A message's status in words. */
export const statusLabel = (status: string) => statusLabels[status] ?? status

/**
 * The outbox: a tab for each status with its count (and All), the messages with their status
 * in words, and paging by keyset: back to the newest, or on to older ones. A search the service
 * would not run is said, and left out of the page links.
 */
export function outboxPage<M extends { status: string }>(input: {
  status?: string
  q?: string
  searchError?: string
  counts: Record<string, number>
  items: M[]
  /** This page started after some message (so there are newer ones). */
  paged: boolean
  /** The cursor for the next, older, page, when there is one. */
  olderCursor?: string
}) {
  const { status, q, searchError, counts } = input
  const pageHref = (cursor?: string) => {
    const p = new URLSearchParams({
      ...(status ? { status } : {}),
      ...(q?.trim() && !searchError ? { q: q.trim() } : {}),
      ...(cursor ? { after: cursor } : {}),
    })
    return `/mail${p.size ? `?${p}` : ''}`
  }
  const all = Object.values(counts).reduce((a, b) => a + b, 0)
  return {
    q: q ?? '',
    searchError,
    pagination:
      input.olderCursor || input.paged
        ? {
            ...(input.paged ? { previous: { href: pageHref(), text: 'Newest' } } : {}),
            ...(input.olderCursor ? { next: { href: pageHref(input.olderCursor), text: 'Older' } } : {}),
          }
        : undefined,
    status: status ?? '',
    tabs: ['', 'outbox', 'queued', 'sent', 'not_delivered'].map((s) => ({
      href: s ? `/mail?status=${s}` : '/mail',
      text: `${s ? statusLabels[s] : 'All'} (${s ? (counts[s] ?? 0) : all})`,
      active: (status ?? '') === s,
    })),
    items: input.items.map((m) => ({ ...m, statusLabel: statusLabel(m.status) })),
  }
}

/** The letters waiting to be printed and posted, and the notice after some were marked as posted. */
export const printQueuePage = <W extends { kind: string; reason: string }>(
  waiting: W[],
  printed?: string,
) => ({
  notice: /^\d{1,4}$/.test(printed ?? '')
    ? `${plural(Number(printed), 'letter')} marked as printed and posted.`
    : undefined,
  waiting: waiting.map((w) => ({
    ...w,
    name: letterTitle(w.kind),
    reasonLabel: postReasons[w.reason] ?? w.reason,
  })),
})
