import { type Kysely, type RawBuilder, sql } from 'kysely'
import { DEFAULT_ENTITY_ID } from '../../domain/entities/entity.js'
import type { PersonEventData } from '../../domain/people/person.js'
import { likeLiteral } from '../like.js'
import type { DB } from '../schema.js'
import { eventStream, type StreamEvent, streamEventOf } from './eventStreams.js'

export type PersonRow = {
  id: string
  reference: string
  name: string
  email: string | null
  phone: string | null
  postcode: string | null
  address: string | null
  tenancyReference: string | null
  searchText: string
  hasVulnerability: boolean
  hasAdjustments: boolean
  nextReviewOn: string | null
  restrictedUntil: string | null
  restrictionReviewOn: string | null
  mergedIntoId: string | null
  version: number
  updatedAt: Date
}

/**
 * The landlord entity a resident's record belongs to (issue 34): the one its latest details name
 * (each `person.recorded` and `person.details_changed` carries the whole details), else the
 * default entity's. The record keeps it in its events only, so it is read from them.
 */
const entityOfPerson = sql<string>`coalesce((select e.data->'details'->>'entityId' from person_events e
  where e.person_id = people.id and e.type in ('person.recorded', 'person.details_changed')
  order by e.seq desc limit 1), ${DEFAULT_ENTITY_ID})`

const compactPostcode = (p: string | undefined | null) => p?.replace(/\s+/g, '').toUpperCase() || null

/** The record a resident was matched to, with its events, or the number for a new one. */
export type ResidentMatch =
  | { found: { id: string; events: StreamEvent<PersonEventData>[] } }
  | { newNumber: number }

export type MatchFields = { tenancyReference?: string; email?: string; name: string; postcode?: string }

/**
 * The live record a resident most likely is, as a query of its id and reference: the same tenancy
 * reference, else the same email, else the same name at the same postcode, the oldest record first
 * within each. Each way is its own indexed lookup (an OR of them would scan every record); never a
 * merged-away record. Undefined when the resident gives nothing to match on.
 */
export function matchQuery(r: MatchFields) {
  const postcode = compactPostcode(r.postcode)
  const tenancy = r.tenancyReference?.trim()
  const email = r.email?.trim().toLowerCase()
  const lookups = matchLookups('people', {
    tenancy: tenancy ? sql`${tenancy}` : undefined,
    email: email ? sql`${email}` : undefined,
    name: sql`${(r.name ?? '').trim().toLowerCase()}`,
    postcode: postcode ? sql`${postcode}` : undefined,
  })
  if (!lookups.length) return undefined
  return sql<{ id: string; reference: string }>`
    select id, reference from (${sql.join(lookups, sql` union all `)}) found order by rank limit 1`
}

/** The fields `matchQuery` matches on, as SQL: trimmed, the email and name lower case, the postcode compact. */
type MatchExpressions = {
  tenancy: RawBuilder<unknown> | undefined
  email: RawBuilder<unknown> | undefined
  name: RawBuilder<unknown>
  postcode: RawBuilder<unknown> | undefined
}

/** The rule itself: one indexed lookup each way, in rank order, over a table shaped like `people`. */
function matchLookups(
  table: 'people' | typeof IMPORT_RESIDENTS,
  f: MatchExpressions,
  before?: RawBuilder<unknown>,
) {
  const ways = [
    f.tenancy &&
      sql`${f.tenancy}::text is not null and tenancy_reference is not null and tenancy_reference = ${f.tenancy}`,
    f.email && sql`${f.email}::text is not null and email is not null and lower(email) = ${f.email}`,
    f.postcode &&
      sql`${f.postcode}::text is not null and lower(name) = ${f.name} and replace(postcode, ' ', '') = ${f.postcode}`,
  ]
  return ways.flatMap((way, rank) =>
    way
      ? [
          sql`(select id, reference, ${rank}::int as rank from ${sql.table(table)}
            where merged_into_id is null and ${way} ${before ? sql`and reference < ${before}` : sql``}
            order by reference limit 1)`,
        ]
      : [],
  )
}

