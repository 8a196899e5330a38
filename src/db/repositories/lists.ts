import type { Kysely } from 'kysely'
import type { DB } from '../schema.js'

/** The landlord's configurable lists: complaint categories, exclusion grounds and root causes. */
export function listsRepository(db: Kysely<DB>) {
  return {
    async rootCauses() {
      return db
        .selectFrom('root_causes')
        .select(['code', 'label', 'active'])
        .orderBy('position')
        .orderBy('label')
        .execute()
    },
    async addRootCause(code: string, label: string): Promise<boolean> {
      const r = await db
        .insertInto('root_causes')
        .values({ code, label, position: 50 })
        .onConflict((oc) => oc.column('code').doNothing())
        .executeTakeFirst()
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
    },
    async setRootCauseActive(code: string, active: boolean): Promise<boolean> {
      const r = await db
        .updateTable('root_causes')
        .set({ active })
        .where('code', '=', code)
        .executeTakeFirst()
      return Number(r.numUpdatedRows) > 0
    },
    async addCategory(code: string, label: string): Promise<boolean> {
      const r = await db
        .insertInto('complaint_categories')
        .values({ code, label, position: 50 })
        .onConflict((oc) => oc.column('code').doNothing())
        .executeTakeFirst()
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
    },
    async setCategoryActive(code: string, active: boolean): Promise<boolean> {
      const r = await db
        .updateTable('complaint_categories')
        .set({ active })
        .where('code', '=', code)
        .executeTakeFirst()
      return Number(r.numUpdatedRows) > 0
    },
    async addExclusionGround(
      code: string,
      label: string,
      description: string,
      refusesEscalation: boolean,
    ): Promise<boolean> {
      const r = await db
        .insertInto('exclusion_grounds')
        .values({ code, label, description, position: 50, refuses_escalation: refusesEscalation })
        .onConflict((oc) => oc.column('code').doNothing())
        .executeTakeFirst()
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
    },
    async setExclusionGroundActive(code: string, active: boolean): Promise<boolean> {
      const r = await db
        .updateTable('exclusion_grounds')
        .set({ active })
        .where('code', '=', code)
        .executeTakeFirst()
      return Number(r.numUpdatedRows) > 0
    },
  }
}
