import { type Kysely, sql } from 'kysely'
import type { Clock } from '../clock.js'
import { auditLogRepository } from '../db/repositories/auditLog.js'
import { policyRepository } from '../db/repositories/policy.js'
import type { DB } from '../db/schema.js'
import { type CalendarDate, isCalendarDate, londonDateOf } from '../domain/calendar/calendarDate.js'
import type { PolicyValues } from '../domain/policy/timescales.js'
import {
  defaultPolicy,
  EARLIER_CODE,
  earlierCodePolicy,
  type InternalTarget,
  internalTargetProblems,
  isEarlierCode,
  type PolicyVersion,
  policyInForce,
  type Timescales,
  timescaleKeys,
  timescaleProblems,
} from '../domain/policy/timescales.js'
import { invalidInput, ruleBroken } from '../errors.js'

const POLICY_LOCK = 7_301_124_003

export type PolicyChange = Partial<Timescales> & {
  internalTargets?: InternalTarget[]
  effectiveFrom?: CalendarDate
  note?: string
}

export function policyService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db, clock } = deps
  const repo = policyRepository(db)
  const today = () => londonDateOf(clock.now())

  const inForceAmong = (versions: PolicyVersion[], date: CalendarDate): PolicyVersion =>
    // Before the first version (only for dates before 1 April 2024) the earlier Code's clocks apply.
    policyInForce(versions, date) ?? {
      ...earlierCodePolicy,
      version: EARLIER_CODE.version,
      effectiveFrom: '2020-01-01',
      createdAt: new Date(0),
      createdBy: null,
    }
  async function inForceOn(date: CalendarDate): Promise<PolicyVersion> {
    return inForceAmong(await repo.versions(), date)
  }
  const lookupAmong = (versions: PolicyVersion[]) => {
    const byVersion = new Map<number, PolicyValues>(versions.map((v) => [v.version, v]))
    return (version: number): PolicyValues =>
      byVersion.get(version) ?? (isEarlierCode(version) ? earlierCodePolicy : defaultPolicy)
  }
  // Versions are append-only, so the latest version's number names the whole set.
  let cached: { latest: number; versions: PolicyVersion[]; of: (version: number) => PolicyValues } | undefined

  return {
    current: () => inForceOn(today()),
    inForceOn,
    versions: () => repo.versions(),

    /** Each version's timescales by number: what a stage begun under it runs to (the Code's before any). */
    async lookup(): Promise<(version: number) => PolicyValues> {
      return lookupAmong(await repo.versions())
    },

    /**
     * The policy as it stood when `latest` was the newest version (just read with the other rules'
     * versions): by number, and in force on a date. Reread only when a version has been added.
     */
    async atVersion(latest: number) {
      if (cached?.latest !== latest) {
        const versions = await repo.versions()
        cached = { latest, versions, of: lookupAmong(versions) }
      }
      const { versions, of } = cached
      return { of, inForceOn: (date: CalendarDate) => inForceAmong(versions, date) }
    },

    /**
     * A new version of the policy from a date (today unless later): the fields given change,
     * the rest carry over from the version in force then. Longer than the Code: refused,
     * naming the provision. A date in the past is refused: it would move stages already begun.
     */
    async change(change: PolicyChange, actorId: string | null): Promise<PolicyVersion> {
      const effectiveFrom = change.effectiveFrom ?? today()
      if (!isCalendarDate(effectiveFrom)) {
        throw invalidInput('effectiveFrom must be a real date written YYYY-MM-DD', [
          { field: 'effectiveFrom', message: 'Enter a real date' },
        ])
      }
      if (effectiveFrom < today()) {
        const message = `A policy change cannot take effect in the past (${effectiveFrom}); stages already begun keep the policy they started under`
        throw ruleBroken(message, [{ field: 'effectiveFrom', message }])
      }
      const problems = [...timescaleProblems(change), ...internalTargetProblems(change.internalTargets ?? [])]
      if (problems.length) throw ruleBroken(problems.map((p) => p.message).join('; '), problems)

      return db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${POLICY_LOCK})`.execute(trx)
        const txRepo = policyRepository(trx)
        const base = policyInForce(await txRepo.versions(), effectiveFrom) ?? { ...defaultPolicy }
        const values = {
          ...Object.fromEntries(timescaleKeys.map((k) => [k, change[k] ?? base[k]])),
          internalTargets: change.internalTargets ?? base.internalTargets,
        } as Timescales & { internalTargets: InternalTarget[] }
        const now = clock.now()
        const created = await txRepo.insert(values, effectiveFrom, actorId, now, change.note?.trim() || null)
        await auditLogRepository(trx).record({
          at: now,
          actorId,
          action: 'policy.changed',
          details: { version: created.version, effectiveFrom },
        })
        return created
      })
    },
  }
}

export type PolicyService = ReturnType<typeof policyService>
