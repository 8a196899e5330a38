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
 * with how residents reach the complaints team (the landlord's settings, else `defaults`).
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
  const repo = letterTemplatesRepository(db)
  const [templates, settings] = await Promise.all([repo.current(), repo.settings()])
  const saved = templates.find((t) => t.kind === kind)
  return {
    template: saved ? { opening: saved.opening, closing: saved.closing } : defaultTemplates[kind],
    version: saved?.version,
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
    contact: contactOf(settings, defaults),
  }
}

const contactOf = (
  settings: { phone: string | null; email: string | null } | undefined,
  defaults: ContactDefaults,
) => {
  const phone = settings?.phone ?? defaults.phone
  const email = settings?.email ?? defaults.email
  return { ...(phone ? { phone } : {}), ...(email ? { email } : {}) }
}

/**
 * Who the landlord is to its residents (see `LandlordDetails`): its name from the installation,
 * the rest from the letter settings, the environment's phone and email until those are set.
 */
export async function landlordDetails(
  db: Kysely<DB>,
  installation: { landlordName: string; contact: ContactDefaults },
): Promise<LandlordDetails> {
  const repo = letterTemplatesRepository(db)
  const [settings, logo] = await Promise.all([repo.settings(), repo.logo()])
  const { house, contact } = await currentWording(db, 'acknowledgement', installation.contact)
  return {
    name: installation.landlordName,
    nameSet: installation.landlordName !== PLACEHOLDER_NAME,
    address: house.address,
    ...contact,
    logo: Boolean(logo),
    signature: house.signature,
    signOffSet: Boolean(settings),
  }
}

/** The landlord's logo for the top of letters' PDFs, if one is set. */
export async function houseLogo(db: Kysely<DB>): Promise<{ bytes: Uint8Array } | undefined> {
  return letterTemplatesRepository(db).logo()
}
