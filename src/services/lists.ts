import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import { auditLogRepository } from '../db/repositories/auditLog.js'
import { listsRepository } from '../db/repositories/lists.js'
import type { DB } from '../db/schema.js'
import { conflict, invalidInput, notFound } from '../errors.js'

/** A stable code from a label: "Damp and mould" → damp_and_mould. */
export const codeFor = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60)

/**
 * The landlord's lists. Entries are switched off rather than deleted: complaints already
 * filed under a category, or refused on a ground, keep pointing at it.
 */
export function listsService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db, clock } = deps
  const audit = (actorId: string, action: string, details: Record<string, unknown>, trx: Kysely<DB>) =>
    auditLogRepository(trx).record({ at: clock.now(), actorId, action, details })

  /** The lists that are a name and a code: complaint categories and root causes. */
  const simpleLists = {
    category: {
      noun: 'category',
      field: 'categoryLabel',
      audit: 'list.category',
      add: (trx: Kysely<DB>, code: string, label: string) => listsRepository(trx).addCategory(code, label),
      setActive: (trx: Kysely<DB>, code: string, active: boolean) =>
        listsRepository(trx).setCategoryActive(code, active),
    },
    rootCause: {
      noun: 'root cause',
      field: 'rootCauseLabel',
      audit: 'list.root_cause',
      add: (trx: Kysely<DB>, code: string, label: string) => listsRepository(trx).addRootCause(code, label),
      setActive: (trx: Kysely<DB>, code: string, active: boolean) =>
        listsRepository(trx).setRootCauseActive(code, active),
    },
  }
  type SimpleList = (typeof simpleLists)[keyof typeof simpleLists]

  async function addNamed(list: SimpleList, label: string, actorId: string) {
    const text = label.trim()
    const code = codeFor(text)
    if (!text || !code)
      throw invalidInput(`Enter the ${list.noun}’s name`, [
        { field: list.field, message: `Enter the ${list.noun}’s name` },
      ])
    await db.transaction().execute(async (trx) => {
      if (!(await list.add(trx, code, text))) {
        const message = `There is already a ${list.noun} called "${text}"`
        throw conflict(message, [{ field: list.field, message }])
      }
      await audit(actorId, `${list.audit}_added`, { code, label: text }, trx)
    })
    return code
  }

  async function setNamedActive(list: SimpleList, code: string, active: boolean, actorId: string) {
    await db.transaction().execute(async (trx) => {
      if (!(await list.setActive(trx, code, active))) throw notFound(`There is no such ${list.noun}`)
      await audit(actorId, active ? `${list.audit}_reactivated` : `${list.audit}_deactivated`, { code }, trx)
    })
  }

  return {
    addCategory: (label: string, actorId: string) => addNamed(simpleLists.category, label, actorId),
    setCategoryActive: (code: string, active: boolean, actorId: string) =>
      setNamedActive(simpleLists.category, code, active, actorId),
    /** Code 9.1: the root causes learning is recorded against. */
    addRootCause: (label: string, actorId: string) => addNamed(simpleLists.rootCause, label, actorId),
    setRootCauseActive: (code: string, active: boolean, actorId: string) =>
      setNamedActive(simpleLists.rootCause, code, active, actorId),

    /** A ground refuses a stage 2 request only when the landlord says it truly applies there (Code 5.11). */
    async addExclusionGround(
      input: { label: string; description: string; refusesEscalation?: boolean },
      actorId: string,
    ) {
      const label = input.label.trim()
      const description = input.description.trim()
      const problems = [
        !label && {
          field: 'groundLabel',
          message:
            'Enter the ground as the letter will say it, e.g. "it is about a neighbour dispute handled by the police"',
        },
        !description && {
          field: 'groundDescription',
          message:
            'Describe when the ground applies, for caseworkers (Code 2.2: it must be fair and reasonable)',
        },
      ].filter((p): p is { field: string; message: string } => Boolean(p))
      if (problems.length) throw invalidInput(problems.map((p) => p.message).join('; '), problems)
      const code = codeFor(label)
      await db.transaction().execute(async (trx) => {
        const refusesEscalation = input.refusesEscalation === true
        if (!(await listsRepository(trx).addExclusionGround(code, label, description, refusesEscalation))) {
          throw conflict('There is already such an exclusion ground', [
            { field: 'groundLabel', message: 'There is already such an exclusion ground' },
          ])
        }
        await audit(actorId, 'list.exclusion_ground_added', { code, label, refusesEscalation }, trx)
      })
      return code
    },

    async setExclusionGroundActive(code: string, active: boolean, actorId: string) {
      await db.transaction().execute(async (trx) => {
        if (!(await listsRepository(trx).setExclusionGroundActive(code, active)))
          throw notFound('There is no such exclusion ground')
        await audit(
          actorId,
          active ? 'list.exclusion_ground_reactivated' : 'list.exclusion_ground_deactivated',
          { code },
          trx,
        )
      })
    },
  }
}
