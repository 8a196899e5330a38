import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { accessLogRepository } from '../../db/repositories/accessLog.js'
import { entitiesRepository } from '../../db/repositories/entities.js'
import { type PersonRow, peopleRepository, type ResidentMatch } from '../../db/repositories/people.js'
import { writeTogether } from '../../db/repositories/writeTogether.js'
import type { DB } from '../../db/schema.js'
import { addCalendarDays, addMonths, londonDateOf } from '../../domain/calendar/calendarDate.js'
import type { Resident } from '../../domain/complaints/events.js'
import type { Tenure } from '../../domain/complaints/vocabulary.js'
import { isUuid } from '../../domain/ids.js'
import {
  decideAdjustment,
  decideDetails,
  decideEnd,
  decideMerge,
  decideRepresentative,
  decideRestriction,
  decideReview,
  decideVulnerability,
} from '../../domain/people/decisions.js'
import {
  type ContactDetails,
  foldPerson,
  nextReviewOn,
  type Person,
  type PersonEventData,
  representativesActing,
  restrictionsInForce,
  reviewsDue,
  type Vulnerability,
} from '../../domain/people/person.js'
import { restrictionLetterText } from '../../domain/people/restrictionLetter.js'
import { ADJUSTMENT_REVIEW_MAX_MONTHS } from '../../domain/people/vocabulary.js'
import type { Adjustments } from '../../domain/residents/needs.js'
import { rule } from '../../domain/rules.js'
import { can } from '../../domain/staff/roles.js'
import { forbidden, notFound, ruleBroken } from '../../errors.js'
import { changeHistory } from '../changeHistory.js'
import { mayDo, type Staff } from '../governanceRecords.js'
import { letterPdf } from '../letters/letterPdf.js'
import { houseLogo } from '../letters/wording.js'

export function formatPersonReference(n: number) {
  return `RES-${String(n).padStart(6, '0')}`
}

/** What the record's row holds, worked out from the record as it is today. */
export function rowOf(p: Person, today: string, now: Date): PersonRow {
  const inForce = restrictionsInForce(p, today)
  const pending = p.restrictions.filter((r) => r.endsOn >= today)
  const adjustmentsReview = p.adjustments.map((a) => a.reviewOn).sort()[0] ?? null
  const d = p.details
  return {
    id: p.id,
    reference: p.reference,
    name: d.name,
    email: d.email ?? null,
    phone: d.phone ?? null,
    postcode: d.postcode ?? null,
    address: d.address ?? null,
    tenancyReference: d.tenancyReference ?? null,
    searchText: [
      p.reference,
      d.name,
      d.email,
      d.postcode,
      d.postcode?.replace(/\s/g, ''),
      d.tenancyReference,
      d.address,
    ]
      .filter(Boolean)
      .join(' ')
      .toLowerCase(),
    hasVulnerability: p.vulnerabilities.length > 0,
    hasAdjustments: p.adjustments.length > 0,
    nextReviewOn: adjustmentsReview,
    restrictedUntil:
      pending
        .map((r) => r.endsOn)
        .sort()
        .at(-1) ?? null,
    restrictionReviewOn: (inForce.length ? inForce : pending).map((r) => r.reviewOn).sort()[0] ?? null,
    mergedIntoId: p.mergedInto?.personId ?? null,
    version: p.version,
    updatedAt: now,
  }
}

async function load(db: Kysely<DB>, id: string): Promise<Person> {
  if (!isUuid(id)) throw notFound('There is no resident record with that id')
  const events = await peopleRepository(db).events(id)
  if (!events.length) throw notFound('There is no resident record with that id')
  return foldPerson(id, events)
}

/** The record, or the one it was merged into. */
async function current(db: Kysely<DB>, id: string): Promise<Person> {
  let p = await load(db, id)
  for (let hops = 0; p.mergedInto && hops < 10; hops++) p = await load(db, p.mergedInto.personId)
  return p
}

/**
 * A change to a record: the record after it, and its writes (the row and the events, for
 * `writeTogether`). A writer who changed the record first makes them a version conflict.
 */
function change(
  db: Kysely<DB>,
  before: Person | undefined,
  id: string,
  data: PersonEventData[],
  by: string | null,
  now: Date,
) {
  const events = data.map((d, i) => ({ ...d, seq: (before?.version ?? 0) + i + 1, at: now, by }))
  const after = foldPerson(id, [...(before?.events ?? []), ...events])
  const writes = peopleRepository(db).change(
    rowOf(after, londonDateOf(now), now),
    before?.version,
    data.map((d) => ({ data: d, at: now, by })),
  )
  return { after, writes }
}

/** Appends events to a record and rewrites its row, in one statement. */
async function append(...args: Parameters<typeof change>) {
  const { after, writes } = change(...args)
  await writeTogether(args[0], writes)
  return after
}

