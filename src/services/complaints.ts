import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import {
  type ComplaintRow,
  complaintsRepository,
  VersionConflictError,
} from '../db/repositories/complaints.js'
import { usersRepository } from '../db/repositories/users.js'
import type { DB } from '../db/schema.js'
import { type CalendarDate, londonDateOf, yearOf } from '../domain/calendar/calendarDate.js'
import { CalendarRangeError } from '../domain/calendar/workingDayCalendar.js'
import {
  type Complaint,
  currentStageRecord,
  foldComplaint,
  outstandingActions,
} from '../domain/complaints/complaint.js'
import {
  complaintDeadlines,
  type Deadline,
  internalTargetDeadlines,
  openDeadline,
  runningDeadlineStatus,
} from '../domain/complaints/deadlines.js'
import { checkDocument } from '../domain/complaints/documents.js'
import type { ComplaintEvent, ComplaintEventData, LetterKind } from '../domain/complaints/events.js'
import { decideReceive, formatReference, type IntakeInput } from '../domain/complaints/intake.js'
import { composeLetter } from '../domain/complaints/letters.js'
import {
  type Action,
  actionTime,
  allowedActions,
  type DecisionContext,
  decideAcknowledge,
  decideAddIssue,
  decideAttachDocument,
  decideClose,
  decideCompleteAction,
  decideContact,
  decideEscalation,
  decideExtend,
  decideNote,
  decideReassign,
  decideRecordConsent,
  decideRefuse,
  decideRespond,
  decideWithdraw,
  WorkflowError,
} from '../domain/complaints/workflow.js'
import { isUuid } from '../domain/ids.js'
import { defaultPolicy, type PolicyValues, type PolicyVersion } from '../domain/policy/timescales.js'
import type { StaffRole } from '../domain/staff/roles.js'
import { AppError, conflict, forbidden, notFound, ruleBroken } from '../errors.js'
import type { CalendarService } from './calendar.js'
import type { PolicyService } from './policy.js'

export type Actor = { id: string; role: StaffRole }

export type ComplaintView = {
  complaint: Complaint
  deadlines: Deadline[]
  internalTargets: ReturnType<typeof internalTargetDeadlines>
  linkedComplaints: { id: string; reference: string }[]
  allowedActions: Action[]
  /** The timescales the current stage runs under: the version recorded when it began. */
  stagePolicy: PolicyValues
  staffNames: Map<string, string>
}

/** Another request holding the same Idempotency-Key committed first. */
class IdempotencyKeyTaken extends Error {}

const IDEMPOTENCY_HOURS = 24
/** How many times an unversioned write is decided again when others keep landing first. */
const UNVERSIONED_ATTEMPTS = 50

/** Workflow refusals become the API's errors: 409 when it does not fit the state, 422 for a broken rule. */
function asAppError(error: unknown): never {
  if (error instanceof WorkflowError) {
    const details = error.problems
    if (error.kind === 'forbidden') throw forbidden(error.message)
    if (error.kind === 'not_now') throw new AppError(409, 'not_allowed_now', error.message, details)
    throw ruleBroken(error.message, details)
  }
  if (error instanceof VersionConflictError) {
    throw conflict(
      'Someone else changed this complaint while you were working on it. Reload it and try again.',
      [{ field: 'version', message: 'stale version' }],
    )
  }
  if (error instanceof CalendarRangeError) throw ruleBroken(error.message)
  throw error
}

