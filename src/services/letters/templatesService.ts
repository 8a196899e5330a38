import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { auditLogRepository } from '../../db/repositories/auditLog.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { entitiesRepository } from '../../db/repositories/entities.js'
import { letterTemplatesRepository } from '../../db/repositories/letterTemplates.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import type { LetterKind } from '../../domain/complaints/events.js'
import { letterTitle } from '../../domain/complaints/letters.js'
import { emailProblem, phoneProblem, setupChecklist } from '../../domain/letters/landlordDetails.js'
import { checkLogo } from '../../domain/letters/logo.js'
import {
  defaultHouseStyle,
  defaultTemplates,
  editableLetterKinds,
  type LetterTemplate,
  readingEase,
  staffNamesIn,
} from '../../domain/letters/templates.js'
import { invalidInput, notFound } from '../../errors.js'
import { type ContactDefaults, entityLetterhead, houseSettings, landlordDetails } from './wording.js'

const MAX_WORDS = 5000

/** The landlord's letter wording: each kind's opening and closing, and the letterhead, versioned. */
export function letterTemplatesService(deps: {
  db: Kysely<DB>
  clock: Clock
  /** The installation's own: the landlord's name, and the phone and email until they are set here. */
  installation: { landlordName: string; contact: ContactDefaults }
}) {
  const { db, clock } = deps
  const repo = letterTemplatesRepository(db)
  const kindOf = (kind: string): LetterKind => {
    if (!(editableLetterKinds as string[]).includes(kind)) throw notFound('There is no such kind of letter')
    return kind as LetterKind
  }

  return {
    kindOf,

    async overview() {
      const [current, settings] = await Promise.all([repo.current(), repo.settings()])
      return {
        kinds: editableLetterKinds.map((kind) => {
          const saved = current.find((t) => t.kind === kind)
          return { kind, name: letterTitle(kind), version: saved?.version, changedAt: saved?.createdAt }
        }),
        settings: settings ?? { ...defaultHouseStyle, address: '', version: undefined },
        defaults: deps.installation.contact,
      }
    },

    /** Who the landlord is to its residents, as letters and resident pages give it. */
    details: () => landlordDetails(db, deps.installation),

    /** How residents reach the complaints team: the landlord's phone and email, where known. */
    contact: async () => (await houseSettings(db, deps.installation.contact)).contact,

    /**
     * Issue 34: who a complaint's landlord is to its resident: its entity's name, phone and email,
     * each where it has one, else the installation's (as its letters give them).
     */
    async complaintContact(complaintId: string) {
      const entityId = await complaintsRepository(db).entityOf(complaintId)
      const [{ house, contact }, entity] = await Promise.all([
        houseSettings(db, deps.installation.contact),
        entityId ? entitiesRepository(db).find(entityId) : undefined,
      ])
      const head = entity ? entityLetterhead(entity, house, contact) : undefined
      return {
        landlordName: head?.landlordName ?? deps.installation.landlordName,
        contact: head?.contact ?? contact,
      }
    },

    /** The first day: what an administrator has still to set (see `setupChecklist`). */
    async setup() {
      return setupChecklist(await landlordDetails(db, deps.installation))
    },

    async template(kind: string) {
      const k = kindOf(kind)
      const history = await repo.history(k)
      const latest = history[0]
      return {
        kind: k,
        name: letterTitle(k),
        current: latest ? { opening: latest.opening, closing: latest.closing } : defaultTemplates[k],
        version: latest?.version,
        history,
      }
    },

    /** What to tell the writer about draft wording: how readable it is, and staff it names. */
    async review(draft: LetterTemplate) {
      const text = [draft.opening, draft.closing].join('\n\n')
      const names = (await usersRepository(db).list()).map((u) => u.name)
      return { readingEase: readingEase(text), staffNames: staffNamesIn(text, names) }
    },

    async save(kind: string, draft: LetterTemplate, actorId: string): Promise<number> {
      const k = kindOf(kind)
      const problems = (['opening', 'closing'] as const)
        .filter((f) => draft[f].length > MAX_WORDS)
        .map((f) => ({ field: f, message: `The ${f} paragraph must be at most ${MAX_WORDS} characters` }))
      if (problems.length) throw invalidInput(problems.map((p) => p.message).join('; '), problems)
      return db.transaction().execute(async (trx) => {
        const version = await letterTemplatesRepository(trx).add({
          kind: k,
          opening: draft.opening.trim(),
          closing: draft.closing.trim(),
          at: clock.now(),
          by: actorId,
        })
        await auditLogRepository(trx).record({
          at: clock.now(),
          actorId,
          action: 'letters.template_changed',
          details: { kind: k, version },
        })
        return version
      })
    },

    /** A PNG or JPEG of at most 512 KB, checked by its content; or null to remove it. */
    async setLogo(logo: { filename: string; bytes: Uint8Array } | null, actorId: string) {
      let stored: { bytes: Uint8Array; type: string } | null = null
      if (logo) {
        const checked = checkLogo(logo.bytes)
        if (!checked.ok)
          throw invalidInput(checked.message, [{ field: 'logo', message: checked.fieldMessage }])
        stored = { bytes: checked.bytes, type: checked.type }
      }
      const current = await repo.settings()
      await db.transaction().execute(async (trx) => {
        await letterTemplatesRepository(trx).addSettings({
          address: current?.address ?? '',
          signature: current?.signature ?? defaultHouseStyle.signature,
          signWithName: current?.signWithName ?? false,
          phone: current?.phone ?? null,
          email: current?.email ?? null,
          logo: stored,
          at: clock.now(),
          by: actorId,
        })
        await auditLogRepository(trx).record({
          at: clock.now(),
          actorId,
          action: stored ? 'letters.logo_set' : 'letters.logo_removed',
          details: {},
        })
      })
    },

    async saveSettings(
      input: { address: string; signature: string; signWithName: boolean; phone?: string; email?: string },
      actorId: string,
    ) {
      const signature = input.signature.trim()
      const phone = input.phone?.trim() || null
      const email = input.email?.trim() || null
      const phoneWrong = phone ? phoneProblem(phone) : undefined
      const emailWrong = email ? emailProblem(email) : undefined
      const problems = [
        ...(!signature
          ? [{ field: 'signature', message: 'Enter who letters come from, for example The Complaints Team' }]
          : []),
        ...(signature.length > 200
          ? [{ field: 'signature', message: 'Who letters come from must be at most 200 characters' }]
          : []),
        ...(input.address.length > 1000
          ? [{ field: 'address', message: 'The address must be at most 1,000 characters' }]
          : []),
        ...(phoneWrong ? [{ field: 'phone', message: phoneWrong }] : []),
        ...(emailWrong ? [{ field: 'email', message: emailWrong }] : []),
      ]
      if (problems.length) throw invalidInput(problems.map((p) => p.message).join('; '), problems)
      await db.transaction().execute(async (trx) => {
        await letterTemplatesRepository(trx).addSettings({
          address: input.address.trim(),
          signature,
          signWithName: input.signWithName,
          phone,
          email,
          at: clock.now(),
          by: actorId,
        })
        await auditLogRepository(trx).record({
          at: clock.now(),
          actorId,
          action: 'letters.settings_changed',
          details: {},
        })
      })
    },
  }
}

export type LetterTemplatesService = ReturnType<typeof letterTemplatesService>
