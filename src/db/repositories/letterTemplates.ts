import { type Kysely, sql } from 'kysely'
import type { DB } from '../schema.js'

/** The landlord's letter wording and letterhead, each change a new version. */
export function letterTemplatesRepository(db: Kysely<DB>) {
  return {
    /** The newest version of each kind's template. */
    async current() {
      return db
        .selectFrom('letter_templates as t')
        .select(['t.kind', 't.version', 't.opening', 't.closing', 't.created_at as createdAt'])
        .where('t.version', '=', sql<number>`(select max(version) from letter_templates where kind = t.kind)`)
        .execute()
    },

    async history(kind: string) {
      return db
        .selectFrom('letter_templates')
        .leftJoin('users', 'users.id', 'letter_templates.created_by')
        .select([
          'letter_templates.version',
          'letter_templates.opening',
          'letter_templates.closing',
          'letter_templates.created_at as createdAt',
          'users.name as createdBy',
        ])
        .where('kind', '=', kind)
        .orderBy('version', 'desc')
        .execute()
    },

    async add(t: { kind: string; opening: string; closing: string; at: Date; by: string }): Promise<number> {
      await sql`select pg_advisory_xact_lock(7301124005)`.execute(db)
      const last = await db
        .selectFrom('letter_templates')
        .select(sql<number>`coalesce(max(version), 0)`.as('v'))
        .where('kind', '=', t.kind)
        .executeTakeFirstOrThrow()
      const version = Number(last.v) + 1
      await db
        .insertInto('letter_templates')
        .values({
          kind: t.kind,
          version,
          opening: t.opening,
          closing: t.closing,
          created_at: t.at,
          created_by: t.by,
        })
        .execute()
      return version
    },

    async settings() {
      return db
        .selectFrom('letter_settings')
        .select([
          'version',
          'address',
          'signature',
          'sign_with_name as signWithName',
          'logo_type as logoType',
          'phone',
          'email',
          'created_at as createdAt',
        ])
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst()
    },

    /** The logo in force, if any. */
    async logo(): Promise<{ bytes: Uint8Array; type: string } | undefined> {
      const row = await db
        .selectFrom('letter_settings')
        .select(['logo', 'logo_type'])
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst()
      return row?.logo && row.logo_type ? { bytes: row.logo, type: row.logo_type } : undefined
    },

    async addSettings(s: {
      address: string
      signature: string
      signWithName: boolean
      phone: string | null
      email: string | null
      /** undefined keeps the logo in force; null removes it. */
      logo?: { bytes: Uint8Array; type: string } | null
      at: Date
      by: string
    }) {
      await sql`select pg_advisory_xact_lock(7301124006)`.execute(db)
      const last = await db
        .selectFrom('letter_settings')
        .select(sql<number>`coalesce(max(version), 0)`.as('v'))
        .executeTakeFirstOrThrow()
      const logo = s.logo === undefined ? await this.logo() : s.logo
      await db
        .insertInto('letter_settings')
        .values({
          version: Number(last.v) + 1,
          address: s.address,
          signature: s.signature,
          sign_with_name: s.signWithName,
          phone: s.phone,
          email: s.email,
          logo: logo?.bytes ?? null,
          logo_type: logo?.type ?? null,
          created_at: s.at,
          created_by: s.by,
        })
        .execute()
    },
  }
}