/** The import's residents not found in `people`, matched against each other by the same rule. */
const IMPORT_RESIDENTS = 'import_residents'

/**
 * `matchQuery` for many residents at once: each resident's record by the same rule and the rank
 * of the way it matched (0 tenancy, 1 email, 2 name and postcode), in `people`, or
 * (`among: 'themselves'`) among the residents given before it (its `id` is then that one's index).
 */
async function matchMany(db: Kysely<DB>, residents: readonly MatchFields[], among: 'people' | 'themselves') {
  const found = new Map<number, { id: string; rank: number }>()
  if (!residents.length) return found
  const rows = residents.map((r, i) => ({
    i,
    tenancy: r.tenancyReference?.trim() || null,
    email: r.email?.trim().toLowerCase() || null,
    name: (r.name ?? '').trim().toLowerCase(),
    postcode: compactPostcode(r.postcode),
  }))
  const table = among === 'people' ? 'people' : IMPORT_RESIDENTS
  if (among === 'themselves') {
    // A table like \`people\` (its matching indexes too), for this transaction only.
    await sql`create temp table if not exists ${sql.table(IMPORT_RESIDENTS)} (like people including defaults including indexes) on commit drop`.execute(
      db,
    )
    await sql`delete from ${sql.table(IMPORT_RESIDENTS)}`.execute(db)
    await sql`insert into ${sql.table(IMPORT_RESIDENTS)} (id, reference, name, email, postcode, tenancy_reference, search_text, version, updated_at)
      select gen_random_uuid(), lpad(r.i::text, 9, '0'), r.name, r.email, r.postcode, r.tenancy, '', 0, now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(i int, tenancy text, email text, name text, postcode text)`.execute(
      db,
    )
    await sql`analyze ${sql.table(IMPORT_RESIDENTS)}`.execute(db)
  }
  const lookups = matchLookups(
    table,
    {
      tenancy: sql`k.tenancy`,
      email: sql`k.email`,
      name: sql`k.name`,
      postcode: sql`k.postcode`,
    },
    among === 'themselves' ? sql`lpad(k.i::text, 9, '0')` : undefined,
  )
  const { rows: hits } = await sql<{ i: number; id: string; reference: string; rank: number }>`
    select k.i, m.id, m.reference, m.rank
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as k(i int, tenancy text, email text, name text, postcode text)
    cross join lateral (
      select id, reference, rank from (${sql.join(lookups, sql` union all `)}) found order by rank limit 1
    ) m`.execute(db)
  for (const h of hits)
    found.set(h.i, { id: among === 'people' ? h.id : String(Number(h.reference)), rank: Number(h.rank) })
  return found
}

