import type { Kysely } from 'kysely'
import { letterTemplatesRepository } from '../../db/repositories/letterTemplates.js'
import type { DB } from '../../db/schema.js'
import type { LetterKind } from '../../domain/complaints/events.js'
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
): Promise<{
  template: LetterTemplate
  version: number | undefined
  house: LetterHouseStyle
  contact: { phone?: string; email?: string }
}> {
  const [templates, { house, contact }] = await Promise.all([
    letterTemplatesRepository(db).current(),
    houseSettings(db, defaults),
  ])
  const saved = templates.find((t) => t.kind === kind)
  return {
    template: saved ? { opening: saved.opening, closing: saved.closing } : defaultTemplates[kind],
    version: saved?.version,
    house,
    contact,
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
