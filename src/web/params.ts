import { z } from 'zod'

/**
 * The URL parameters of the staff and resident pages, as zod schemas a route names in
 * `schema: { params }`, so its handler reads them typed. A parameter is any text here: the
 * service that looks it up answers 404 for an id that is not one of its own (a UUID or not),
 * so the schema names the parameters and leaves judging them to the service.
 */
export const pathParams = <const K extends string>(...names: K[]) =>
  z.object(Object.fromEntries(names.map((name) => [name, z.string()])) as Record<K, z.ZodString>)

/** A query value as a list download reads it: the first given when given more than once. */
export const firstValue = (v: string | string[] | undefined): string | undefined =>
  Array.isArray(v) ? v[0] : v

/** `/…/:id`: the most common shape. */
export const idParams = pathParams('id')

/**
 * A page's query string: each value named is optional text. One given twice (`?done=a&done=b`)
 * is read as not given rather than refused, so a hand-edited link still shows the page; values
 * not named are kept as they came, for pages that pass the query on.
 */
export const queryText = <const K extends string>(...names: K[]) =>
  z.looseObject(
    Object.fromEntries(names.map((name) => [name, z.string().optional().catch(undefined)])) as Record<
      K,
      z.ZodCatch<z.ZodOptional<z.ZodString>>
    >,
  )

/** The query string most pages read: `?done=…`, the notice after a save. */
export const doneQuery = queryText('done')

/**
 * A query string read as it came, each value text or (given more than once) a list: for a list
 * page whose filters may repeat (`?state=open&state=closed`).
 */
export const repeatableQuery = z.record(z.string(), z.union([z.string(), z.array(z.string())]))

/**
 * A query string whose names the page reads as it goes (a filter passed on to the domain):
 * every value text, one given twice read as not given, as `queryText` does.
 */
export const textValuesQuery = z.record(z.string(), z.string().optional().catch(undefined))
