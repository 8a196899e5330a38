import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { triageRulesRepository } from '../../db/repositories/triageRules.js'
import type { DB } from '../../db/schema.js'
import { VersionConflictError } from '../../db/versioned.js'
import { decideTriage } from '../../domain/complaints/decisions/triage.js'
import { actionTime } from '../../domain/complaints/workflow.js'
import {
  checkTriageRules,
  suggestTriage,
  type TriageFacts,
  type TriageRule,
} from '../../domain/triage/triage.js'
import { refused, ruleBroken } from '../../errors.js'
import type { Actor, CaseworkEngine } from '../complaints/casework.js'
import { mayDo, type Staff } from '../governanceRecords.js'

/** The landlord's triage rules (Code 6.1): read, tried on words, and changed (each version kept). */
export function triageRulesService(deps: { db: Kysely<DB>; clock: Clock }) {
  const repo = triageRulesRepository(deps.db)
  return {
    current: () => repo.current(),

    /** What the rules in force would suggest for these words and facts, without logging anything. */
    async tryOn(text: string, facts: TriageFacts) {
      return suggestTriage(text, facts, (await repo.current()).rules)
    },

    /** Saves a new version of the rules, if they are ones the service can run; returns it. */
    async save(rules: TriageRule[], actor: Staff, expectedVersion: number) {
      mayDo(actor, 'manageLists', 'change the triage rules')
      const checked = checkTriageRules(rules)
      if (!checked.ok) throw ruleBroken(checked.problems.map((p) => p.message).join('; '), checked.problems)
      const current = await repo.current()
      try {
        if (current.version !== expectedVersion) throw new VersionConflictError()
        await repo.save(current.version + 1, checked.rules, actor.id, deps.clock.now())
      } catch (error) {
        refused(error, 'set of triage rules')
      }
      return repo.current()
    },
  }
}

/** Code 6.1: the handler confirms or changes the triage suggested at logging. */
export function triageActions(engine: CaseworkEngine) {
  return {
    confirmTriage(
      id: string,
      actor: Actor,
      input: { priority?: string; flags?: string[]; reason?: string; version?: number },
    ) {
      return engine.act(id, actor, input.version, async (c, ctx, r) => ({
        events: [decideTriage(c, input, r.triage.rules, ctx)],
        at: actionTime(c, undefined, ctx.now, 'at'),
      }))
    },
  }
}

export type TriageRulesService = ReturnType<typeof triageRulesService>
