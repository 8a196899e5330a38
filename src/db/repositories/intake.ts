import { type Kysely, sql } from 'kysely'
import type { PersonEventData } from '../../domain/people/person.js'
import { fromJson } from '../json.js'
import { prepared } from '../prepared.js'
import type { DB } from '../schema.js'
import { complaintsRepository } from './complaints.js'
import { streamEventOf } from './eventStreams.js'
import { type MatchFields, matchQuery, type ResidentMatch } from './people.js'
import { type RulesStamp, type StampColumns, stampColumns, stampOf } from './rules.js'

/** Everything logging a complaint reads before it decides, as one statement gives it. */
export type IntakeLookups = {
  stamp: RulesStamp
  categories: { code: string; label: string; active: boolean }[]
  /** The complaint's reference number, taken from its sequence. */
  complaintNumber: number
  /** The live resident record the complaint joins, with its events; else a new record's number. */
  resident: ResidentMatch
  /** Code 6.1: complaints since `since` from the record found, and about the same home. */
  earlier: { fromResident: number; atAddress: number }
}

type Row = StampColumns & {
  complaint_number: unknown
  categories: unknown
  person_id: string | null
  person_number: unknown
  person_events: unknown
  from_resident: unknown
  at_address: unknown
}

/**
 * What intake reads, in one round trip: the rules' versions, the categories, the next reference,
 * the resident's record (found the way `matchQuery` says, with its events) or a new record's
 * reference, and the earlier complaints triage weighs. Each part is an indexed lookup; the
 * statement is prepared once per PostgreSQL connection (`prepared`).
 */
export function intakeRepository(db: Kysely<DB>) {
  return {
    async lookups(q: {
      resident: MatchFields
      addressKey: string | null
      since: Date
    }): Promise<IntakeLookups> {
      const match = matchQuery(q.resident) ?? sql`select null::uuid as id where false`
      const { rows } = await sql<Row>`${prepared}
        with hit as (${match})
        select ${stampColumns},
          nextval('complaint_reference_seq') as complaint_number,
          (select coalesce(json_agg(c), '[]'::json) from (${complaintsRepository(db).categoriesQuery()}) c) as categories,
          (select id from hit) as person_id,
          case when not exists (select 1 from hit) then nextval('person_reference_seq') end as person_number,
          (select json_agg(json_build_object('seq', seq, 'type', type, 'at', at, 'actor_id', actor_id,
            'data', data) order by seq) from person_events where person_id = (select id from hit)) as person_events,
          (select count(*) from complaints where person_id = (select id from hit)
            and received_at >= ${q.since}) as from_resident,
          (select count(*) from complaints where address_key = ${q.addressKey}
            and received_at >= ${q.since}) as at_address`.execute(db)
      const row = rows[0] as Row
      const events = fromJson<Parameters<typeof streamEventOf>[0][] | null>(row.person_events) ?? []
      return {
        stamp: stampOf(row),
        categories: fromJson(row.categories),
        complaintNumber: Number(row.complaint_number),
        resident: row.person_id
          ? { found: { id: row.person_id, events: events.map((e) => streamEventOf<PersonEventData>(e)) } }
          : { newNumber: Number(row.person_number) },
        earlier: { fromResident: Number(row.from_resident), atAddress: Number(row.at_address) },
      }
    },
  }
}
