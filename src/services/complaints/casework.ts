import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { type ComplaintRow, complaintsRepository } from '../../db/repositories/complaints.js'
import { type RulesStamp, rulesRepository } from '../../db/repositories/rules.js'
import { triageRulesRepository } from '../../db/repositories/triageRules.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { codePanel, type ProvisionCheck } from '../../domain/complaints/codePanel.js'
import {
  type Complaint,
  currentStageRecord,
  foldComplaint,
  learningToRecord,
  outstandingActions,
  priorityOf,
} from '../../domain/complaints/complaint.js'
import {
  complaintDeadlines,
  type Deadline,
  internalTargetDeadlines,
  openDeadline,
  residentUpdateDue,
} from '../../domain/complaints/deadlines.js'
import type { ComplaintEvent, ComplaintEventData, LetterKind } from '../../domain/complaints/events.js'
import {
  DEFAULT_LATE_RECORDING_DAYS,
  decideLateRecording,
  type LateRecordingInput,
} from '../../domain/complaints/lateRecording.js'
import { composeLetter } from '../../domain/complaints/letters.js'
import { type Action, allowedActions } from '../../domain/complaints/workflow.js'
import { closedAtOf } from '../../domain/dataProtection/retention.js'
import { isUuid } from '../../domain/ids.js'
import { letterChecklist } from '../../domain/letters/templates.js'
import { addressKeyOf } from '../../domain/people/person.js'
import type { PolicyValues } from '../../domain/policy/timescales.js'
import { owedOnComplaint, type RemedyFollowThrough, remediesOf } from '../../domain/remedies/followThrough.js'
import { type ActorRole, type DecisionContext, WorkflowError } from '../../domain/rules.js'
import type { StaffRole } from '../../domain/staff/roles.js'
import { notFound, ruleBroken } from '../../errors.js'
import type { CalendarService } from '../calendar.js'
import { changeHistory } from '../changeHistory.js'
import { currentWording } from '../letters/wording.js'
import { dispatchLetter, type MailMode } from '../mail/letterDelivery.js'
import type { PolicyService } from '../policy.js'
import { keepRemedyRegisterCurrent } from '../remedies/register.js'
import { keepReportFactsCurrent } from '../reports/facts.js'
import { complaintWebhookWrites } from '../webhooks/outbox.js'

/** A member of staff in their role; their name, when the caller has it, saves reading it for a view. */
export type Actor = {
  id: string
  role: StaffRole
  name?: string
  /**
   * See before you send: with `preview`, the action is decided and its letter written but nothing
   * is recorded (a `LetterPreview` is thrown with the letter); with `expected`, it is recorded only
   * if the letter is still the one previewed (its checksum), else previewed again.
   */
  letter?: { preview: true } | { expected: string }
}

/** What a letter will say, shown before anything is recorded: thrown by an action asked to preview. */
export class LetterPreview extends Error {
  constructor(
    readonly kind: LetterKind,
    readonly text: string,
    /** The letter is not the one previewed: the form or the case changed since. */
    readonly changed = false,
  ) {
    super('The letter is shown before it is sent')
  }
  get checksum() {
    return letterChecksum(this.text)
  }
}

/** A letter's text as a short checksum, to tell whether the letter sent is the letter previewed. */
export const letterChecksum = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32)
/** The resident acting on their own complaint online: no member of staff. */
export type ResidentActor = { id: null; role: 'resident' }
export type CaseActor = Actor | ResidentActor

