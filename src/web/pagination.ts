import { invalidInput } from '../errors.js'

/**
 * The GOV.UK pagination component's items for page `page` of `total` things shown `pageSize` to
 * a page: the first and last pages and two either side of this one; nothing when one page does.
 */
export function paginationFor(total: number, pageSize: number, page: number, href: (n: number) => string) {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  if (pages <= 1) return undefined
  return {
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
    items: Array.from({ length: pages }, (_, i) => i + 1)
      .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
      .map((n) => ({ number: n, href: href(n), current: n === page })),
  }
}

/** The page asked for in a query string: a whole number from 1, else the first. */
export const pageAsked = (value: string | undefined) =>
  Math.max(1, Math.min(1_000_000, Number.parseInt(value ?? '1', 10) || 1))

/**
 * Keyset paging, where deep pages are possible: a page is "the rows after this one" in the list's
 * order (a time, then a reference to break ties), so page 20,000 costs what page 1 does.
 */
export const keysetCursor = (at: Date, reference: string) =>
  encodeURIComponent(`${at.toISOString()}~${reference}`)

/** The row a keyset page starts after, from the query string; a cursor not made by keysetCursor is refused. */
export function keysetAfter(value: string | undefined): { since: Date; reference: string } | undefined {
  if (!value) return undefined
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~([A-Z0-9-]{1,40})$/.exec(value)
  const since = match?.[1] ? new Date(match[1]) : undefined
  if (!match?.[2] || !since || Number.isNaN(since.getTime()))
    throw invalidInput('That page link is not one this service made: start again from the first page')
  return { since, reference: match[2] }
}
