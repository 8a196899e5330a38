import type { Kysely } from 'kysely'
import type { InternalTarget, PolicyValues, PolicyVersion } from '../../domain/policy/timescales.js'
import type { DB, PolicyVersionsTable } from '../schema.js'

type Row = Omit<PolicyVersionsTable, 'internal_targets' | 'created_at'> & {
  internal_targets: unknown
  created_at: Date
}

const toVersion = (r: Row): PolicyVersion => ({
  version: r.version,
  effectiveFrom: r.effective_from,
  acknowledgeDays: r.acknowledge_days,
  stage1ResponseDays: r.stage1_response_days,
  stage1MaxExtensionDays: r.stage1_max_extension_days,
  stage2AcknowledgeDays: r.stage2_acknowledge_days,
  stage2ResponseDays: r.stage2_response_days,
  stage2MaxExtensionDays: r.stage2_max_extension_days,
  residentUpdateDays: r.resident_update_days,
  internalTargets: (r.internal_targets ?? []) as InternalTarget[],
  createdAt: r.created_at,
  createdBy: r.created_by,
})

export function policyRepository(db: Kysely<DB>) {
  return {
    async versions(): Promise<PolicyVersion[]> {
      const rows = await db.selectFrom('policy_versions').selectAll().orderBy('version').execute()
      return rows.map(toVersion)
    },

    async insert(
      values: PolicyValues,
      effectiveFrom: string,
      by: string | null,
      at: Date,
      note: string | null,
    ) {
      const last = await db
        .selectFrom('policy_versions')
        .select('version')
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst()
      const row = await db
        .insertInto('policy_versions')
        .values({
          version: (last?.version ?? 0) + 1,
          effective_from: effectiveFrom,
          acknowledge_days: values.acknowledgeDays,
          stage1_response_days: values.stage1ResponseDays,
          stage1_max_extension_days: values.stage1MaxExtensionDays,
          stage2_acknowledge_days: values.stage2AcknowledgeDays,
          stage2_response_days: values.stage2ResponseDays,
          stage2_max_extension_days: values.stage2MaxExtensionDays,
          resident_update_days: values.residentUpdateDays,
          internal_targets: JSON.stringify(values.internalTargets),
          created_at: at,
          created_by: by,
          note,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      return toVersion(row)
    },
  }
}
