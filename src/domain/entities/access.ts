/**
 * Roles limited to an entity (issue 34): a staff account may be limited to one landlord entity
 * (`users.entity_id`). This is the one rule of who may see which complaint; the lists, the case
 * routes and the API all ask it rather than comparing ids themselves.
 */

/** Whom a rule is asked about: the entity the account is limited to, or null for the whole group. */
export type EntityScope = { entityId: string | null }

/** Whether the person may see (open, act on, download) a complaint of this entity. */
export function maySeeEntity(viewer: EntityScope, complaintEntityId: string): boolean {
  return viewer.entityId === null || viewer.entityId === complaintEntityId
}

/**
 * Whether the person may see a record that belongs to these entities: a letter, an email, an
 * intervention or an improvement action is its complaints' entities' (an action raised from
 * complaints of two landlords is both's). A record of no complaint (mail to staff, an email not
 * yet sorted, a landlord-wide intervention or action) belongs to no entity: the whole group's,
 * seen only by a person who covers it.
 */
export function maySeeRecord(viewer: EntityScope, entityIds: readonly string[]): boolean {
  return viewer.entityId === null || entityIds.includes(viewer.entityId)
}

/** The entity a list shown to the person is narrowed to; undefined: every entity's rows. */
export function listedEntity(viewer: EntityScope | undefined): string | undefined {
  return viewer?.entityId ?? undefined
}

/**
 * The entity a report is for: a limited person's own, whatever was asked (another's is not
 * refused but ignored, as a list ignores rows they may not see); else the one asked, or undefined
 * for the whole group's. The TSM and the annual report's drafts ask this.
 */
export function reportedEntity(
  viewer: EntityScope | undefined,
  asked: string | undefined,
): string | undefined {
  return viewer?.entityId ?? (asked || undefined)
}

/**
 * Reports and records that cover the whole group and cannot yet be narrowed to one entity (the
 * board pack, the group's self-assessment, the annual submission, approving and publishing the
 * annual report) are refused to a limited person, naming why. (The desk's queues, mail, the post, the
 * inbox, interventions and improvement actions, are narrowed instead: `maySeeRecord`.)
 */
export function wholeGroupRefusal(viewer: EntityScope, entityName: string): string | undefined {
  return viewer.entityId === null
    ? undefined
    : `Your account is limited to ${entityName}; this covers the whole group`
}