type ComplaintResident = {
  resident: Resident
  adjustments?: Adjustments
  /** A vulnerability the resident disclosed when the complaint was logged by staff. */
  vulnerability?: Vulnerability
  complaintId: string
  by: string | null
  now: Date
  /** The complaint's tenure and landlord entity, kept on a new record (issue 34). */
  tenancy?: { tenure?: Tenure; entityId?: string }
}

/**
 * Code 1.2, 3.2, 5.10: a complaint logged joins the resident's record, the one `found` by
 * tenancy, email or name and postcode, or a new one numbered `newNumber`. Adjustments asked for
 * with the complaint are agreed on the record with a review date. Returns the record, whether
 * the resident has disclosed a vulnerability or has adjustments (for triage), and the writes
 * (none when the record is found and nothing is new), to go with the complaint's.
 */
/**
 * The tenancy a found resident record gives a complaint they make (issue 34): their tenure (so
 * the TSM count it without anyone typing it) and the landlord entity their tenancy is with.
 */
export function tenancyOf(match: ResidentMatch): { tenure?: Tenure; entityId?: string } {
  if (!('found' in match)) return {}
  const { tenure, entityId } = foldPerson(match.found.id, match.found.events).details
  return { ...(tenure ? { tenure } : {}), ...(entityId ? { entityId } : {}) }
}

export function residentRecordForComplaint(db: Kysely<DB>, match: ResidentMatch, input: ComplaintResident) {
  const before = 'found' in match ? foldPerson(match.found.id, match.found.events) : undefined
  const id = before?.id ?? randomUUID()
  const data = residentRecordEvents(match, before, input)
  const { after, writes } = data.length
    ? change(db, before, id, data, input.by, input.now)
    : { after: before as Person, writes: [] }
  return {
    personId: id,
    vulnerable: after.vulnerabilities.length > 0 || after.adjustments.length > 0,
    writes,
  }
}

/** The events a complaint adds to its resident's record: a new record's details, adjustments, a vulnerability. */
export function residentRecordEvents(
  match: ResidentMatch,
  before: Person | undefined,
  input: Omit<ComplaintResident, 'by' | 'now'> & { now: Date },
): PersonEventData[] {
  const r = input.resident
  const today = londonDateOf(input.now)
  const data: PersonEventData[] = []
  if ('newNumber' in match) {
    const details: ContactDetails = {
      name: r.name,
      ...(r.email ? { email: r.email } : {}),
      ...(r.phone ? { phone: r.phone } : {}),
      ...(r.address ? { address: r.address } : {}),
      ...(r.postcode ? { postcode: r.postcode } : {}),
      ...(r.tenancyReference ? { tenancyReference: r.tenancyReference } : {}),
      // A new record keeps the tenancy the complaint gave, for their next complaint.
      ...(input.tenancy?.tenure ? { tenure: input.tenancy.tenure } : {}),
      ...(input.tenancy?.entityId ? { entityId: input.tenancy.entityId } : {}),
    }
    data.push({
      type: 'person.recorded',
      reference: formatPersonReference(match.newNumber),
      details,
      fromComplaintId: input.complaintId,
    })
    if (r.largePrint || r.postOnly)
      data.push({
        type: 'person.details_changed',
        details,
        preferences: {
          ...(r.postOnly ? { method: 'letter' as const } : {}),
          ...(r.largePrint ? { format: 'large_print' as const } : {}),
        },
      })
  }
  const have = new Set(before?.adjustments.map((a) => a.kind))
  for (const kind of input.adjustments?.needs ?? [])
    if (!have.has(kind))
      data.push({
        type: 'person.adjustment_agreed',
        adjustment: {
          id: randomUUID(),
          kind,
          ...(input.adjustments?.details || input.adjustments?.language || input.adjustments?.callTimes
            ? {
                details: [input.adjustments.language, input.adjustments.callTimes, input.adjustments.details]
                  .filter(Boolean)
                  .join('; '),
              }
            : {}),
          agreedOn: today,
          reviewOn: addMonths(today, ADJUSTMENT_REVIEW_MAX_MONTHS),
        },
      })
  if (input.vulnerability)
    data.push({ type: 'person.vulnerability_recorded', vulnerability: input.vulnerability })
  return data
}

/** A complaint already logged joins its resident's record (`residentRecordForComplaint`), written at once. */
export async function personForComplaint(
  trx: Kysely<DB>,
  input: ComplaintResident,
): Promise<{ personId: string }> {
  const repo = peopleRepository(trx)
  const hit = await repo.match(input.resident)
  const match = hit
    ? { found: { id: hit.id, events: await repo.events(hit.id) } }
    : { newNumber: await repo.nextReferenceNumber() }
  const { personId, writes } = residentRecordForComplaint(trx, match, input)
  await writeTogether(trx, writes)
  return { personId }
}

