import { type Kysely, sql } from 'kysely'
import type { ComplaintEvent, ComplaintEventData, LetterKind } from '../../domain/complaints/events.js'
import { inProgressStates } from '../../domain/complaints/vocabulary.js'
import { priorityRank } from '../../domain/triage/triage.js'
import type { DB } from '../schema.js'
import { appendOrConflict, updatedOrConflict } from '../versioned.js'
import { complaintQueries } from './complaintQueries.js'

export type ComplaintRow = {
  id: string
  reference: string
  state: string
  stage: number
  channel: string
  receivedAt: Date
  receivedOn: string
  residentName: string
  residentEmail: string | null
  residentPostcode: string | null
  categories: string[]
  stage1HandlerId: string | null
  stage2HandlerId: string | null
  currentHandlerId: string | null
  linkedFromId: string | null
  deadlineKey: string | null
  deadlineStartOn: string | null
  deadlineWorkingDays: number | null
  deadlineDueOn: string | null
  version: number
  updatedAt: Date
  searchText: string
  extended: boolean
  openActions: number
  nextActionDueOn: string | null
  /** Code 5.9: the next update to the resident, while a stage is considered. */
  updateStartOn: string | null
  updateIntervalDays: number | null
  updateDueOn: string | null
  /** For the TSM: lcra, lcho, other, or null when not recorded. */
  tenure: string | null
  /** Code 6.1: as confirmed, else as suggested; null before triage. */
  priority: string | null
  priorityConfirmed: boolean
  /** The resident record (set at intake; moved only when duplicates merge) and the home as a key. */
  personId: string | null
  addressKey: string | null
  /** When it was closed, withdrawn or refused, as that took effect; null while open (retention counts from it). */
  closedAt: Date | null
  /** Code 9.1: the stages upheld or partly upheld whose learning is not yet recorded, and the first such response's time. */
  learningDueStages: number[]
  learningDueSince: Date | null
  /** The landlord entity (issue 34); absent: the column's default, the default entity. */
  entityId?: string
}

/**
 * A complaint_events row as the event it records: its data with its envelope. The data is parsed
 * afresh for each row, so the event is made from it in place (a data upgrade reads thousands at once).
 */
export function complaintEventOf(r: {
  seq: number
  type: string
  at: Date
  recorded_at: Date
  actor_id: string | null
  by_resident: boolean
  data: unknown
}): ComplaintEvent {
  const event = Object.assign(r.data as Record<string, unknown>, {
    type: r.type,
    seq: r.seq,
    at: r.at,
    recordedAt: r.recorded_at,
    by: r.actor_id,
  })
  if (r.by_resident) event.byResident = true
  return event as ComplaintEvent
}

/** A projection row as the complaints table's columns. */
export const toColumns = (r: ComplaintRow) => ({
  id: r.id,
  reference: r.reference,
  state: r.state,
  stage: r.stage,
  channel: r.channel,
  received_at: r.receivedAt,
  received_on: r.receivedOn,
  resident_name: r.residentName,
  resident_email: r.residentEmail,
  resident_postcode: r.residentPostcode,
  categories: r.categories,
  stage1_handler_id: r.stage1HandlerId,
  stage2_handler_id: r.stage2HandlerId,
  current_handler_id: r.currentHandlerId,
  linked_from_id: r.linkedFromId,
  deadline_key: r.deadlineKey,
  deadline_start_on: r.deadlineStartOn,
  deadline_working_days: r.deadlineWorkingDays,
  deadline_due_on: r.deadlineDueOn,
  version: r.version,
  updated_at: r.updatedAt,
  search_text: r.searchText,
  extended: r.extended,
  open_actions: r.openActions,
  next_action_due_on: r.nextActionDueOn,
  update_start_on: r.updateStartOn,
  update_interval_days: r.updateIntervalDays,
  update_due_on: r.updateDueOn,
  tenure: r.tenure,
  priority: r.priority,
  priority_rank: priorityRank(r.priority),
  priority_confirmed: r.priorityConfirmed,
  person_id: r.personId,
  address_key: r.addressKey,
  closed_at: r.closedAt,
  learning_due_stages: r.learningDueStages.length ? r.learningDueStages : null,
  learning_due_since: r.learningDueSince,
  ...(r.entityId ? { entity_id: r.entityId } : {}),
})

