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

  return {
    async addCategory(label: string, actorId: string) {
      const text = label.trim()
      const code = codeFor(text)
      if (!text || !code)
        throw invalidInput('Enter the category’s name', [
          { field: 'categoryLabel', message: 'Enter the category’s name' },
        ])
      await db.transaction().execute(async (trx) => {
        if (!(await listsRepository(trx).addCategory(code, text))) {
          throw conflict(`There is already a category called "${text}"`, [
            { field: 'categoryLabel', message: `There is already a category called "${text}"` },
          ])
        }
        await audit(actorId, 'list.category_added', { code, label: text }, trx)
      })
      return code
    },

    async setCategoryActive(code: string, active: boolean, actorId: string) {
      await db.transaction().execute(async (trx) => {
        if (!(await listsRepository(trx).setCategoryActive(code, active)))
          throw notFound('There is no such category')
        await audit(
          actorId,
          active ? 'list.category_reactivated' : 'list.category_deactivated',
          { code },
          trx,
        )
      })
    },

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
