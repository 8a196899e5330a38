import type { Kysely } from 'kysely'
import type { LandlordEntity } from '../../domain/entities/entity.js'
import type { DB } from '../schema.js'
import { peopleRepository } from './people.js'

/** The records a person limited to an entity is kept to their entity's of (issue 34). */
export type EntityRecordKind =
  | 'complaint'
  | 'hazard'
  | 'ombudsmanCase'
  | 'person'
  | 'mailMessage'
  | 'inboxItem'
  | 'intervention'
  | 'improvementAction'
  | 'selfAssessment'

const columns = [
  'id',
  'name',
  'rp_number',
  'address',
  'phone',
  'email',
  'website',
  'is_default',
  'logo_type',
] as const

type Row = {
  id: string
  name: string | null
  rp_number: string | null
  address: string | null
  phone: string | null
  email: string | null
  website: string | null
  is_default: boolean
  logo_type: string | null
}

const entityOf = (r: Row): LandlordEntity => ({
  id: r.id,
  ...(r.name ? { name: r.name } : {}),
  ...(r.rp_number ? { rpNumber: r.rp_number } : {}),
  ...(r.address ? { address: r.address } : {}),
  ...(r.phone ? { phone: r.phone } : {}),
  ...(r.email ? { email: r.email } : {}),
  ...(r.website ? { website: r.website } : {}),
  hasLogo: Boolean(r.logo_type),
  isDefault: r.is_default,
})

export type EntityWrite = {
  name: string | null
  rpNumber: string | null
  address: string | null
  phone: string | null
  email: string | null
  website: string | null
}

const rowOf = (w: EntityWrite) => ({
  name: w.name,
  rp_number: w.rpNumber,
  address: w.address,
  phone: w.phone,
  email: w.email,
  website: w.website,
})

/** The landlord entities (migration 0058): the default first, then by name. */
export function entitiesRepository(db: Kysely<DB>) {
  return {
    /**
     * The entities a record belongs to, for roles limited to an entity; undefined when there is no
     * such record, none when it belongs to no complaint (the whole group's). A hazard, an Ombudsman
     * case, a letter or email sent, an email received and an intervention are their complaint's;
     * an improvement action is the entities of the complaints it is linked to (one from an
     * Ombudsman order is linked to its case's complaint as it is raised); a resident's record is
     * the one its latest details name (see `entityOfPerson`). Each read by the record's key, then
     * its complaint's.
     */
    async entitiesOfRecord(kind: EntityRecordKind, id: string): Promise<string[] | undefined> {
      if (kind === 'person') {
        const e = await peopleRepository(db).entityOf(id)
        return e === undefined ? undefined : [e]
      }
      if (kind === 'selfAssessment') {
        const a = await db
          .selectFrom('self_assessments')
          .select('entity_id')
          .where('id', '=', id)
          .executeTakeFirst()
        return a === undefined ? undefined : a.entity_id ? [a.entity_id] : []
      }
      if (kind === 'improvementAction') {
        const action = await db
          .selectFrom('improvement_actions')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst()
        if (!action) return undefined
        const rows = await db
          .selectFrom('improvement_action_complaints as l')
          .innerJoin('complaints as c', 'c.id', 'l.complaint_id')
          .select('c.entity_id')
          .distinct()
          .where('l.action_id', '=', id)
          .execute()
        return rows.map((r) => r.entity_id)
      }
      const table = {
        complaint: undefined,
        hazard: 'hazards',
        ombudsmanCase: 'ombudsman_cases',
        mailMessage: 'mail_messages',
        inboxItem: 'inbox_items',
        intervention: 'ombudsman_interventions',
      } as const
      const from = table[kind]
      const row = await (from === undefined
        ? db.selectFrom('complaints as c').where('c.id', '=', id).select('c.entity_id')
        : // Each of these tables has an id and the complaint_id it belongs to (null: none).
          db
            .selectFrom(`${from} as r` as 'mail_messages as r')
            .leftJoin('complaints as c', 'c.id', 'r.complaint_id')
            .where('r.id', '=', id)
            .select('c.entity_id')
      ).executeTakeFirst()
      if (!row) return undefined
      return row.entity_id ? [row.entity_id] : []
    },

    async list(): Promise<LandlordEntity[]> {
      const rows = await db
        .selectFrom('landlord_entities')
        .select(columns)
        .orderBy('is_default', 'desc')
        .orderBy('name')
        .execute()
      return rows.map(entityOf)
    },

    async find(id: string): Promise<LandlordEntity | undefined> {
      const row = await db
        .selectFrom('landlord_entities')
        .select(columns)
        .where('id', '=', id)
        .executeTakeFirst()
      return row ? entityOf(row) : undefined
    },

    async nameTaken(name: string, exceptId?: string) {
      let q = db
        .selectFrom('landlord_entities')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      if (exceptId) q = q.where('id', '!=', exceptId)
      return Boolean(await q.executeTakeFirst())
    },

    async add(id: string, w: EntityWrite, at: Date, by: string) {
      await db
        .insertInto('landlord_entities')
        .values({ id, ...rowOf(w), created_at: at, updated_at: at, updated_by: by })
        .execute()
    },

    async update(id: string, w: EntityWrite, at: Date, by: string) {
      await db
        .updateTable('landlord_entities')
        .set({ ...rowOf(w), updated_at: at, updated_by: by })
        .where('id', '=', id)
        .execute()
    },

    async setLogo(id: string, logo: { bytes: Uint8Array; type: string } | null, at: Date, by: string) {
      await db
        .updateTable('landlord_entities')
        .set({ logo: logo?.bytes ?? null, logo_type: logo?.type ?? null, updated_at: at, updated_by: by })
        .where('id', '=', id)
        .execute()
    },

    async logo(id: string): Promise<{ bytes: Uint8Array; type: string } | undefined> {
      const row = await db
        .selectFrom('landlord_entities')
        .select(['logo', 'logo_type'])
        .where('id', '=', id)
        .executeTakeFirst()
      return row?.logo && row.logo_type ? { bytes: row.logo, type: row.logo_type } : undefined
    },
  }
}