/** An event to append to a complaint's stream. */
export type NewComplaintEvent = {
  data: ComplaintEventData
  at: Date
  recordedAt: Date
  by: string | null
  byResident?: boolean
}

function buildComplaintsRepository(db: Kysely<DB>) {
  /** The new complaint's row, as a query for `writeTogether`. */
  const insertProjectionQuery = (row: ComplaintRow) => db.insertInto('complaints').values(toColumns(row))
  /** Events numbered after `afterSeq`, as a query for `writeTogether`. */
  const appendEventsQuery = (complaintId: string, afterSeq: number, events: NewComplaintEvent[]) =>
    db.insertInto('complaint_events').values(
      events.map((e, i) => {
        const { type, ...data } = e.data
        return {
          complaint_id: complaintId,
          seq: afterSeq + i + 1,
          type,
          at: e.at,
          recorded_at: e.recordedAt,
          actor_id: e.by,
          by_resident: e.byResident ?? false,
          data: JSON.stringify(data),
        }
      }),
    )
  /** The landlord's complaint categories in their order, as a query (intake reads them with more). */
  const categoriesQuery = () =>
    db
      .selectFrom('complaint_categories')
      .select(['code', 'label', 'active'])
      .orderBy('position')
      .orderBy('label')
  return {
    // The case list, the queues and the dashboard read the projection: see complaintQueries.ts.
    ...complaintQueries(db),

    insertProjectionQuery,

    /** The landlord entity a complaint belongs to (migration 0058), or undefined for no such complaint. */
    async entityOf(id: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('complaints')
        .select('entity_id')
        .where('id', '=', id)
        .executeTakeFirst()
      return row?.entity_id
    },

    /** Writes the new state, only if no one else has moved the complaint on since `expectedVersion`. */
    async updateProjection(row: ComplaintRow, expectedVersion: number): Promise<void> {
      // The resident record is the projection's own: merging duplicates moves it, events do not.
      const { id, person_id: _personId, ...rest } = toColumns(row)
      await updatedOrConflict(
        db
          .updateTable('complaints')
          .set(rest)
          .where('id', '=', id)
          .where('version', '=', expectedVersion)
          .executeTakeFirst(),
      )
    },

    /** Appends events numbered after `afterSeq`; a clash with another writer's events is a conflict. */
    async appendEvents(complaintId: string, afterSeq: number, events: NewComplaintEvent[]): Promise<void> {
      await appendOrConflict(() => appendEventsQuery(complaintId, afterSeq, events).execute())
    },
    appendEventsQuery,

    async events(complaintId: string): Promise<ComplaintEvent[]> {
      const rows = await db
        .selectFrom('complaint_events')
        .select(['seq', 'type', 'at', 'recorded_at', 'actor_id', 'by_resident', 'data'])
        .where('complaint_id', '=', complaintId)
        .orderBy('seq')
        .execute()
      return rows.map(complaintEventOf)
    },

    /**
     * The histories of many complaints, each in order, as `events` reads one: a thousand
     * complaints a read, few enough that the planner reads them from the complaint's index.
     */
    async eventsOf(complaintIds: readonly string[]): Promise<Map<string, ComplaintEvent[]>> {
      const out = new Map<string, ComplaintEvent[]>()
      for (let i = 0; i < complaintIds.length; i += 1000) {
        const rows = await db
          .selectFrom('complaint_events')
          .select(['complaint_id', 'seq', 'type', 'at', 'recorded_at', 'actor_id', 'by_resident', 'data'])
          .where('complaint_id', 'in', complaintIds.slice(i, i + 1000))
          .orderBy('complaint_id')
          .orderBy('seq')
          .execute()
        for (const r of rows) {
          const events = out.get(r.complaint_id) ?? []
          if (!events.length) out.set(r.complaint_id, events)
          events.push(complaintEventOf(r))
        }
      }
      return out
    },

    async findProjection(id: string) {
      return db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst()
    },

    /** Complaints logged before resident records, oldest first (for the one-off upgrade). */
    async withoutResidentRecord(limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('complaints')
        .select('id')
        .where('person_id', 'is', null)
        .orderBy('received_at')
        .orderBy('reference')
        .limit(limit)
        .execute()
      return rows.map((r) => r.id)
    },

    /** Locks the complaint's row if it still has no resident record; false when another linked it first. */
    async lockIfWithoutResidentRecord(id: string): Promise<boolean> {
      const row = await db
        .selectFrom('complaints')
        .select('person_id')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()
      return Boolean(row && !row.person_id)
    },

    async linkResidentRecord(id: string, personId: string, addressKey: string | null) {
      await db
        .updateTable('complaints')
        .set({ person_id: personId, address_key: addressKey })
        .where('id', '=', id)
        .execute()
    },

    async referenceOf(id: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('complaints')
        .select('reference')
        .where('id', '=', id)
        .executeTakeFirst()
      return row?.reference
    },

    async findIdByReference(reference: string) {
      const row = await db
        .selectFrom('complaints')
        .select('id')
        .where('reference', '=', reference.trim().toUpperCase())
        .executeTakeFirst()
      return row?.id
    },

    async linkedTo(id: string) {
      return db
        .selectFrom('complaints')
        .select(['id', 'reference'])
        .where('linked_from_id', '=', id)
        .orderBy('received_at')
        .execute()
    },

    /** Open complaints of the same resident (by email, or name and postcode), for the duplicate warning. */
    async openForResident(r: { email?: string; name: string; postcode?: string }) {
      let q = db
        .selectFrom('complaints')
        .select(['id', 'reference', 'state', 'received_on as receivedOn'])
        .where('state', 'in', inProgressStates)
      const name = r.name.trim().toLowerCase()
      const email = r.email?.trim().toLowerCase()
      const postcode = r.postcode?.replace(/\s/g, '').toUpperCase()
      q = q.where((eb) => {
        const byName = eb(sql<string>`lower(resident_name)`, '=', name)
        const either = [
          postcode
            ? eb.and([byName, eb(sql<string>`replace(upper(resident_postcode), ' ', '')`, '=', postcode)])
            : byName,
        ]
        if (email) either.push(eb(sql<string>`lower(resident_email)`, '=', email))
        return eb.or(either)
      })
      return q.orderBy('received_at', 'desc').limit(5).execute()
    },

    /** Distinct (start, working days) pairs of the deadlines open now, to refresh after a calendar change. */
    async openDeadlineInputs() {
      return db
        .selectFrom('complaints')
        .select(['deadline_start_on as startOn', 'deadline_working_days as workingDays'])
        .where('deadline_start_on', 'is not', null)
        .distinct()
        .execute()
    },

    async openUpdateInputs() {
      return db
        .selectFrom('complaints')
        .select(['update_start_on as startOn', 'update_interval_days as workingDays'])
        .where('update_start_on', 'is not', null)
        .distinct()
        .execute()
    },

    async setUpdateDueOn(startOn: string, workingDays: number, dueOn: string) {
      await db
        .updateTable('complaints')
        .set({ update_due_on: dueOn })
        .where('update_start_on', '=', startOn)
        .where('update_interval_days', '=', workingDays)
        .where((eb) => eb.or([eb('update_due_on', 'is', null), eb('update_due_on', '<>', dueOn)]))
        .execute()
    },

    async setDeadlineDueOn(startOn: string, workingDays: number, dueOn: string) {
      await db
        .updateTable('complaints')
        .set({ deadline_due_on: dueOn })
        .where('deadline_start_on', '=', startOn)
        .where('deadline_working_days', '=', workingDays)
        .where((eb) => eb.or([eb('deadline_due_on', 'is', null), eb('deadline_due_on', '<>', dueOn)]))
        .execute()
    },

    async insertLetter(l: {
      id: string
      complaintId: string
      kind: LetterKind
      stage: number
      issuedAt: Date
      createdAt: Date
      text: string
      templateVersion?: number
      reissueOf?: string
    }) {
      await db
        .insertInto('letters')
        .values({
          id: l.id,
          complaint_id: l.complaintId,
          kind: l.kind,
          stage: l.stage,
          issued_at: l.issuedAt,
          created_at: l.createdAt,
          text: l.text,
          template_version: l.templateVersion ?? null,
          reissue_of: l.reissueOf ?? null,
        })
        .execute()
    },

    async letters(complaintId: string) {
      return db
        .selectFrom('letters')
        .select(['id', 'kind', 'stage', 'issued_at as issuedAt', 'text', 'reissue_of as reissueOf'])
        .where('complaint_id', '=', complaintId)
        .orderBy('issued_at')
        .orderBy('created_at')
        .execute()
    },

    async insertDocument(d: {
      id: string
      complaintId: string
      filename: string
      contentType: string
      size: number
      sha256: string
      description: string | null
      content: Uint8Array
      uploadedAt: Date
      uploadedBy: string | null
    }) {
      await db
        .insertInto('documents')
        .values({
          id: d.id,
          complaint_id: d.complaintId,
          filename: d.filename,
          content_type: d.contentType,
          size: d.size,
          sha256: d.sha256,
          description: d.description,
          content: d.content,
          uploaded_at: d.uploadedAt,
          uploaded_by: d.uploadedBy,
        })
        .execute()
    },

    async documents(complaintId: string) {
      return db
        .selectFrom('documents')
        .select([
          'id',
          'filename',
          'content_type as contentType',
          'size',
          'sha256',
          'description',
          'uploaded_at as uploadedAt',
          'uploaded_by as uploadedBy',
        ])
        .where('complaint_id', '=', complaintId)
        .orderBy('uploaded_at')
        .execute()
    },

    async documentContent(complaintId: string, documentId: string) {
      return db
        .selectFrom('documents')
        .select(['filename', 'content_type as contentType', 'content', 'size'])
        .where('complaint_id', '=', complaintId)
        .where('id', '=', documentId)
        .executeTakeFirst()
    },

    async findIdempotency(actorId: string, key: string) {
      return db
        .selectFrom('idempotency_keys')
        .select(['request_hash as requestHash', 'complaint_id as complaintId', 'created_at as createdAt'])
        .where('actor_id', '=', actorId)
        .where('key', '=', key)
        .executeTakeFirst()
    },

    /**
     * Claims an Idempotency-Key for a new complaint, in the transaction that creates it: the
     * unique key makes a concurrent request with the same key wait for this one and then find
     * it taken. A key older than `freshAfter` is reclaimed. False when someone holds it.
     */
    async claimIdempotency(
      actorId: string,
      key: string,
      requestHash: string,
      complaintId: string,
      at: Date,
      freshAfter: Date,
    ): Promise<boolean> {
      const row = await db
        .insertInto('idempotency_keys')
        .values({
          actor_id: actorId,
          key,
          request_hash: requestHash,
          complaint_id: complaintId,
          created_at: at,
        })
        .onConflict((oc) =>
          oc
            .columns(['actor_id', 'key'])
            .doUpdateSet({ request_hash: requestHash, complaint_id: complaintId, created_at: at })
            .where('idempotency_keys.created_at', '<', freshAfter),
        )
        .returning('complaint_id')
        .executeTakeFirst()
      return Boolean(row)
    },

    categoriesQuery,
    async categories() {
      return categoriesQuery().execute()
    },

    async exclusionGrounds() {
      return db
        .selectFrom('exclusion_grounds')
        .select(['code', 'label', 'description', 'active', 'refuses_escalation as refusesEscalation'])
        .orderBy('position')
        .execute()
    },
  }
}

export type ComplaintsRepository = ReturnType<typeof complaintsRepository>

const repositories = new WeakMap<Kysely<DB>, ReturnType<typeof buildComplaintsRepository>>()
/**
 * The complaints repository on `db`: made once for each database handle or transaction, as it
 * holds nothing but its queries (every request asks for it, often more than once).
 */
export function complaintsRepository(db: Kysely<DB>) {
  let repository = repositories.get(db)
  if (!repository) {
    repository = buildComplaintsRepository(db)
    repositories.set(db, repository)
  }
  return repository
}
