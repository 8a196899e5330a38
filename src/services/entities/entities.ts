import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { auditLogRepository } from '../../db/repositories/auditLog.js'
import { type EntityRecordKind, entitiesRepository } from '../../db/repositories/entities.js'
import type { DB } from '../../db/schema.js'
import { type EntityScope, maySeeRecord, wholeGroupRefusal } from '../../domain/entities/access.js'
import { decideEntityDetails, entityName, type LandlordEntity } from '../../domain/entities/entity.js'
import { isUuid } from '../../domain/ids.js'
import { checkLogo } from '../../domain/letters/logo.js'
import { can, type StaffRole } from '../../domain/staff/roles.js'
import { forbidden, invalidInput, notFound, refused, ruleBroken } from '../../errors.js'

type Actor = { id: string; role: StaffRole }

/**
 * A landlord entity asked for by id, for a report or an assessment of one landlord: one there
 * is, or a refusal naming the choice (never another's figures); none asked, the group's.
 */
export async function entityAsked(db: Kysely<DB>, entityId: string | undefined): Promise<void> {
  if (entityId === undefined) return
  if (!isUuid(entityId) || !(await entitiesRepository(db).find(entityId)))
    throw ruleBroken('There is no such landlord entity: choose one of the landlords, or the group', [
      { field: 'entity', message: 'Choose one of the landlords, or the group' },
    ])
}

/** What each record's route answers when there is no such record, said the same for another entity's. */
const noSuch: Record<EntityRecordKind, string> = {
  complaint: 'There is no complaint with that id',
  hazard: 'There is no such hazard',
  ombudsmanCase: 'There is no such Ombudsman case',
  person: 'There is no resident record with that id',
  mailMessage: 'There is no such message',
  inboxItem: 'There is no such email in the inbox',
  intervention: 'There is no such intervention',
  improvementAction: 'There is no such improvement action',
  selfAssessment: 'There is no such self-assessment',
}

/**
 * The landlord entities of a group (issue 34): listed, added and changed by an administrator;
 * every change is in the audit log. The default entity's blank name is the installation's.
 */
export function entitiesService(deps: { db: Kysely<DB>; clock: Clock; landlordName: string }) {
  const { db, clock } = deps
  const repo = entitiesRepository(db)
  const allowed = (actor: Actor) => {
    if (!can(actor.role, 'manageEntities'))
      throw forbidden('Your role does not allow you to manage the landlord entities')
  }
  const named = (e: LandlordEntity) => ({ ...e, displayName: entityName(e, deps.landlordName) })

  async function save(id: string | undefined, input: Record<string, string | undefined>, actor: Actor) {
    allowed(actor)
    const before = id && isUuid(id) ? await repo.find(id) : undefined
    if (id && !before) throw notFound('There is no such landlord entity')
    let details: ReturnType<typeof decideEntityDetails>
    try {
      details = decideEntityDetails(input, before?.isDefault ?? false)
    } catch (error) {
      refused(error)
    }
    if (details.name && (await repo.nameTaken(details.name, id)))
      throw ruleBroken(`There is already a landlord entity called ${details.name}`, [
        {
          field: 'name',
          message: `There is already a landlord called ${details.name}: give each its own name`,
        },
      ])
    const write = {
      name: details.name ?? null,
      rpNumber: details.rpNumber ?? null,
      address: details.address ?? null,
      phone: details.phone ?? null,
      email: details.email ?? null,
      website: details.website ?? null,
    }
    const at = clock.now()
    const entityId = id ?? randomUUID()
    await db.transaction().execute(async (trx) => {
      if (id) await entitiesRepository(trx).update(id, write, at, actor.id)
      else await entitiesRepository(trx).add(entityId, write, at, actor.id)
      await auditLogRepository(trx).record({
        at,
        actorId: actor.id,
        action: id ? 'entities.changed' : 'entities.added',
        subjectId: entityId,
        details: { ...write },
      })
    })
    return entityId
  }

  return {
    /**
     * Roles limited to an entity: a record of another entity (a complaint, or a hazard, Ombudsman
     * case, resident's record, letter or email sent, email received, intervention or improvement
     * action named by its own id), or of none (the whole group's), is, to a person limited to one,
     * as if it did not exist: the same 404 as for no such record. The web app's and the API's
     * routes ask this once for every route naming such a record (web/entityAccess.ts).
     */
    async checkAccess(viewer: EntityScope, kind: EntityRecordKind, id: string): Promise<void> {
      if (viewer.entityId === null || !isUuid(id)) return
      const entityIds = await repo.entitiesOfRecord(kind, id)
      // A self-assessment of the whole group is refused, saying why, like the group's other reports.
      if (kind === 'selfAssessment' && entityIds?.length === 0) {
        const own = await repo.find(viewer.entityId)
        const refusal = wholeGroupRefusal(viewer, own ? entityName(own, deps.landlordName) : 'one landlord')
        if (refusal) throw forbidden(refusal)
      }
      if (entityIds !== undefined && !maySeeRecord(viewer, entityIds)) throw notFound(noSuch[kind])
    },

    /** Every entity, the default first, each with the name it is shown by. */
    async list() {
      return (await repo.list()).map(named)
    },

    async find(id: string) {
      const e = isUuid(id) ? await repo.find(id) : undefined
      return e ? named(e) : undefined
    },

    /** The entity, or 404. */
    async get(id: string) {
      const e = isUuid(id) ? await repo.find(id) : undefined
      if (!e) throw notFound('There is no such landlord entity')
      return named(e)
    },

    add: (input: Record<string, string | undefined>, actor: Actor) => save(undefined, input, actor),
    change: (id: string, input: Record<string, string | undefined>, actor: Actor) => save(id, input, actor),

    /** An entity's logo: a PNG or JPEG checked by its content (`checkLogo`), or null to remove it. */
    async setLogo(id: string, bytes: Uint8Array | null, actor: Actor) {
      allowed(actor)
      if (!isUuid(id) || !(await repo.find(id))) throw notFound('There is no such landlord entity')
      let logo: { bytes: Uint8Array; type: string } | null = null
      if (bytes) {
        const checked = checkLogo(bytes)
        if (!checked.ok)
          throw invalidInput(checked.message, [{ field: 'logo', message: checked.fieldMessage }])
        logo = { bytes: checked.bytes, type: checked.type }
      }
      const at = clock.now()
      await db.transaction().execute(async (trx) => {
        await entitiesRepository(trx).setLogo(id, logo, at, actor.id)
        await auditLogRepository(trx).record({
          at,
          actorId: actor.id,
          action: logo ? 'entities.logo_set' : 'entities.logo_removed',
          subjectId: id,
        })
      })
    },

    logo: (id: string) => repo.logo(id),
  }
}

export type EntitiesService = ReturnType<typeof entitiesService>