/** Resident records: an append-only run of events each, a row for matching and lists, and who saw what. */
export function peopleRepository(db: Kysely<DB>) {
  const columns = (r: PersonRow) => ({
    id: r.id,
    reference: r.reference,
    name: r.name,
    email: r.email,
    phone: r.phone,
    postcode: r.postcode,
    address: r.address,
    tenancy_reference: r.tenancyReference,
    search_text: r.searchText,
    has_vulnerability: r.hasVulnerability,
    has_adjustments: r.hasAdjustments,
    next_review_on: r.nextReviewOn,
    restricted_until: r.restrictedUntil,
    restriction_review_on: r.restrictionReviewOn,
    merged_into_id: r.mergedIntoId,
    version: r.version,
    updated_at: r.updatedAt,
  })
  const stream = eventStream<PersonEventData>(db, 'person_events')
  return {
    async nextReferenceNumber(): Promise<number> {
      const { rows } = await sql<{ n: number }>`select nextval('person_reference_seq') as n`.execute(db)
      return Number(rows[0]?.n)
    },
    /**
     * The writes of a change to a record, for `writeTogether`: its row (inserted, or updated
     * only from `expectedVersion`) and its events numbered after it. A writer who moved the
     * record on first took those numbers, so the change is refused as a version conflict.
     */
    change(
      r: PersonRow,
      expectedVersion: number | undefined,
      events: { data: PersonEventData; at: Date; by: string | null }[],
    ) {
      const row =
        expectedVersion === undefined
          ? db.insertInto('people').values(columns(r))
          : db
              .updateTable('people')
              .set(columns(r))
              .where('id', '=', r.id)
              .where('version', '=', expectedVersion)
      return [row, ...stream.appendQuery(r.id, expectedVersion ?? 0, events)]
    },
    events: (id: string) => stream.read(id),
    /** `matchQuery` for many residents at once (`matchMany`): an import's, in one transaction. */
    matchMany: (residents: readonly MatchFields[], among: 'people' | 'themselves') =>
      matchMany(db, residents, among),
    /** The events of many records, by record. */
    async eventsOfMany(ids: readonly string[]): Promise<Map<string, StreamEvent<PersonEventData>[]>> {
      const byId = new Map<string, StreamEvent<PersonEventData>[]>()
      for (let i = 0; i < ids.length; i += 5000) {
        const rows = await db
          .selectFrom('person_events')
          .select(['person_id', 'seq', 'type', 'at', 'actor_id', 'data'])
          .where('person_id', 'in', ids.slice(i, i + 5000))
          .orderBy('person_id')
          .orderBy('seq')
          .execute()
        for (const r of rows) {
          const list = byId.get(r.person_id) ?? []
          list.push(streamEventOf<PersonEventData>(r))
          byId.set(r.person_id, list)
        }
      }
      return byId
    },
    /** `n` record numbers from the sequence references are made from. */
    async referenceNumbers(n: number): Promise<number[]> {
      if (n === 0) return []
      const { rows } = await sql<{
        n: string
      }>`select nextval('person_reference_seq') as n from generate_series(1, ${n}::int)`.execute(db)
      return rows.map((r) => Number(r.n))
    },
    /**
     * New records in bulk (an import's): their rows, 500 a statement, and their events as one JSON
     * parameter a batch (PGlite binds thousands of parameters slowly).
     */
    async insertMany(
      records: readonly {
        row: PersonRow
        events: { data: PersonEventData; at: Date; by: string | null }[]
      }[],
    ) {
      for (let i = 0; i < records.length; i += 500) {
        const batch = records.slice(i, i + 500)
        if (!batch.length) continue
        await db
          .insertInto('people')
          .values(batch.map((r) => columns(r.row)))
          .execute()
        const events = batch.flatMap((r) =>
          r.events.map((e, n) => {
            const { type, ...data } = e.data
            return { person_id: r.row.id, seq: n + 1, type, at: e.at, actor_id: e.by, data }
          }),
        )
        await sql`insert into person_events (person_id, seq, type, at, actor_id, data)
          select person_id, seq, type, at, actor_id, data
          from jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
            as e(person_id uuid, seq int, type text, at timestamptz, actor_id uuid, data jsonb)`.execute(db)
      }
    },
    find: (id: string) => db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The live record a resident most likely is (`matchQuery`). */
    async match(r: MatchFields): Promise<{ id: string; reference: string } | undefined> {
      const query = matchQuery(r)
      if (!query) return undefined
      const { rows } = await query.execute(db)
      return rows[0]
    },

    /** Records found by name, reference, email or postcode; live ones first. */
    /** The entity a record belongs to (see `entityOfPerson`); undefined when there is no such record. */
    async entityOf(id: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('people')
        .select(entityOfPerson.as('entityId'))
        .where('id', '=', id)
        .executeTakeFirst()
      return row?.entityId
    },

    async search(q: string, limit = 50, offset = 0, entityId?: string) {
      const term = `%${likeLiteral(q.trim().toLowerCase())}%`
      let query = db
        .selectFrom('people')
        .select([
          'id',
          'reference',
          'name',
          'email',
          'postcode',
          'address',
          'merged_into_id',
          'next_review_on',
          'restricted_until',
        ])
      if (q.trim()) query = query.where('search_text', 'like', term)
      if (entityId) query = query.where(entityOfPerson, '=', entityId)
      return query
        .orderBy(sql`merged_into_id is not null`)
        .orderBy('name')
        .orderBy('reference')
        .limit(limit)
        .offset(offset)
        .execute()
    },

    /**
     * Reviews owed by a date (Code 5.10 adjustments; 5.15 restrictions still in force), soonest
     * first: for the daily prompt and the reviews queue.
     */
    reviewsDue: async (by: string, today: string, limit = 200, entityId?: string) => {
      // A restriction's review is owed only while it is in force: it ends itself after its last day.
      const restrictionReview = sql<
        string | null
      >`case when restricted_until >= ${today} then restriction_review_on end`
      const rows = await db
        .selectFrom('people')
        .select(['id', 'reference', 'name', 'next_review_on as adjustmentReviewOn'])
        .select(restrictionReview.as('restrictionReviewOn'))
        .where('merged_into_id', 'is', null)
        .where((eb) => eb.or([eb('next_review_on', '<=', by), eb(restrictionReview, '<=', by)]))
        .$if(entityId !== undefined, (q) => q.where(entityOfPerson, '=', entityId ?? ''))
        .orderBy(sql`least(next_review_on, ${restrictionReview})`)
        .limit(limit)
        .execute()
      return rows.map((r) => ({
        ...r,
        /** The review owed first, and whether it is the restriction's. */
        dueOn: [r.adjustmentReviewOn, r.restrictionReviewOn]
          .filter((d): d is string => Boolean(d))
          .sort()[0] as string,
        restrictionFirst: Boolean(
          r.restrictionReviewOn && (!r.adjustmentReviewOn || r.restrictionReviewOn <= r.adjustmentReviewOn),
        ),
      }))
    },

    /** Code 5.10: how many live records have reasonable adjustments agreed; one landlord entity's only, if given. */
    async withAdjustments(entityId?: string): Promise<number> {
      const row = await db
        .selectFrom('people')
        .select(db.fn.countAll<number>().as('n'))
        .where('merged_into_id', 'is', null)
        .where('has_adjustments', '=', true)
        .$if(entityId !== undefined, (q) => q.where(entityOfPerson, '=', entityId ?? ''))
        .executeTakeFirst()
      return Number(row?.n ?? 0)
    },

    /** Code 5.10: how many records have an adjustment review overdue on a date; one landlord entity's only, if given. */
    async adjustmentReviewsOverdue(today: string, entityId?: string): Promise<number> {
      const row = await db
        .selectFrom('people')
        .select(db.fn.countAll<number>().as('n'))
        .where('merged_into_id', 'is', null)
        .where('next_review_on', '<', today)
        .$if(entityId !== undefined, (q) => q.where(entityOfPerson, '=', entityId ?? ''))
        .executeTakeFirst()
      return Number(row?.n ?? 0)
    },

    /** Complaints on the record (moved across when duplicates merge); one entity's only, if given. */
    complaints: (personId: string, entityId?: string) =>
      db
        .selectFrom('complaints')
        .select(['id', 'reference', 'state', 'received_on', 'deadline_due_on'])
        .where('person_id', '=', personId)
        .$if(entityId !== undefined, (q) => q.where('entity_id', '=', entityId ?? ''))
        .orderBy('received_at', 'desc')
        .execute(),

    moveComplaints: (fromId: string, toId: string) =>
      db.updateTable('complaints').set({ person_id: toId }).where('person_id', '=', fromId).execute(),

    /** Who viewed a resident's vulnerabilities, newest first (the access log's entries for them). */
    sensitiveAccess: (personId: string) =>
      db
        .selectFrom('access_log')
        .innerJoin('users', 'users.id', 'access_log.staff_id')
        .select([
          'access_log.at',
          'access_log.what',
          'access_log.context as purpose',
          'users.name as staffName',
        ])
        .where('access_log.person_id', '=', personId)
        .where('access_log.kind', '=', 'vulnerabilities')
        .orderBy('access_log.at', 'desc')
        .orderBy('access_log.id', 'desc')
        .execute(),
  }
}
