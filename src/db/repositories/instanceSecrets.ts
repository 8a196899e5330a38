import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../schema.js'

/** A secret this installation keeps for itself, made the first time it is asked for. */
export async function instanceSecret(db: Kysely<DB>, name: string, now: Date): Promise<string> {
  await db
    .insertInto('instance_secrets')
    .values({ name, value: randomBytes(32).toString('base64url'), created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  const row = await db
    .selectFrom('instance_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
  return row.value
}
