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
