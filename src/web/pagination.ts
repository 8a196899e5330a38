import { pageLinkNotOurs } from '../errors.js'

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
 * Keyset paging, where deep pages are possible: a page is "the rows after (or before) this one"
 * in the list's order, named by that row's sort keys, so page 20,000 costs what page 1 does. The
 * keys travel in the link as a cursor; a cursor this service did not make is refused.
 */
export const pageCursor = (keys: readonly (string | number)[]) =>
  Buffer.from(JSON.stringify(keys)).toString('base64url')

export function keysFromCursor(value: string | undefined, length: number): (string | number)[] | undefined {
  if (value === undefined || value === '') return undefined
  let keys: unknown
  try {
    keys = /^[A-Za-z0-9_-]{1,400}$/.test(value)
      ? JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
      : undefined
  } catch {
    keys = undefined
  }
  if (
    !Array.isArray(keys) ||
    keys.length !== length ||
    !keys.every(
      (k) => (typeof k === 'string' && k.length <= 60) || (typeof k === 'number' && Number.isFinite(k)),
    )
  )
    throw pageLinkNotOurs()
  return keys
}
