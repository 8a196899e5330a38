import type { Kysely } from 'kysely'
import { defaultTriageRules, type TriageRule } from '../../domain/triage/triage.js'
import { fromJson } from '../json.js'
import type { DB } from '../schema.js'
import { isUniqueViolation, VersionConflictError } from '../versioned.js'

/** The landlord's triage rules (Code 6.1): each saved version kept; none saved means the starting rules. */
export function triageRulesRepository(db: Kysely<DB>) {
  return {
    async current(): Promise<{
      version: number
      rules: TriageRule[]
      changedAt?: Date
      changedBy?: string | null
    }> {
      const row = await db
        .selectFrom('triage_rule_sets')
        .selectAll()
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst()
      if (!row) return { version: 0, rules: defaultTriageRules }
      const rules = fromJson<TriageRule[]>(row.rules)
      return { version: row.version, rules, changedAt: row.changed_at, changedBy: row.changed_by }
    },

    /** Saves the next version; another save of the same version first is a conflict. */
    async save(version: number, rules: TriageRule[], by: string, at: Date) {
      try {
        await db
          .insertInto('triage_rule_sets')
          .values({ version, rules: JSON.stringify(rules), changed_by: by, changed_at: at })
          .execute()
      } catch (error) {
        if (isUniqueViolation(error)) throw new VersionConflictError()
        throw error
      }
    },
  }
}