export type ComplaintView = {
  complaint: Complaint
  deadlines: Deadline[]
  internalTargets: ReturnType<typeof internalTargetDeadlines>
  /** Code 5.9: when the resident is next due an update, while a stage is considered. */
  residentUpdate: ReturnType<typeof residentUpdateDue>
  /** Code 7.1–7.3: every remedy offered, where it has got to, and when it is due. */
  remedies: RemedyFollowThrough[]
  /** Every provision that applies so far, met, due, at risk or breached, and why. */
  codePanel: ProvisionCheck[]
  linkedComplaints: { id: string; reference: string }[]
  allowedActions: Action[]
  /** The timescales the current stage runs under: the version recorded when it began. */
  stagePolicy: PolicyValues
  staffNames: Map<string, string>
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

/** The row lists and queues read: the complaint's state, the deadline open now, the next update due. */
export function projectionOf(
  c: Complaint,
  deadlines: Deadline[],
  now: Date,
  update?: { start: string; workingDays: number; due: string },
  remedies: Pick<RemedyFollowThrough, 'outstanding' | 'dueOn'>[] = [],
): ComplaintRow {
  const deadline = openDeadline(deadlines)
  const learningDue = learningToRecord(c)
  const learningSince = learningDue
    .map((stage) => c.stages[stage]?.response?.at)
    .filter((at): at is Date => at !== undefined)
    .sort((a, b) => a.getTime() - b.getTime())[0]
  return {
    id: c.id,
    reference: c.reference,
    state: c.state,
    stage: c.stage,
    channel: c.channel,
    tenure: c.tenure ?? null,
    ...(c.entityId ? { entityId: c.entityId } : {}),
    priority: priorityOf(c) ?? null,
    priorityConfirmed: Boolean(c.triage.confirmed),
    personId: c.personId ?? null,
    addressKey: addressKeyOf(c.resident),
    closedAt: closedAtOf(c) ?? null,
    learningDueStages: learningDue,
    learningDueSince: learningSince ?? null,
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
    // Code 6.6, 7.3: promised actions and remedies not yet done are both outstanding.
    ...owedOnComplaint(c, remedies),
    updateStartOn: update?.start ?? null,
    updateIntervalDays: update?.workingDays ?? null,
    updateDueOn: update?.due ?? null,
  }
}

export type ComplaintsDeps = {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
  policy: PolicyService
  landlordName: string
  /** How residents reach the complaints team, for letters. */
  contact?: { phone?: string; email?: string }
  mail: MailMode
  /** Working days after which an action is recorded late and needs a reason (default 2). */
  lateRecordingDays?: number
}

/**
 * The casework engine every complaint use case runs on: the rules in force, loading and folding
 * a case, the view of it, and `act`, which records an action in one transaction.
 */
export type Rules = Awaited<ReturnType<ReturnType<typeof caseworkEngine>['rules']>>

export function caseworkEngine(deps: ComplaintsDeps) {
  const { db, clock } = deps

  // Triage rule sets are append-only: the latest version's number names the set in force.
  let triageCache: Awaited<ReturnType<ReturnType<typeof triageRulesRepository>['current']>> | undefined
  async function triageAt(version: number) {
    if (triageCache?.version !== version) triageCache = await triageRulesRepository(db).current()
    return triageCache
  }

  /** The rules in force: one read of their versions, then what was built for them (Code 5, 6). */
  async function rules(known?: RulesStamp) {
    const stamp = known ?? (await rulesRepository(db).stamp())
    const [calendar, policy, triage] = await Promise.all([
      deps.calendar.atRevision(stamp.calendarRevision),
      deps.policy.atVersion(stamp.policyVersion),
      triageAt(stamp.triageVersion),
    ])
    return {
      calendar,
      policyOf: policy.of,
      policyInForceOn: policy.inForceOn,
      triage,
      today: londonDateOf(clock.now()),
      stamp,
    }
  }

  async function load(repo: ReturnType<typeof complaintsRepository>, id: string): Promise<Complaint> {
    if (!isUuid(id)) throw notFound('There is no complaint with that id')
    const events = await repo.events(id)
    if (!events.length) throw notFound('There is no complaint with that id')
    return foldComplaint(id, events)
  }

  /** The names of the staff `ids`; one the caller already knows (`known`) is not read again. */
  async function staffNames(
    ids: (string | null | undefined)[],
    known?: { id: string | null; name?: string },
  ): Promise<Map<string, string>> {
    const wanted = new Set(ids.filter((x): x is string => Boolean(x)))
    const names = new Map<string, string>()
    if (known?.id && known.name && wanted.delete(known.id)) names.set(known.id, known.name)
    if (!wanted.size) return names
    for (const [id, name] of await usersRepository(db).namesOf([...wanted])) names.set(id, name)
    return names
  }

  /**
   * The view of a complaint already in hand (just folded, with the rules it was decided under):
   * what `view` shows, less the reads. `linkedComplaints` is what links to it, if known.
   */
  async function viewOf(
    complaint: Complaint,
    role: ActorRole,
    r: Rules,
    linkedComplaints?: ComplaintView['linkedComplaints'],
    actor?: CaseActor,
  ): Promise<ComplaintView> {
    const { calendar, policyOf, today } = r
    const deadlines = complaintDeadlines(complaint, policyOf, calendar, today)
    const residentUpdate = residentUpdateDue(complaint, calendar, today)
    const remedies = remediesOf(complaint, calendar, today)
    return {
      complaint,
      deadlines,
      internalTargets: internalTargetDeadlines(complaint, policyOf, calendar, today),
      residentUpdate,
      remedies,
      codePanel: codePanel({ complaint, deadlines, residentUpdate, remedies, calendar, today }),
      linkedComplaints: linkedComplaints ?? (await complaintsRepository(db).linkedTo(complaint.id)),
      allowedActions: allowedActions(complaint, role),
      stagePolicy: policyOf(currentStageRecord(complaint).policyVersion),
      staffNames: await staffNames(
        [
          ...complaint.events.map((e) => e.by),
          ...outstandingActions(complaint).map((a) => a.ownerId),
          complaint.stages[1].handlerId,
          complaint.stages[2]?.handlerId,
        ],
        actor,
      ),
    }
  }

  async function view(id: string, role: ActorRole): Promise<ComplaintView> {
    const complaint = await load(complaintsRepository(db), id)
    return viewOf(complaint, role, await rules())
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
  type Decided = {
    events: ComplaintEventData[]
    at: Date
    /** What the person gave in case the action is recorded late (a reason, the letter sent). */
    late?: LateRecordingInput
    letter?: LetterKind
    /** A reissued letter: the letter it replaces. */
    reissue?: { id: string; issuedAt: Date }
    document?: NewDocument
    /** Anything else written with the action, in its transaction (a notice to the handler, say). */
    alsoInTransaction?: (trx: Kysely<DB>, after: Complaint, now: Date) => Promise<void>
  }

  /** What an action asks the domain, given the case, the decision context and the rules in force. */
  type Decide = (c: Complaint, ctx: DecisionContext, r: Rules) => Decided | Promise<Decided>

  /**
   * One action on one complaint: load its history, let the domain decide, then append the
   * events, issue the letter and update the projection in one transaction (`changeHistory`).
   * If anyone else changed the complaint meanwhile, nothing is written and the caller gets a 409.
   */
  async function act(
    id: string,
    actor: CaseActor,
    expectedVersion: number | undefined,
    decide: Decide,
  ): Promise<ComplaintView> {
    await changeHistory(db, {
      record: 'complaint',
      id,
      expectedVersion,
      load: () => load(complaintsRepository(db), id),
      decide: (complaint) => prepare(complaint, actor, decide),
      write: (trx, complaint, prepared) => write(trx, complaint, prepared, actor),
    })
    return view(id, actor.role)
  }

  /** The action decided on the case as loaded: its events, the letter it issues and the case after. */
  async function prepare(complaint: Complaint, actor: CaseActor, decide: Decide) {
    const id = complaint.id
    const repo = complaintsRepository(db)
    const r = await rules()
    const now = clock.now()
    const ctx: DecisionContext = { now, actor, newId: randomUUID }
    const decided = await decide(complaint, ctx, r)
    // Recorded more than the tolerance after it happened: a reason, marked on every event.
    const recordedLate = decideLateRecording(
      complaint,
      {
        at: decided.at,
        now,
        isResponse: decided.events.some((e) => e.type === 'complaint.responded'),
      },
      decided.late ?? {},
      { calendar: r.calendar, toleranceDays: deps.lateRecordingDays ?? DEFAULT_LATE_RECORDING_DAYS },
    )
    // A letter is dated the day the service issues it, never the day an action claims.
    const issuedAt = recordedLate ? now : decided.at
    const recorded = (data: ComplaintEventData, seq: number): ComplaintEvent => ({
      ...data,
      seq,
      at: decided.at,
      recordedAt: now,
      by: actor.id,
      ...(actor.role === 'resident' ? { byResident: true as const } : {}),
      // The action was recorded late; the service's own letter is issued now, so not marked.
      ...(recordedLate && data.type !== 'complaint.letter_issued' ? { recordedLate } : {}),
    })
    const newEvents = decided.events.map((e, i) => recorded(e, complaint.version + i + 1))
    let after = foldComplaint(id, [...complaint.events, ...newEvents])
    let letter:
      | {
          id: string
          kind: LetterKind
          text: string
          stage: number
          templateVersion: number | undefined
          reissueOf: string | undefined
        }
      | undefined
    if (decided.letter) {
      const deadlines = complaintDeadlines(after, r.policyOf, r.calendar, r.today)
      const handlerId = currentStageRecord(after).handlerId
      const names = await staffNames([handlerId])
      const letterId = randomUUID()
      // Issue 34: the letterhead of the complaint's landlord entity.
      const entityId = (await repo.entityOf(id)) ?? undefined
      const wording = await currentWording(db, decided.letter, deps.contact, entityId)
      const text = composeLetter(decided.letter, after, {
        landlordName: wording.landlordName ?? deps.landlordName,
        contact: wording.contact,
        ...(wording.registration ? { registration: wording.registration } : {}),
        issuedOn: londonDateOf(issuedAt),
        handlerName: handlerId ? names.get(handlerId) : undefined,
        deadlines,
        groundLabel: after.refusal
          ? (await repo.exclusionGrounds()).find((g) => g.code === after.refusal?.reason)?.label
          : undefined,
        stage2AcknowledgeDays: r.policyOf(after.stages[1].policyVersion).stage2AcknowledgeDays,
        nextUpdateOn: residentUpdateDue(after, r.calendar, r.today)?.due,
        template: wording.template,
        house: wording.house,
        ...(decided.reissue ? { replaces: { issuedOn: londonDateOf(decided.reissue.issuedAt) } } : {}),
      })
      // A letter is issued only when it holds everything the Code requires of its kind.
      const missing = letterChecklist(decided.letter, text).filter((c) => !c.present)
      if (missing.length)
        throw new WorkflowError(
          'rule',
          `The letter cannot be issued: it does not yet say ${missing.map((m) => `${m.item} (Code ${m.provision})`).join('; ')}`,
          'letter',
          missing[0]?.provision,
          missing.map((m) => ({ field: 'letter', message: `Missing: ${m.item}`, provision: m.provision })),
        )
      // See before you send: shown, not recorded, unless this is the letter that was shown.
      const check = actor.role === 'resident' ? undefined : actor.letter
      if (check && ('preview' in check || check.expected !== letterChecksum(text)))
        throw new LetterPreview(decided.letter, text, !('preview' in check))
      letter = {
        id: letterId,
        kind: decided.letter,
        text,
        stage: after.stage,
        templateVersion: wording.version,
        reissueOf: decided.reissue?.id,
      }
      newEvents.push(
        recorded(
          {
            type: 'complaint.letter_issued',
            letterId,
            kind: decided.letter,
            ...(decided.reissue ? { reissueOf: decided.reissue.id } : {}),
          },
          complaint.version + newEvents.length + 1,
        ),
      )
      after = foldComplaint(id, [...complaint.events, ...newEvents])
    }
    const deadlines = complaintDeadlines(after, r.policyOf, r.calendar, r.today)
    return { r, now, decided, newEvents, after, letter, issuedAt, deadlines }
  }

  /** Writes what `prepare` decided, in the change's transaction. */
  async function write(
    trx: Kysely<DB>,
    complaint: Complaint,
    p: Awaited<ReturnType<typeof prepare>>,
    actor: CaseActor,
  ) {
    const { r, now, decided, newEvents, after, letter, issuedAt, deadlines } = p
    const id = complaint.id
    const txRepo = complaintsRepository(trx)
    await txRepo.appendEvents(
      id,
      complaint.version,
      newEvents.map((e) => ({
        data: eventData(e),
        at: e.at,
        recordedAt: e.recordedAt,
        by: e.by,
        byResident: e.byResident,
      })),
    )
    if (decided.document) await storeDocument(txRepo, id, decided.document, now, actor.id)
    if (letter) {
      await txRepo.insertLetter({
        id: letter.id,
        complaintId: id,
        kind: letter.kind,
        stage: letter.stage,
        issuedAt,
        createdAt: now,
        text: letter.text,
        templateVersion: letter.templateVersion,
        reissueOf: letter.reissueOf,
      })
      // Issued means on its way: by email (or into the outbox), or into the print queue.
      await dispatchLetter(trx, { letter, complaint: after, now, mail: deps.mail })
    }
    await txRepo.updateProjection(
      projectionOf(
        after,
        deadlines,
        now,
        residentUpdateDue(after, r.calendar, r.today),
        remediesOf(after, r.calendar, r.today),
      ),
      complaint.version,
    )
    await keepReportFactsCurrent(trx, complaint, after, r)
    await keepRemedyRegisterCurrent(trx, complaint, after)
    for (const w of complaintWebhookWrites(trx, after, deadlines, newEvents, now)) await w.execute(trx)
    await decided.alsoInTransaction?.(trx, after, now)
  }

  return { rules, load, view, viewOf, staffNames, handlerFor, act }
}

export type CaseworkEngine = ReturnType<typeof caseworkEngine>

/** A document as it is kept with the record: its bytes, their hash, who attached it and when. */
export async function storeDocument(
  repo: ReturnType<typeof complaintsRepository>,
  complaintId: string,
  d: { id: string; filename: string; contentType: string; bytes: Uint8Array; description?: string },
  at: Date,
  by: string | null,
) {
  await repo.insertDocument({
    id: d.id,
    complaintId,
    filename: d.filename,
    contentType: d.contentType,
    size: d.bytes.length,
    sha256: createHash('sha256').update(d.bytes).digest('hex'),
    description: d.description?.trim() || null,
    content: d.bytes,
    uploadedAt: at,
    uploadedBy: by,
  })
}

export function eventData(e: ComplaintEvent): ComplaintEventData {
  const { seq: _seq, at: _at, recordedAt: _recordedAt, by: _by, byResident: _r, ...data } = e
  return data as ComplaintEventData
}
