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

/** The entity a list shown to the person is narrowed to; undefined: every entity's rows. */
export function listedEntity(viewer: EntityScope | undefined): string | undefined {
  return viewer?.entityId ?? undefined
}
