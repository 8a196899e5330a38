import { type SortKeys, sortKeyCount } from '../../db/repositories/complaintQueries.js'

/** How many keys a keyset page link of the case list carries for an order. */
export const listCursorLength = sortKeyCount

import { complaintsRepository } from '../../db/repositories/complaints.js'
import { learningRepository } from '../../db/repositories/learning.js'
import { listsRepository } from '../../db/repositories/lists.js'
import { reportsRepository } from '../../db/repositories/reports.js'
import type { CalendarDate } from '../../domain/calendar/calendarDate.js'
import { currentStageRecord } from '../../domain/complaints/complaint.js'
import {
  complaintDeadlines,
  deadlineKeys,
  deadlineLabels,
  runningDeadlineStatus,
} from '../../domain/complaints/deadlines.js'
import type { LetterKind } from '../../domain/complaints/events.js'
import { composeLetter } from '../../domain/complaints/letters.js'
import { type EntityScope, listedEntity } from '../../domain/entities/access.js'
import { nextDutyInWords } from '../../domain/hazards/clocks.js'
import { isUuid } from '../../domain/ids.js'
import { type LetterTemplate, letterChecklist } from '../../domain/letters/templates.js'
import { timelinessOf } from '../../domain/reports/timeliness.js'
import { notFound } from '../../errors.js'
import { currentWording } from '../letters/wording.js'

import type { CaseworkEngine, ComplaintsDeps } from './casework.js'