export function searchTextOf(c: Complaint): string {
  return [
    c.reference,
    c.resident.name,
    c.resident.email,
    c.resident.postcode,
    c.resident.postcode?.replace(/\s/g, ''),
    c.representative?.name,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase()
}

/** The row lists and queues read: the complaint's state and the deadline open now. */
export function projectionOf(c: Complaint, deadlines: Deadline[], now: Date): ComplaintRow {
  const deadline = openDeadline(deadlines)
  const open = outstandingActions(c).filter((a) => !a.completed)
  return {
    id: c.id,
    reference: c.reference,
    state: c.state,
    stage: c.stage,
    channel: c.channel,
    receivedAt: c.receivedAt,
    receivedOn: c.receivedOn,
    residentName: c.resident.name,
    residentEmail: c.resident.email ?? null,
    residentPostcode: c.resident.postcode ?? null,
    categories: c.categories,
    stage1HandlerId: c.stages[1].handlerId,
    stage2HandlerId: c.stages[2]?.handlerId ?? null,
    currentHandlerId: currentStageRecord(c).handlerId,
    linkedFromId: c.linkedFrom?.complaintId ?? null,
    deadlineKey: deadline?.key ?? null,
    deadlineStartOn: deadline?.start ?? null,
    deadlineWorkingDays: deadline?.workingDays ?? null,
    deadlineDueOn: deadline?.due ?? null,
    version: c.version,
    updatedAt: now,
    searchText: searchTextOf(c),
    extended: currentStageRecord(c).extensions.length > 0,
    openActions: open.length,
    nextActionDueOn: open.map((a) => a.dueOn).sort()[0] ?? null,
  }
}

export function complaintsService(deps: {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
  policy: PolicyService
  landlordName: string
}) {
  const { db, clock } = deps

  async function rules() {
    const [calendar, versions] = await Promise.all([deps.calendar.current(), deps.policy.versions()])
    const byVersion = new Map<number, PolicyVersion>(versions.map((v) => [v.version, v]))
    const policyOf = (v: number): PolicyValues => byVersion.get(v) ?? defaultPolicy
    return { calendar, policyOf, today: londonDateOf(clock.now()) }
  }

  async function load(repo: ReturnType<typeof complaintsRepository>, id: string): Promise<Complaint> {
    if (!isUuid(id)) throw notFound('There is no complaint with that id')
    const events = await repo.events(id)
    if (!events.length) throw notFound('There is no complaint with that id')
    return foldComplaint(id, events)
  }

  async function staffNames(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = new Set(ids.filter((x): x is string => Boolean(x)))
    const names = new Map<string, string>()
    const users = usersRepository(db)
    for (const id of wanted) {
      const u = await users.findById(id)
      if (u) names.set(id, u.name)
    }
    return names
  }

  async function view(id: string, role: StaffRole): Promise<ComplaintView> {
    const repo = complaintsRepository(db)
    const complaint = await load(repo, id)
    const { calendar, policyOf, today } = await rules()
    return {
      complaint,
      deadlines: complaintDeadlines(complaint, policyOf, calendar, today),
      internalTargets: internalTargetDeadlines(complaint, policyOf, calendar, today),
      linkedComplaints: await repo.linkedTo(id),
      allowedActions: allowedActions(complaint, role),
      stagePolicy: policyOf(currentStageRecord(complaint).policyVersion),
      staffNames: await staffNames([
        ...complaint.events.map((e) => e.by),
        complaint.stages[1].handlerId,
        complaint.stages[2]?.handlerId,
      ]),
    }
  }

  async function handlerFor(id: string | undefined): Promise<Actor & { name: string }> {
    const user = id && isUuid(id) ? await usersRepository(db).findById(id) : undefined
    if (!user || user.disabledAt) {
      throw ruleBroken('The handler must be an active member of staff', [
        { field: 'handlerId', message: 'There is no such member of staff' },
      ])
    }
    return { id: user.id, role: user.role, name: user.name }
  }

  type NewDocument = {
    id: string
    filename: string
    contentType: string
    bytes: Uint8Array
    description?: string
  }
  type Decided = { events: ComplaintEventData[]; at: Date; letter?: LetterKind; document?: NewDocument }

  /**
   * One action on one complaint: load its history, let the domain decide, then append the
   * events, issue the letter and update the projection in one transaction. If anyone else
   * changed the complaint meanwhile, nothing is written and the caller gets a 409.
   */
  async function act(
    id: string,
    actor: Actor,
    expectedVersion: number | undefined,
    decide: (
      c: Complaint,
      ctx: DecisionContext,
      r: Awaited<ReturnType<typeof rules>>,
    ) => Decided | Promise<Decided>,
  ): Promise<ComplaintView> {
    // A write that names no version (a note, a document) is an append to whatever the case is
    // now: when another write lands first, it is decided again on the new state, not refused.
    for (let attempt = 1; ; attempt++) {
      try {
        return await actOnce(id, actor, expectedVersion, decide)
      } catch (error) {
        const retry = expectedVersion === undefined && attempt < UNVERSIONED_ATTEMPTS
        if (!(retry && error instanceof AppError && error.status === 409 && error.code === 'conflict'))
          throw error
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
      }
    }
  }

  async function actOnce(
    id: string,
    actor: Actor,
    expectedVersion: number | undefined,
    decide: (
      c: Complaint,
      ctx: DecisionContext,
      r: Awaited<ReturnType<typeof rules>>,
    ) => Decided | Promise<Decided>,
  ): Promise<ComplaintView> {
    try {
      const repo = complaintsRepository(db)
      const complaint = await load(repo, id)
      if (expectedVersion !== undefined && expectedVersion !== complaint.version)
        throw new VersionConflictError()
      const r = await rules()
      const now = clock.now()
      const ctx: DecisionContext = { now, actor, newId: randomUUID }
      const decided = await decide(complaint, ctx, r)
      const recorded = (data: ComplaintEventData, seq: number): ComplaintEvent => ({
        ...data,
        seq,
        at: decided.at,
        recordedAt: now,
        by: actor.id,
      })
      const newEvents = decided.events.map((e, i) => recorded(e, complaint.version + i + 1))
      let after = foldComplaint(id, [...complaint.events, ...newEvents])
      let letter: { id: string; kind: LetterKind; text: string; stage: number } | undefined
      if (decided.letter) {
        const deadlines = complaintDeadlines(after, r.policyOf, r.calendar, r.today)
        const handlerId = currentStageRecord(after).handlerId
        const names = await staffNames([handlerId])
        const letterId = randomUUID()
        const text = composeLetter(decided.letter, after, {
          landlordName: deps.landlordName,
          issuedOn: londonDateOf(decided.at),
          handlerName: handlerId ? names.get(handlerId) : undefined,
          deadlines,
          groundLabel: after.refusal
            ? (await repo.exclusionGrounds()).find((g) => g.code === after.refusal?.reason)?.label
            : undefined,
          stage2AcknowledgeDays: r.policyOf(after.stages[1].policyVersion).stage2AcknowledgeDays,
        })
        letter = { id: letterId, kind: decided.letter, text, stage: after.stage }
        newEvents.push(
          recorded(
            { type: 'complaint.letter_issued', letterId, kind: decided.letter },
            complaint.version + newEvents.length + 1,
          ),
        )
        after = foldComplaint(id, [...complaint.events, ...newEvents])
      }
      const deadlines = complaintDeadlines(after, r.policyOf, r.calendar, r.today)
      await db.transaction().execute(async (trx) => {
        const txRepo = complaintsRepository(trx)
        await txRepo.appendEvents(
          id,
          complaint.version,
          newEvents.map((e) => ({ data: eventData(e), at: e.at, recordedAt: e.recordedAt, by: e.by })),
        )
        if (decided.document) {
          const d = decided.document
          await txRepo.insertDocument({
            id: d.id,
            complaintId: id,
            filename: d.filename,
            contentType: d.contentType,
            size: d.bytes.length,
            sha256: createHash('sha256').update(d.bytes).digest('hex'),
            description: d.description?.trim() || null,
            content: d.bytes,
            uploadedAt: now,
            uploadedBy: actor.id,
          })
        }
        if (letter) {
          await txRepo.insertLetter({
            id: letter.id,
            complaintId: id,
            kind: letter.kind,
            stage: letter.stage,
            issuedAt: decided.at,
            createdAt: now,
            text: letter.text,
          })
        }
        await txRepo.updateProjection(projectionOf(after, deadlines, now), complaint.version)
      })
      return await view(id, actor.role)
    } catch (error) {
      asAppError(error)
    }
  }

  return {
    view,

    async categories() {
      return complaintsRepository(db).categories()
    },

    async exclusionGrounds() {
      return complaintsRepository(db).exclusionGrounds()
    },

    /** Logs a complaint (Code 1.2–1.3, 3.1–3.2); the same Idempotency-Key and body within 24 hours returns the first. */
    async receive(
      input: IntakeInput & { linkedFromId?: string },
      actor: Actor,
      idempotency?: { key: string; body: unknown },
    ): Promise<{ view: ComplaintView; replayed: boolean }> {
      try {
        const repo = complaintsRepository(db)
        const now = clock.now()
        const requestHash = idempotency
          ? createHash('sha256').update(JSON.stringify(idempotency.body)).digest('hex')
          : ''
        const freshAfter = new Date(now.getTime() - IDEMPOTENCY_HOURS * 3_600_000)
        /** The first request's result for this key, or 422 when the key was used for another body. */
        const replay = async () => {
          const previous = idempotency && (await repo.findIdempotency(actor.id, idempotency.key))
          if (!previous || previous.createdAt < freshAfter) return undefined
          if (previous.requestHash !== requestHash) {
            throw ruleBroken(
              'This Idempotency-Key was already used, within the last 24 hours, for a different complaint; use a new key',
              [{ field: 'Idempotency-Key', message: 'used for a different request' }],
            )
          }
          return { view: await view(previous.complaintId, actor.role), replayed: true }
        }
        const earlier = await replay()
        if (earlier) return earlier
        const r = await rules()
        const receivedOn = londonDateOf(input.receivedAt)
        r.calendar.addWorkingDays(receivedOn, 0) // inside the calendar the service keeps
        const linkedFrom = input.linkedFromId ? await load(repo, input.linkedFromId) : undefined
        const policyVersion = (await deps.policy.inForceOn(receivedOn)).version
        const number = await repo.nextReferenceNumber()
        const id = randomUUID()
        const data = decideReceive(input, {
          now,
          reference: formatReference(yearOf(receivedOn), number),
          policyVersion,
          categories: await repo.categories(),
          linkedFrom,
        })
        const event: ComplaintEvent = { ...data, seq: 1, at: input.receivedAt, recordedAt: now, by: actor.id }
        const complaint = foldComplaint(id, [event])
        const deadlines = complaintDeadlines(complaint, r.policyOf, r.calendar, r.today)
        try {
          await db.transaction().execute(async (trx) => {
            const txRepo = complaintsRepository(trx)
            await txRepo.insertProjection(projectionOf(complaint, deadlines, now))
            await txRepo.appendEvents(id, 0, [{ data, at: event.at, recordedAt: now, by: actor.id }])
            // Claimed last, so a concurrent twin waits here for this transaction, then replays it.
            if (
              idempotency &&
              !(await txRepo.claimIdempotency(actor.id, idempotency.key, requestHash, id, now, freshAfter))
            )
              throw new IdempotencyKeyTaken()
          })
        } catch (error) {
          if (!(error instanceof IdempotencyKeyTaken)) throw error
          const first = await replay()
          if (!first)
            throw conflict('A request with this Idempotency-Key is still being processed; try again')
          return first
        }
        return { view: await view(id, actor.role), replayed: false }
      } catch (error) {
        asAppError(error)
      }
    },

    acknowledge(
      id: string,
      actor: Actor,
      input: {
        acknowledgedAt?: Date
        handlerId?: string
        definition: { issues: string[]; outcomesSought: string[]; notResponsibleFor?: string[] }
        discretion?: { reason: string }
        version?: number
      },
    ) {
      return act(id, actor, input.version, async (c, ctx) => {
        const at = actionTime(c, input.acknowledgedAt, ctx.now, 'acknowledgedAt')
        const handler = await handlerFor(input.handlerId ?? actor.id)
        const event = decideAcknowledge(
          c,
          { handler, definition: input.definition, discretion: input.discretion },
          ctx,
        )
        return {
          events: [event],
          at,
          letter: c.state === 'received' ? 'acknowledgement' : 'stage2_acknowledgement',
        }
      })
    },

    reassign(id: string, actor: Actor, input: { handlerId: string; version?: number }) {
      return act(id, actor, input.version, async (c, ctx) => {
        const handler = await handlerFor(input.handlerId)
        return { events: [decideReassign(c, handler, ctx)], at: actionTime(c, undefined, ctx.now, 'at') }
      })
    },

    extend(
      id: string,
      actor: Actor,
      input: {
        workingDays: number
        reason: string
        goodReason?: string
        extendedAt?: Date
        version?: number
      },
    ) {
      return act(id, actor, input.version, (c, ctx, r) => {
        const at = actionTime(c, input.extendedAt, ctx.now, 'extendedAt')
        const policy = r.policyOf(currentStageRecord(c).policyVersion)
        const key = c.stage === 1 ? 'stage1Response' : 'stage2Response'
        const current = complaintDeadlines(c, r.policyOf, r.calendar, r.today).find((d) => d.key === key)
        const limits = {
          maxExtensionDays: c.stage === 1 ? policy.stage1MaxExtensionDays : policy.stage2MaxExtensionDays,
          currentDue: current?.due ?? londonDateOf(at),
          extendedOn: londonDateOf(at),
        }
        return { events: [decideExtend(c, input, limits, ctx)], at, letter: 'extension' }
      })
    },

    addIssue(id: string, actor: Actor, input: { summary: string; version?: number }) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideAddIssue(c, input.summary, ctx)],
        at: actionTime(c, undefined, ctx.now, 'at'),
      }))
    },

    respond(
      id: string,
      actor: Actor,
      input: Parameters<typeof decideRespond>[1] & { respondedAt?: Date; version?: number },
    ) {
      return act(id, actor, input.version, (c, ctx) => {
        const at = actionTime(c, input.respondedAt, ctx.now, 'respondedAt')
        const stage = c.stage
        return {
          events: [decideRespond(c, input, londonDateOf(at), ctx)],
          at,
          letter: stage === 1 ? 'stage1_response' : 'stage2_response',
        }
      })
    },

    requestEscalation(
      id: string,
      actor: Actor,
      input: { requestedAt?: Date; how?: string; residentReason?: string; version?: number },
    ) {
      return act(id, actor, input.version, async (c, ctx) => {
        const at = actionTime(c, input.requestedAt, ctx.now, 'requestedAt')
        const policyVersion = (await deps.policy.inForceOn(londonDateOf(at))).version
        return { events: [decideEscalation(c, input, policyVersion, ctx)], at }
      })
    },

    refuse(
      id: string,
      actor: Actor,
      input: {
        reason: string
        explanation: string
        discretion?: { reason: string }
        refusedAt?: Date
        version?: number
      },
    ) {
      return act(id, actor, input.version, async (c, ctx) => {
        const at = actionTime(c, input.refusedAt, ctx.now, 'refusedAt')
        const grounds = (await complaintsRepository(db).exclusionGrounds()).filter((g) => g.active)
        return { events: [decideRefuse(c, input, grounds, ctx)], at, letter: 'refusal' }
      })
    },

    withdraw(
      id: string,
      actor: Actor,
      input: { how: string; note?: string; withdrawnAt?: Date; version?: number },
    ) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideWithdraw(c, input, ctx)],
        at: actionTime(c, input.withdrawnAt, ctx.now, 'withdrawnAt'),
      }))
    },

    /** Code 1.3: the resident's consent for their representative, given after the complaint was logged. */
    recordConsent(id: string, actor: Actor, input: { how: string; consentAt?: Date; version?: number }) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideRecordConsent(c, input, ctx)],
        at: actionTime(c, input.consentAt, ctx.now, 'consentAt'),
      }))
    },

    close(id: string, actor: Actor, input: { note?: string; closedAt?: Date; version?: number }) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideClose(c, input.note, ctx)],
        at: actionTime(c, input.closedAt, ctx.now, 'closedAt'),
      }))
    },

    completeAction(
      id: string,
      actor: Actor,
      input: { actionId: string; note?: string; completedAt?: Date; version?: number },
    ) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideCompleteAction(c, input, ctx)],
        at: actionTime(c, input.completedAt, ctx.now, 'completedAt'),
      }))
    },

    addNote(id: string, actor: Actor, input: { text: string; version?: number }) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideNote(c, input.text, ctx)],
        at: actionTime(c, undefined, ctx.now, 'at'),
      }))
    },

    recordContact(
      id: string,
      actor: Actor,
      input: {
        direction: 'incoming' | 'outgoing'
        method: string
        summary: string
        contactAt?: Date
        version?: number
      },
    ) {
      return act(id, actor, input.version, (c, ctx) => ({
        events: [decideContact(c, input, ctx)],
        at: actionTime(c, input.contactAt, ctx.now, 'contactAt'),
      }))
    },

    /** Attaches a document (Code 5.12), checked by name and content; it can never be changed or removed. */
    attachDocument(
      id: string,
      actor: Actor,
      input: { filename: string; bytes: Uint8Array; description?: string; version?: number },
    ) {
      return act(id, actor, input.version, (c, ctx) => {
        const check = checkDocument(input.filename, input.bytes)
        if (!check.ok) throw new WorkflowError('rule', check.problem, 'file')
        const documentId = randomUUID()
        const event = decideAttachDocument(
          c,
          {
            documentId,
            filename: check.filename,
            contentType: check.contentType,
            size: input.bytes.length,
            description: input.description,
          },
          ctx,
        )
        return {
          events: [event],
          at: actionTime(c, undefined, ctx.now, 'at'),
          document: {
            id: documentId,
            filename: check.filename,
            contentType: check.contentType,
            bytes: input.bytes,
            description: input.description,
          },
        }
      })
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
    async dashboard() {
      const { calendar, today } = await rules()
      const repo = complaintsRepository(db)
      const weekEnd = calendar.addWorkingDays(today, 5)
      const counts = await repo.dashboardCounts(today, weekEnd)
      const bands = [
        { label: '0 to 5 working days', min: 0, max: 5 },
        { label: '6 to 10 working days', min: 6, max: 10 },
        { label: '11 to 20 working days', min: 11, max: 20 },
        { label: '21 to 40 working days', min: 21, max: 40 },
        { label: 'over 40 working days', min: 41, max: Number.POSITIVE_INFINITY },
      ].map((b) => ({ ...b, stage1: 0, stage2: 0 }))
      for (const { receivedOn, stage } of await repo.openReceivedDates()) {
        const age = calendar.workingDaysBetween(receivedOn, today)
        const band = bands.find((b) => age >= b.min && age <= b.max)
        if (band) band[stage === 2 ? 'stage2' : 'stage1']++
      }
      return { today, weekEnd, counts, ageProfile: bands }
    },

    /** What is wrong with a complaint as typed, without logging it (for a form with other errors too). */
    async intakeProblems(
      input: IntakeInput,
      linkedFrom?: Complaint,
    ): Promise<{ field?: string; message: string }[]> {
      try {
        decideReceive(input, {
          now: clock.now(),
          reference: 'CHECK',
          policyVersion: 0,
          categories: await complaintsRepository(db).categories(),
          linkedFrom,
        })
        return []
      } catch (error) {
        if (error instanceof WorkflowError) return error.problems
        throw error
      }
    },

    async openForResident(r: { email?: string; name: string; postcode?: string }) {
      return complaintsRepository(db).openForResident(r)
    },

    async findIdByReference(reference: string) {
      return complaintsRepository(db).findIdByReference(reference)
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
      sort?: 'received' | 'due' | 'reference' | 'updated'
      order?: 'asc' | 'desc'
      page?: number
      pageSize?: number
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
        sort: filters.sort ?? 'received',
        order: filters.order ?? (filters.sort === 'due' ? 'asc' : 'desc'),
        limit: pageSize,
        offset: (page - 1) * pageSize,
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
        })),
      }
    },
  }
}

function eventData(e: ComplaintEvent): ComplaintEventData {
  const { seq: _seq, at: _at, recordedAt: _recordedAt, by: _by, ...data } = e
  return data as ComplaintEventData
}

export type ComplaintsService = ReturnType<typeof complaintsService>