/** The resident record's contact preferences (following a merge to the record kept), for letters. */
export async function preferencesOf(db: Kysely<DB>, personId: string | undefined) {
  if (!personId) return {}
  return (await current(db, personId)).preferences
}

export type PersonStep =
  | 'details'
  | 'representative'
  | 'vulnerability'
  | 'adjustment'
  | 'review'
  | 'end'
  | 'restriction'

/** Resident records: who the resident is, who acts for them, what they need, and any restriction. */
export function peopleService(deps: { db: Kysely<DB>; clock: Clock; landlordName: string }) {
  const { db, clock } = deps
  const today = () => londonDateOf(clock.now())

  /** The record without what is sensitive: vulnerabilities are counted, not shown. */
  function open(p: Person) {
    const t = today()
    const { vulnerabilities, ...rest } = p
    return {
      person: rest,
      vulnerabilityCount: vulnerabilities.length,
      restrictionsInForce: restrictionsInForce(p, t),
      representativesActing: representativesActing(p, t),
      reviewsDue: reviewsDue(p, t, addCalendarDays(t, 14)),
      nextReviewOn: nextReviewOn(p, t),
      today: t,
    }
  }

  return {
    /** The record, with its complaints (only one entity's, for a person limited to it: `entityId`). */
    async view(id: string, entityId?: string) {
      const p = await load(db, id)
      return { ...open(p), complaints: await peopleRepository(db).complaints(id, entityId) }
    },

    /** The summary the case page shows: who the resident is, adjustments, restrictions and reviews. */
    async summary(id: string | undefined) {
      if (!id) return undefined
      // A complaint keeps the record it was logged against; a merged record points on to the one kept.
      return open(await current(db, id))
    },

    /** Disclosed vulnerabilities: for the roles that need them, and every view is logged with its purpose. */
    async vulnerabilities(id: string, actor: Staff, purpose: string) {
      if (!can(actor.role, 'viewVulnerabilities'))
        throw forbidden('Your role does not allow you to see residents’ disclosed vulnerabilities')
      const p = await load(db, id)
      await accessLogRepository(db).record({
        staffId: actor.id,
        at: clock.now(),
        action: 'viewed',
        kind: 'vulnerabilities',
        what: `Vulnerabilities on ${p.reference}`,
        personId: id,
        via: 'web',
        context: purpose.trim() || 'viewed the record',
      })
      return {
        reference: p.reference,
        name: p.details.name,
        vulnerabilities: p.vulnerabilities,
        ended: p.ended.filter((e) => e.what === 'vulnerability'),
      }
    },

    /** Who looked at a resident's vulnerabilities: for the roles that may see them. */
    async sensitiveAccess(id: string, actor: Staff) {
      mayDo(actor, 'viewVulnerabilities', 'see who viewed residents’ vulnerabilities')
      return peopleRepository(db).sensitiveAccess(id)
    },

    async record(
      id: string,
      actor: Staff,
      step: PersonStep,
      input: Record<string, string | string[] | undefined> & { what?: string; entryId?: string },
      expectedVersion?: number,
    ) {
      mayDo(actor, 'handleComplaints', 'change resident records')
      // The landlord entity of their tenancy must be one there is (issue 34).
      const entityId = step === 'details' && typeof input.entityId === 'string' ? input.entityId.trim() : ''
      if (entityId && !(isUuid(entityId) && (await entitiesRepository(db).find(entityId))))
        throw ruleBroken('Choose one of the landlords', [
          { field: 'entityId', message: 'Choose one of the landlords' },
        ])
      const decide = (before: Person): PersonEventData => {
        const ctx = { today: today(), newId: randomUUID, actorId: actor.id }
        const s = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined)
        let data: PersonEventData
        switch (step) {
          case 'details':
            data = decideDetails(
              before,
              Object.fromEntries(Object.entries(input).filter(([, v]) => typeof v === 'string')) as Record<
                string,
                string
              >,
            )
            break
          case 'representative':
            data = decideRepresentative(
              before,
              {
                name: s('name'),
                relationship: s('relationship'),
                email: s('email'),
                phone: s('phone'),
                consentHow: s('consentHow'),
                consentFrom: s('consentFrom'),
                consentUntil: s('consentUntil'),
              },
              ctx,
            )
            break
          case 'vulnerability':
            if (!can(actor.role, 'viewVulnerabilities'))
              throw forbidden('Your role does not allow you to record residents’ vulnerabilities')
            data = decideVulnerability(
              before,
              { kind: s('kind'), details: s('details'), disclosedOn: s('disclosedOn') },
              ctx,
            )
            break
          case 'adjustment':
            data = decideAdjustment(
              before,
              { kind: s('kind'), details: s('details'), reviewOn: s('reviewOn') },
              ctx,
            )
            break
          case 'review':
            data = decideReview(
              before,
              s('what') === 'restriction' ? 'restriction' : 'adjustment',
              s('entryId') ?? '',
              { note: s('note'), nextReviewOn: s('nextReviewOn') },
              ctx,
            )
            break
          case 'end': {
            const what = s('what')
            if (what === 'vulnerability' && !can(actor.role, 'viewVulnerabilities'))
              throw forbidden('Your role does not allow you to change residents’ vulnerabilities')
            if (what === 'restriction' && !can(actor.role, 'approveRestrictions'))
              throw forbidden('Code 5.14: a restriction is ended by the complaints officer or a senior lead')
            data = decideEnd(
              before,
              what as 'representative' | 'vulnerability' | 'adjustment' | 'restriction',
              s('entryId') ?? '',
              s('reason'),
            )
            break
          }
          case 'restriction':
            data = decideRestriction(
              before,
              {
                behaviour: s('behaviour'),
                evidence: s('evidence'),
                scope: ([] as string[]).concat(input.scope ?? []),
                restriction: s('restriction'),
                equalityConsideration: s('equalityConsideration'),
                startsOn: s('startsOn'),
                reviewOn: s('reviewOn'),
                endsOn: s('endsOn'),
              },
              { id: actor.id, mayApprove: can(actor.role, 'approveRestrictions') },
              ctx,
            )
            break
        }
        return data
      }
      const after = await changeHistory(db, {
        record: 'resident record',
        id,
        expectedVersion,
        load: () => load(db, id),
        decide,
        write: (trx, before, data) => append(trx, before, before.id, [data], actor.id, clock.now()),
      })
      return open(after)
    },

    /** Duplicates merged: the duplicate's entries and complaints move across; both keep their history. */
    async merge(intoId: string, duplicateReference: string, actor: Staff) {
      mayDo(actor, 'handleComplaints', 'merge resident records')
      // Both records change together: each is appended at the version read, so a change to either
      // meanwhile has the merge decided again on them as they then are.
      const both = async () => {
        const into = await load(db, intoId)
        const found = (await peopleRepository(db).search(duplicateReference, 2)).find(
          (r) => r.reference === duplicateReference.trim().toUpperCase(),
        )
        if (!found)
          throw rule(
            `There is no resident record ${duplicateReference.trim().toUpperCase() || 'with that reference'}`,
            'duplicate',
          )
        return { version: into.version, into, from: await load(db, found.id) }
      }
      return changeHistory(db, {
        record: 'resident record',
        id: intoId,
        load: both,
        decide: ({ into, from }) => decideMerge(into, from),
        write: async (trx, { into, from }, events) => {
          const now = clock.now()
          await append(trx, into, into.id, [events.into], actor.id, now)
          await append(trx, from, from.id, [events.from], actor.id, now)
          await peopleRepository(trx).moveComplaints(from.id, into.id)
          return { into: into.reference, from: from.reference }
        },
      })
    },

    /** Code 5.14: the letter telling the resident about a restriction, as a PDF in their format. */
    async restrictionLetter(id: string, restrictionId: string) {
      const p = await load(db, id)
      const r = p.restrictions.find((x) => x.id === restrictionId)
      if (!r) throw notFound('There is no restriction with that id on this record')
      const text = restrictionLetterText(p, r, deps.landlordName, r.startsOn)
      const pdf = await letterPdf(text, {
        title: `Restriction on contact: ${p.reference}`,
        landlordName: deps.landlordName,
        largePrint: p.preferences.format === 'large_print',
        logo: await houseLogo(db),
      })
      return { filename: `${p.reference}-restriction-${r.startsOn}.pdf`, pdf, text }
    },

    /**
     * Records found by a search, live ones first: the page's 50, or a download's batch after
     * `offset`; only one entity's records, for a person limited to it (`entityId`).
     */
    search: (q: string, page?: { limit: number; offset: number }, entityId?: string) =>
      peopleRepository(db).search(q, page?.limit, page?.offset, entityId),

    /** Reviews owed within the next days or overdue (Code 5.10, 5.15), for reminders (one entity's, if given). */
    reviewsDue: (withinDays = 14, entityId?: string) => {
      const t = today()
      return peopleRepository(db).reviewsDue(addCalendarDays(t, withinDays), t, 200, entityId)
    },

    adjustmentReviewsOverdue: () => peopleRepository(db).adjustmentReviewsOverdue(today()),
  }
}

export type PeopleService = ReturnType<typeof peopleService>
