import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { type AuditRow, letterAuditsRepository } from '../../db/repositories/letterAudits.js'
import type { DB } from '../../db/schema.js'
import { isUniqueViolation } from '../../db/versioned.js'
import {
  addMonths,
  type CalendarDate,
  isCalendarDate,
  londonDateOf,
  londonWallClockToInstant,
} from '../../domain/calendar/calendarDate.js'
import { letterKinds } from '../../domain/complaints/events.js'
import { isUuid } from '../../domain/ids.js'
import {
  auditFigures,
  type ChecklistItem,
  codeChecklist,
  decideAudit,
  decideChecklist,
  itemsFor,
} from '../../domain/letterAudits/letterAudits.js'
import { can } from '../../domain/staff/roles.js'
import { conflict, forbidden, invalidInput, notFound, refused, ruleBroken } from '../../errors.js'
import { mayDo, type Staff } from '../governanceRecords.js'

export type SampleCriteria = {
  /** The month the letters were sent, YYYY-MM. */
  month: string
  handlerId?: string
  kind?: string
  count?: number
  random?: boolean
}

/**
 * Letter audits as the seed landlord runs them: sample, score against the landlord's checklist
 * (versioned, starting from the Code's), give the handler feedback, and count the results for
 * the board pack and the annual report.
 */
export function letterAuditsService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db, clock } = deps
  const repo = () => letterAuditsRepository(db)

  /** The checklist in use: the latest saved version, or the Code's list as version 1 until one is. */
  async function checklist(): Promise<{ version: number; items: ChecklistItem[]; saved: boolean }> {
    const latest = await repo().checklist()
    return latest ? { ...latest, saved: true } : { version: 1, items: codeChecklist, saved: false }
  }

  /**
   * The Code's list, kept as version 1 before anything is scored against it or the landlord first
   * changes it, so the audits scored against it still say which list that was.
   */
  const keepCodeList = () => repo().addChecklist(1, codeChecklist, clock.now(), null, true)

  /** The letter, who it counts against, and the checklist items it is scored on. */
  async function letterFor(letterId: string) {
    const letter = isUuid(letterId) ? await repo().letter(letterId) : undefined
    if (!letter) throw notFound('There is no letter with that id')
    const current = await checklist()
    return { letter, checklist: { ...current, items: itemsFor(current.items, letter.kind) } }
  }

  return {
    checklist,
    letterFor,

    async saveChecklist(items: Parameters<typeof decideChecklist>[0], actor: Staff) {
      mayDo(actor, 'auditLetters', 'change the letter audit checklist')
      try {
        const kept = decideChecklist(items)
        const current = await checklist()
        const version = current.saved ? current.version + 1 : 2
        if (!current.saved) await keepCodeList()
        await repo().addChecklist(version, kept, clock.now(), actor.id)
        return version
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict('Someone else changed the checklist at the same time; reload it and try again')
        refused(error, 'letter audit')
      }
    },

    /** Letters sent in the month, not yet audited, by handler and kind when given: at random, or latest first. */
    async sample(c: SampleCriteria, actor: Staff) {
      mayDo(actor, 'auditLetters', 'sample letters for audit')
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(c.month))
        throw invalidInput('Choose the month the letters were sent', [
          { field: 'month', message: 'Choose the month the letters were sent' },
        ])
      const first = `${c.month}-01` as CalendarDate
      if (c.kind && !(letterKinds as readonly string[]).includes(c.kind))
        throw invalidInput('Choose a kind of letter from the list', [
          { field: 'kind', message: 'Choose a kind of letter from the list' },
        ])
      if (c.handlerId && !isUuid(c.handlerId))
        throw invalidInput('Choose a handler from the list', [
          { field: 'handler', message: 'Choose a handler from the list' },
        ])
      const count = c.count ?? 5
      if (!Number.isInteger(count) || count < 1 || count > 50)
        throw invalidInput('Sample from 1 to 50 letters at a time', [
          { field: 'count', message: 'Sample from 1 to 50 letters at a time' },
        ])
      return repo().sample({
        from: londonWallClockToInstant(first, 0, 0),
        until: londonWallClockToInstant(addMonths(first, 1), 0, 0),
        handlerId: c.handlerId,
        kind: c.kind,
        count,
        random: c.random ?? true,
      })
    },

    /** Scores a letter against the checklist in use; each letter is audited once. */
    async record(letterId: string, input: Parameters<typeof decideAudit>[2], actor: Staff): Promise<string> {
      mayDo(actor, 'auditLetters', 'audit letters')
      const { letter, checklist: list } = await letterFor(letterId)
      if (letter.handlerId === actor.id)
        throw ruleBroken('You cannot audit a letter you issued yourself; ask another team leader', [
          { field: 'summary', message: 'Your own letter: ask another team leader to audit it' },
        ])
      try {
        const decided = decideAudit(list.items, letter.kind, input)
        if (!list.saved) await keepCodeList()
        const id = randomUUID()
        const now = clock.now()
        const inserted = await repo().insert({
          id,
          letterId: letter.id,
          complaintId: letter.complaintId,
          kind: letter.kind,
          sentOn: londonDateOf(letter.issuedAt),
          handlerId: letter.handlerId,
          checklistVersion: list.version,
          scores: decided.scores,
          score: decided.score,
          summary: decided.summary,
          auditedAt: now,
          auditedOn: londonDateOf(now),
          auditedBy: actor.id,
        })
        if (!inserted) throw conflict('This letter has already been audited')
        return id
      } catch (error) {
        refused(error, 'letter audit')
      }
    },

    /** An audit, for the auditors and the handler it is about; the handler opening it has seen the feedback. */
    async audit(id: string, actor: Staff): Promise<AuditRow & { items: ChecklistItem[] }> {
      const a = isUuid(id) ? await repo().get(id) : undefined
      if (!a) throw notFound('There is no letter audit with that id')
      if (!can(actor.role, 'auditLetters') && a.handlerId !== actor.id)
        throw forbidden('Only the handler whose letter it is and the team leaders may see this audit')
      if (a.handlerId === actor.id) await repo().markSeen(id, actor.id, clock.now())
      const list = await repo().checklist(a.checklistVersion)
      return { ...a, items: list?.items ?? codeChecklist }
    },

    /** The audits of a handler's own letters, newest first, and how many they have not opened. */
    async feedbackFor(actor: Staff) {
      const [audits, unseen] = await Promise.all([
        repo().list({ handlerId: actor.id, limit: 100 }),
        repo().unseenFor(actor.id),
      ])
      return { audits, unseen }
    },

    /** How many audits of a handler's letters they have not yet opened (for their Today page). */
    unseenFeedback(actor: Staff) {
      return repo().unseenFor(actor.id)
    },

    /** The latest audits, for the team leaders' page. */
    async recent(actor: Staff, limit = 50) {
      mayDo(actor, 'auditLetters', 'see letter audits')
      return repo().list({ limit })
    },

    /** The audits of letters sent in the period, counted by the one rule (`auditFigures`). */
    async figures(from: CalendarDate, to: CalendarDate) {
      if (!isCalendarDate(from) || !isCalendarDate(to)) throw invalidInput('Give the period as two dates')
      return auditFigures(await repo().list({ sentFrom: from, sentTo: to }))
    },
  }
}

export type LetterAuditsService = ReturnType<typeof letterAuditsService>
