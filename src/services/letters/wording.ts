import type { Kysely } from 'kysely'
import { letterTemplatesRepository } from '../../db/repositories/letterTemplates.js'
import type { DB } from '../../db/schema.js'
import type { LetterKind } from '../../domain/complaints/events.js'
import {
  defaultHouseStyle,
  defaultTemplates,
  type LetterHouseStyle,
  type LetterTemplate,
} from '../../domain/letters/templates.js'

/** The wording a letter of the kind is written with now: the landlord's latest, or the defaults. */
export async function currentWording(
  db: Kysely<DB>,
  kind: LetterKind,
): Promise<{ template: LetterTemplate; version: number | undefined; house: LetterHouseStyle }> {
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
  }
}

/** The landlord's logo for the top of letters' PDFs, if one is set. */
export async function houseLogo(db: Kysely<DB>): Promise<{ bytes: Uint8Array } | undefined> {
  return letterTemplatesRepository(db).logo()
}
