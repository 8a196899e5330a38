import type { Kysely } from 'kysely'
import { entitiesRepository } from '../../db/repositories/entities.js'
import { letterTemplatesRepository } from '../../db/repositories/letterTemplates.js'
import type { DB } from '../../db/schema.js'
import type { LetterKind } from '../../domain/complaints/events.js'
import type { LandlordEntity } from '../../domain/entities/entity.js'
import { type LandlordDetails, PLACEHOLDER_NAME } from '../../domain/letters/landlordDetails.js'
import {
  defaultHouseStyle,
  defaultTemplates,
  type LetterHouseStyle,
  type LetterTemplate,
} from '../../domain/letters/templates.js'

/** How residents reach the complaints team when an administrator has not said: the environment's. */
export type ContactDefaults = { phone?: string; email?: string }

/**
 * The wording a letter of the kind is written with now: the landlord's latest, or the defaults;
 * with the letterhead and how residents reach the complaints team (see `houseSettings`).
 */
export async function currentWording(
  db: Kysely<DB>,
  kind: LetterKind,
  defaults: ContactDefaults = {},
  entityId?: string,
): Promise<{
  template: LetterTemplate
  version: number | undefined
  house: LetterHouseStyle
  contact: { phone?: string; email?: string }
  /** The complaint's landlord entity's name, when it has its own (issue 34). */
  landlordName?: string
  registration?: { rpNumber?: string; website?: string }
}> {
  const [templates, { house, contact }, entity] = await Promise.all([
    letterTemplatesRepository(db).current(),
    houseSettings(db, defaults),
    entityId ? entitiesRepository(db).find(entityId) : undefined,
  ])
  const saved = templates.find((t) => t.kind === kind)
  return {
    template: saved ? { opening: saved.opening, closing: saved.closing } : defaultTemplates[kind],
    version: saved?.version,
    ...(entity ? entityLetterhead(entity, house, contact) : { house, contact }),
  }
}

/**
 * A landlord entity's letterhead (issue 34): its own name, address, phone, email, website and
 * registered provider number, each where it has one, else the installation's (the letter settings).
 */
export function entityLetterhead(
  entity: LandlordEntity,
  house: LetterHouseStyle,
  contact: { phone?: string; email?: string },
) {
  const phone = entity.phone ?? contact.phone
  const email = entity.email ?? contact.email
  return {
    house: entity.address ? { ...house, address: entity.address.split('\n') } : house,
    contact: { ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
    ...(entity.name ? { landlordName: entity.name } : {}),
    ...(entity.rpNumber || entity.website
      ? {
          registration: {
            ...(entity.rpNumber ? { rpNumber: entity.rpNumber } : {}),
            ...(entity.website ? { website: entity.website } : {}),
          },
        }
      : {}),
  }
}

/**
 * The name and logo a complaint's letters are printed with (issue 34): its landlord entity's
 * own, else the installation's.
 */
export async function letterheadOf(
  db: Kysely<DB>,
  complaintId: string | null | undefined,
  installationName: string,
): Promise<{ landlordName: string; logo: { bytes: Uint8Array } | undefined }> {
  const row = complaintId
    ? await db.selectFrom('complaints').select('entity_id').where('id', '=', complaintId).executeTakeFirst()
    : undefined
  const [entity, entityLogo] = row
    ? await Promise.all([
        entitiesRepository(db).find(row.entity_id),
        entitiesRepository(db).logo(row.entity_id),
      ])
    : [undefined, undefined]
  return {
    landlordName: entity?.name ?? installationName,
    logo: entityLogo ? { bytes: entityLogo.bytes } : await houseLogo(db),
  }
}

/**
 * The landlord's letterhead and sign-off, and how residents reach the complaints team: the
 * letter settings in force, the service's defaults (and the environment's phone and email) until
 * an administrator has saved them (`saved`).
 */
export async function houseSettings(
  db: Kysely<DB>,
  defaults: ContactDefaults,
): Promise<{ house: LetterHouseStyle; contact: { phone?: string; email?: string }; saved: boolean }> {
  const settings = await letterTemplatesRepository(db).settings()
  const phone = settings?.phone ?? defaults.phone
  const email = settings?.email ?? defaults.email
  return {
    house: settings
      ? {
          address: settings.address
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean),
          signature: settings.signature,
          signWithName: settings.signWithName,
        }
      : defaultHouseStyle,
    contact: { ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
    saved: Boolean(settings),
  }
}

/**
 * Who the landlord is to its residents (see `LandlordDetails`): its name from the installation,
 * the rest from the letter settings, the environment's phone and email until those are set.
 */
export async function landlordDetails(
  db: Kysely<DB>,
  installation: { landlordName: string; contact: ContactDefaults },
): Promise<LandlordDetails> {
  const [{ house, contact, saved }, logo] = await Promise.all([
    houseSettings(db, installation.contact),
    letterTemplatesRepository(db).logo(),
  ])
  return {
    name: installation.landlordName,
    nameSet: installation.landlordName !== PLACEHOLDER_NAME,
    address: house.address,
    ...contact,
    logo: Boolean(logo),
    signature: house.signature,
    signOffSet: saved,
  }
}

/** The landlord's logo for the top of letters' PDFs, if one is set. */
export async function houseLogo(db: Kysely<DB>): Promise<{ bytes: Uint8Array } | undefined> {
  return letterTemplatesRepository(db).logo()
}
