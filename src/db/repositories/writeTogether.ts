import { type Kysely, type OperationNodeSource, sql } from 'kysely'
import { prepared } from '../prepared.js'
import type { DB } from '../schema.js'
import { appendOrConflict } from '../versioned.js'

/**
 * Writes that belong together, sent as one statement: each is a data-modifying WITH query, so
 * they take one round trip and all happen or none do, inside a transaction or not. They see one
 * snapshot, so none may depend on another's effect, but foreign keys between them hold (they are
 * checked as the statement ends). A clash on an event stream's (stream, seq) key, which is how
 * every version check on a record with events is enforced, undoes all of them and is a version
 * conflict. Each form of it is prepared once per PostgreSQL connection (`prepared`).
 */
export async function writeTogether(db: Kysely<DB>, writes: OperationNodeSource[]): Promise<void> {
  if (!writes.length) return
  const ctes = writes.map((write, i) => sql`${sql.id(`w${i}`)} as (${write})`)
  await appendOrConflict(() => sql`${prepared} with ${sql.join(ctes)} select 1`.execute(db))
}
