import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testDatabaseKind } from '../../../test/db.js'
import type { Database } from '../database.js'
import { type MatchFields, matchQuery } from './people.js'

let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
  // Enough residents that walking them all would cost more than a lookup does.
  await sql`insert into people (id, reference, name, email, postcode, tenancy_reference, search_text,
      has_vulnerability, has_adjustments, version, updated_at)
    select gen_random_uuid(), 'RES-' || lpad(n::text, 6, '0'), 'Resident ' || n, 'r' || n || '@example.org',
      'M1 ' || (n % 9) || 'AB', 'T' || n, 'resident ' || n, false, false, 1, now()
    from generate_series(1, 5000) n`.execute(database.db)
  await sql`analyze people`.execute(database.db)
}, 60_000)
afterAll(async () => {
  await database.close()
})

const plan = async (fields: MatchFields) => {
  const q = matchQuery(fields)
  if (!q) throw new Error('nothing to match on')
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${q}`.execute(database.db)
  return rows.map((r) => r['QUERY PLAN']).join('\n')
}
const found = async (fields: MatchFields) => {
  const q = matchQuery(fields)
  return q ? (await q.execute(database.db)).rows[0]?.reference : undefined
}

describe(`matching a resident to their record, on ${testDatabaseKind}`, () => {
  it('finds the oldest live record each way: tenancy reference, then email, then name and postcode', async () => {
    expect(await found({ name: 'Nobody', tenancyReference: 'T42', email: 'r7@example.org' })).toBe(
      'RES-000042',
    )
    expect(await found({ name: 'Nobody', email: 'R7@Example.org' })).toBe('RES-000007')
    expect(await found({ name: 'resident 12', postcode: 'm13ab' })).toBe('RES-000012')
    expect(await found({ name: 'Someone New', email: 'new@example.org', postcode: 'M1 1AB' })).toBeUndefined()
  })

  it('looks each way up in its own index, in reference order, never walking every record', async () => {
    // A new resident matches nothing: the case where walking the records would visit them all.
    const p = await plan({
      name: 'Someone New',
      tenancyReference: 'T-NEW',
      email: 'new@example.org',
      postcode: 'M1 1AB',
    })
    expect(p).toContain('people_tenancy_idx')
    expect(p).toContain('people_email_idx')
    expect(p).toContain('people_name_postcode_idx')
    expect(p).not.toMatch(/people_reference_key|Seq Scan on people/)
    // The lookups need no sort of their own: each index gives its matches oldest first.
    expect(p).not.toMatch(/Sort Key: people\.reference/)
  })
})
