import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'

const MARK = '/*prepared*/'

/**
 * Marks a statement, at its front, to be prepared on each PostgreSQL connection the first time it
 * is sent there and then only bound and run: for the few statements every API request or intake
 * sends, whose parsing and planning cost more than running them. The statement is named after
 * its text, so each form of it (a different number of rows, say) is a statement of its own, and
 * only marked statements are kept, so the number kept stays small. PGlite sees a comment.
 */
export const prepared = sql.raw(MARK)

const names = new Map<string, string>()
/** The name of a marked statement: made from its text, the same on every connection. */
function nameOf(text: string): string {
  let name = names.get(text)
  if (!name) {
    name = `p_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`
    names.set(text, name)
  }
  return name
}

/** At most this many statements are kept on one connection; any further are sent as others are. */
export const KEPT_PER_CONNECTION = 200

/** A PostgreSQL connection that sends the statements marked `prepared` as named prepared statements. */
export class PreparingClient extends pg.Client {
  readonly #kept = new Set<string>()

  // biome-ignore lint/suspicious/noExplicitAny: pg's query has many overloads; this passes each on.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.includes(MARK) && Array.isArray(values)) {
      const name = nameOf(config)
      if (this.#kept.has(name) || this.#kept.size < KEPT_PER_CONNECTION) {
        this.#kept.add(name)
        return super.query({ name, text: config, values }, callback)
      }
    }
    return super.query(config, values, callback)
  }
}