/** What the case pages, queues and dashboard read. */
export function caseQueries(deps: ComplaintsDeps, engine: CaseworkEngine) {
  const { db } = deps
  const { rules, load } = engine
  return {
    /**
     * A letter of the kind as it would be written now for this complaint, with draft wording:
     * for the template editor's preview. Nothing is issued or stored.
     */
    async previewLetter(id: string, kind: LetterKind, draft: LetterTemplate) {
      const v = await engine.view(id, 'admin')
      const { calendar, policyOf, today } = await rules()
      const handlerId = currentStageRecord(v.complaint).handlerId
      const entityId = (await complaintsRepository(db).entityOf(id)) ?? undefined
      const wording = await currentWording(db, kind, deps.contact, entityId)
      const text = composeLetter(kind, v.complaint, {
        landlordName: wording.landlordName ?? deps.landlordName,
        contact: wording.contact,
        ...(wording.registration ? { registration: wording.registration } : {}),
        issuedOn: today,
        handlerName: handlerId ? v.staffNames.get(handlerId) : undefined,
        deadlines: complaintDeadlines(v.complaint, policyOf, calendar, today),
        groundLabel: v.complaint.refusal
          ? (await complaintsRepository(db).exclusionGrounds()).find(
              (g) => g.code === v.complaint.refusal?.reason,
            )?.label
          : undefined,
        stage2AcknowledgeDays: policyOf(v.complaint.stages[1].policyVersion).stage2AcknowledgeDays,
        template: draft,
        house: wording.house,
      })
      return { complaint: v.complaint, text, checklist: letterChecklist(kind, text) }
    },

    async categories() {
      return complaintsRepository(db).categories()
    },

    /** Code 9.1: the landlord's root causes, for recording learning. */
    async rootCauses() {
      return listsRepository(db).rootCauses()
    },

    /**
     * Code 9.1: complaints with stages upheld or partly upheld whose learning is not yet recorded,
     * oldest response first, a page at a time (after the complaint `after`, when paging on).
     */
    async learningToRecord(
      page: { limit: number; after?: { since: Date; reference: string }; entityId?: string } = { limit: 50 },
    ) {
      return learningRepository(db).toRecord(page)
    },

    /**
     * Code 9.1: how many stages owe learning, counted to `cap` complaints (beyond it, "more than");
     * one entity's complaints only, if given.
     */
    async learningToRecordCount(cap = 10_000, entityId?: string) {
      return learningRepository(db).countToRecord(cap, entityId)
    },

    async exclusionGrounds() {
      return complaintsRepository(db).exclusionGrounds()
    },

    async documents(id: string) {
      const repo = complaintsRepository(db)
      await load(repo, id)
      return repo.documents(id)
    },

    async documentContent(id: string, documentId: string) {
      if (!isUuid(id) || !isUuid(documentId)) throw notFound('There is no such document')
      const doc = await complaintsRepository(db).documentContent(id, documentId)
      if (!doc) throw notFound('There is no such document on this complaint')
      return doc
    },

    async letters(id: string) {
      const repo = complaintsRepository(db)
      await load(repo, id)
      return repo.letters(id)
    },

    /** The daily dashboard (as a large landlord's complaints team runs on, every morning). */
    async dashboard(viewer?: EntityScope) {
      const { calendar, today } = await rules()
      const repo = complaintsRepository(db)
      const weekEnd = calendar.addWorkingDays(today, 5)
      const monthStart = `${today.slice(0, 7)}-01` as CalendarDate
      const entityId = listedEntity(viewer)
      const [counts, clocks] = await Promise.all([
        repo.dashboardCounts(today, weekEnd, entityId),
        // This month's deadlines that have fallen due, by the reports' one timeliness rule.
        reportsRepository(db).factCounts(monthStart, today, today, ['clock'], entityId),
      ])
      const bands = [
        { label: '0 to 5 working days', min: 0, max: 5 },
        { label: '6 to 10 working days', min: 6, max: 10 },
        { label: '11 to 20 working days', min: 11, max: 20 },
        { label: '21 to 40 working days', min: 21, max: 40 },
        { label: 'over 40 working days', min: 41, max: Number.POSITIVE_INFINITY },
      ].map((b) => ({ ...b, stage1: 0, stage2: 0 }))
      for (const { receivedOn, stage, n } of await repo.openReceivedDates(entityId)) {
        const age = calendar.workingDaysBetween(receivedOn, today)
        const band = bands.find((b) => age >= b.min && age <= b.max)
        if (band) band[stage === 2 ? 'stage2' : 'stage1'] += n
      }
      const timeliness = deadlineKeys.map((key) =>
        timelinessOf(clocks, 'clock', key, deadlineLabels[key].label),
      )
      return { today, weekEnd, counts, ageProfile: bands, monthStart, timeliness }
    },

    async list(filters: {
      states?: string[]
      stage?: number
      handlerId?: string
      overdue?: boolean
      dueWithinWorkingDays?: number
      category?: string
      channel?: string
      receivedFrom?: CalendarDate
      receivedTo?: CalendarDate
      search?: string
      extended?: boolean
      actionsOpen?: boolean
      actionsDueWithinWorkingDays?: number
      unassigned?: boolean
      updatesDue?: boolean
      hazardRunning?: boolean
      priorities?: string[]
      sort?: 'received' | 'due' | 'reference' | 'updated' | 'priority'
      order?: 'asc' | 'desc'
      page?: number
      pageSize?: number
      /** Keyset paging: the page after (or before) the row with these sort keys. */
      after?: SortKeys
      before?: SortKeys
      /** Who is reading: a person limited to an entity sees only its complaints. */
      viewer?: EntityScope
    }) {
      const { calendar, today } = await rules()
      const pageSize = filters.pageSize ?? 25
      const page = filters.page ?? 1
      const result = await complaintsRepository(db).list({
        states: filters.states,
        stage: filters.stage,
        handlerId: filters.handlerId,
        overdueBefore: filters.overdue ? today : undefined,
        dueBetween:
          filters.dueWithinWorkingDays !== undefined
            ? { from: today, to: calendar.addWorkingDays(today, filters.dueWithinWorkingDays) }
            : undefined,
        category: filters.category,
        channel: filters.channel,
        receivedFrom: filters.receivedFrom,
        receivedTo: filters.receivedTo,
        search: filters.search?.trim() || undefined,
        extended: filters.extended,
        actionsOpen: filters.actionsOpen,
        actionsDueBy:
          filters.actionsDueWithinWorkingDays !== undefined
            ? calendar.addWorkingDays(today, filters.actionsDueWithinWorkingDays)
            : undefined,
        unassigned: filters.unassigned,
        updatesDueBy: filters.updatesDue ? today : undefined,
        hazardRunning: filters.hazardRunning,
        priorities: filters.priorities,
        sort: filters.sort ?? 'received',
        order: filters.order ?? (filters.sort === 'due' || filters.sort === 'priority' ? 'asc' : 'desc'),
        limit: pageSize,
        offset: (page - 1) * pageSize,
        after: filters.after,
        before: filters.before,
        entityId: listedEntity(filters.viewer),
      })
      return {
        ...result,
        page,
        pageSize,
        items: result.items.map((i) => ({
          ...i,
          deadlineStatus: i.deadlineDueOn
            ? runningDeadlineStatus(i.deadlineDueOn, { calendar, today })
            : undefined,
          hazard:
            i.hazardKind && i.hazardClock && i.hazardDueAt
              ? nextDutyInWords(
                  { kind: i.hazardKind, clock: i.hazardClock, dueAt: i.hazardDueAt },
                  deps.clock.now(),
                )
              : undefined,
        })),
      }
    },
  }
}
