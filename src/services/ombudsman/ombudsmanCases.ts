import { randomUUID } from 'node:crypto'
import { zipSync } from 'fflate'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { type OmbudsmanCaseFilter, ombudsmanRepository } from '../../db/repositories/ombudsman.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import { formatLongDate, londonDateOf } from '../../domain/calendar/calendarDate.js'
import { describeEvent } from '../../domain/complaints/chronology.js'
import { foldComplaint } from '../../domain/complaints/complaint.js'
import { checkDocument } from '../../domain/complaints/documents.js'
import { letterTitle } from '../../domain/complaints/letters.js'
import { isUuid } from '../../domain/ids.js'
import { paragraphsHtml } from '../../domain/letters/layout.js'
import { evidencePackIndex, type PackFile, policyText } from '../../domain/ombudsman/evidencePack.js'
import {
  type DirectionInput,
  decideCompliance,
  decideDetermination,
  decideDirection,
  decideEvidenceRequest,
  decideEvidenceSent,
  decideKindChange,
  decideOpenCase,
  decidePackPrepared,
  foldOmbudsmanCase,
  needsGovernanceAlert,
  type OmbudsmanCase,
  type OmbudsmanEventData,
  outstandingOnCase,
} from '../../domain/ombudsman/ombudsmanCase.js'
import { complaintHandlerRoles } from '../../domain/staff/roles.js'
import { packName } from '../../domain/text/packName.js'
import { notFound, refused, ruleBroken } from '../../errors.js'
import type { CalendarService } from '../calendar.js'
import { changeHistory, type HistoryChange } from '../changeHistory.js'
import type { ComplaintsService } from '../complaints.js'
import { mayDo, type Staff } from '../governanceRecords.js'
import { letterPdf } from '../letters/letterPdf.js'
import { houseLogo } from '../letters/wording.js'
import { type MailMode, queueMail } from '../mail/letterDelivery.js'
import type { PolicyService } from '../policy.js'

/**
 * The Housing Ombudsman's cases on complaints: from the enquiry, through evidence and the
 * determination, to orders and recommendations complied with. Each change is an event kept for
 * good, written with the case's row in one transaction.
 */
export function ombudsmanService(deps: {
  /** The complaints' own service: a copy of the evidence of compliance joins the complaint's documents. */
  complaints: Pick<ComplaintsService, 'attachDocument'>
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
  policy: PolicyService
  mail: MailMode
  landlordName: string
}) {
  const { db, clock } = deps
  const today = () => londonDateOf(clock.now())

  const mayRecord = (actor: Staff) => mayDo(actor, 'handleComplaints', 'record Ombudsman cases')

  async function load(caseId: string): Promise<OmbudsmanCase> {
    if (!isUuid(caseId)) throw notFound('There is no such Ombudsman case')
    const events = await ombudsmanRepository(db).events(caseId)
    if (!events.length) throw notFound('There is no such Ombudsman case')
    return foldOmbudsmanCase(caseId, events)
  }

  const rowOf = (c: OmbudsmanCase, now: Date) => ({
    id: c.id,
    complaintId: c.complaintId,
    ombudsmanReference: c.ombudsmanReference,
    kind: c.kind,
    receivedOn: c.receivedOn,
    nextDueOn: outstandingOnCase(c, londonDateOf(now))[0]?.dueOn ?? null,
    determinedOn: c.determination?.reportOn ?? null,
    version: c.version,
    updatedAt: now,
  })

  /** Severe maladministration or a failure order: the senior lead and the MRC hear at once (9.6, 9.7). */
  async function alertGovernance(
    trx: Kysely<DB>,
    c: OmbudsmanCase,
    why: string,
    complaintReference: string,
    now: Date,
  ) {
    const people = (await usersRepository(trx).list()).filter(
      (u) => !u.disabledAt && (u.role === 'senior_lead' || u.role === 'board'),
    )
    for (const person of people) {
      const lines = [
        `The Housing Ombudsman’s case ${c.ombudsmanReference} on complaint ${complaintReference} has ${why}.`,
        'The Code asks the governing body and its Member Responsible for Complaints to be told of such outcomes, and of the landlord’s response to them.',
        deps.landlordName,
      ]
      await queueMail(trx, deps.mail, {
        kind: 'ombudsman_alert',
        complaintId: c.complaintId,
        toUserId: person.id,
        toAddress: person.email,
        subject: `Ombudsman: ${why} on ${complaintReference}`,
        textBody: lines.join('\n\n'),
        htmlBody: paragraphsHtml(lines),
        at: now,
      })
    }
  }

  /** Writes one event decided on the case as it stands (`before`), with its row and any alert. */
  async function write(
    trx: Kysely<DB>,
    before: OmbudsmanCase,
    data: OmbudsmanEventData,
    now: Date,
    actor: Staff,
  ) {
    const after = foldOmbudsmanCase(before.id, [
      ...before.events,
      { ...data, seq: before.version + 1, at: now, by: actor.id },
    ])
    const repo = ombudsmanRepository(trx)
    await repo.appendEvents(before.id, before.version, [{ data, at: now, by: actor.id }])
    await repo.updateCase(rowOf(after, now), before.version)
    const why = needsGovernanceAlert(data)
    if (why)
      await alertGovernance(
        trx,
        after,
        why,
        (await complaintsRepository(trx).referenceOf(after.complaintId)) ?? '',
        now,
      )
    return after
  }

  /** One change to a case: decided on the case as it stands, written with its row (`changeHistory`). */
  async function act(
    caseId: string,
    actor: Staff,
    decide: (c: OmbudsmanCase) => Promise<OmbudsmanEventData> | OmbudsmanEventData,
    transaction?: HistoryChange<OmbudsmanCase, OmbudsmanEventData, OmbudsmanCase>['transaction'],
  ) {
    mayRecord(actor)
    return changeHistory(db, {
      record: 'Ombudsman case',
      id: caseId,
      load: () => load(caseId),
      decide,
      write: (trx, before, data) => write(trx, before, data, clock.now(), actor),
      transaction,
    })
  }

  return {
    async open(
      complaintId: string,
      actor: Staff,
      input: { ombudsmanReference?: string; kind?: string; receivedOn?: string },
    ): Promise<OmbudsmanCase> {
      try {
        mayRecord(actor)
        const complaint = isUuid(complaintId)
          ? await complaintsRepository(db).findProjection(complaintId)
          : undefined
        if (!complaint) throw notFound('There is no complaint with that id')
        const data = decideOpenCase(
          { complaintId, ...input },
          { today: today(), complaintReceivedOn: complaint.received_on },
        )
        const id = randomUUID()
        const now = clock.now()
        const c = foldOmbudsmanCase(id, [{ ...data, seq: 1, at: now, by: actor.id }])
        const why = needsGovernanceAlert(data)
        await db.transaction().execute(async (trx) => {
          const repo = ombudsmanRepository(trx)
          await repo.insertCase(rowOf(c, now))
          await repo.appendEvents(id, 0, [{ data, at: now, by: actor.id }])
          if (why) await alertGovernance(trx, c, why, complaint.reference, now)
        })
        return c
      } catch (error) {
        refused(error, 'Ombudsman case')
      }
    },

    async view(caseId: string) {
      const c = await load(caseId)
      const reference = (await complaintsRepository(db).referenceOf(c.complaintId)) ?? ''
      return { case: c, complaintReference: reference, outstanding: outstandingOnCase(c, today()) }
    },

    forComplaint: (complaintId: string) => ombudsmanRepository(db).forComplaint(complaintId),

    changeKind(caseId: string, actor: Staff, input: { kind?: string; on?: string }) {
      return act(caseId, actor, (c) => decideKindChange(c, input, { today: today() }))
    },

    requestEvidence(
      caseId: string,
      actor: Staff,
      input: { requestedOn?: string; dueOn?: string; what?: string },
    ) {
      return act(caseId, actor, async (c) =>
        decideEvidenceRequest(c, input, {
          today: today(),
          calendar: await deps.calendar.current(),
          newId: randomUUID,
        }),
      )
    },

    evidenceSent(
      caseId: string,
      actor: Staff,
      input: { requestId?: string; sentOn?: string; leftOut?: string },
    ) {
      return act(caseId, actor, (c) => decideEvidenceSent(c, input, { today: today() }))
    },

    recordDetermination(
      caseId: string,
      actor: Staff,
      input: { reportOn?: string; elements: { element?: string; finding?: string }[] },
    ) {
      return act(caseId, actor, (c) => decideDetermination(c, input, { today: today() }))
    },

    addDirection(caseId: string, actor: Staff, input: DirectionInput) {
      return act(caseId, actor, async (c) => {
        const owners = new Set((await usersRepository(db).activeIn(complaintHandlerRoles)).map((u) => u.id))
        return decideDirection(c, input, { newId: randomUUID, owners })
      })
    },

    /**
     * The evidence of compliance sent to the Ombudsman, with a copy of it when given: the file is
     * checked as any upload and kept with the complaint's documents (so the record and any later
     * evidence pack hold it), written with the event or not at all.
     */
    async recordCompliance(
      caseId: string,
      actor: Staff,
      input: {
        directionId?: string
        evidence?: string
        sentOn?: string
        file?: { filename: string; bytes: Uint8Array }
      },
    ) {
      const { file, ...rest } = input
      const checked = file ? checkDocument(file.filename, file.bytes) : undefined
      const document = checked?.ok ? { id: randomUUID(), filename: checked.filename } : undefined
      return act(
        caseId,
        actor,
        (c) => {
          if (checked && !checked.ok)
            throw ruleBroken(checked.problem, [{ field: 'file', message: checked.problem }])
          return decideCompliance(c, { ...rest, document }, { today: today() })
        },
        // With a copy: attached to the complaint (its event and the file) in the transaction
        // that records the compliance on the case, or neither.
        file && document
          ? async (before, work) => {
              let after: OmbudsmanCase | undefined
              await deps.complaints.attachDocument(before.complaintId, actor, {
                filename: file.filename,
                bytes: file.bytes,
                description: `Evidence of compliance sent to the Housing Ombudsman (case ${before.ombudsmanReference})`,
                documentId: document.id,
                alsoInTransaction: async (trx) => {
                  after = await work(trx)
                },
              })
              return after ?? (await load(caseId))
            }
          : undefined,
      )
    },

    /** The complaint's documents, for choosing what to leave out of an evidence pack. */
    async packDocuments(caseId: string) {
      const c = await load(caseId)
      return complaintsRepository(db).documents(c.complaintId)
    },

    /**
     * The evidence pack, as one ZIP: an index (PDF) with the chronology from the case's events,
     * every letter as issued (PDF), every document not left out, and the timescales in force at
     * each stage (PDF). Making it is recorded on the case, with what was left out and why.
     */
    async evidencePack(caseId: string, actor: Staff, input: { leaveOut: string[]; reason?: string }) {
      try {
        mayRecord(actor)
        const oc = await load(caseId)
        const repo = complaintsRepository(db)
        const complaint = foldComplaint(oc.complaintId, await repo.events(oc.complaintId))
        const documents = await repo.documents(oc.complaintId)
        const recorded = decidePackPrepared(input, documents)
        const leftOut = recorded.type === 'ombudsman.pack_prepared' ? recorded.leftOut : []
        const names = new Map((await usersRepository(db).list()).map((u) => [u.id, u.name]))
        const logo = await houseLogo(db)
        const pdf = (text: string, title: string) =>
          letterPdf(text, { title, landlordName: deps.landlordName, logo })
        const files: Record<string, Uint8Array> = {}
        const listed: PackFile[] = []
        let n = 0
        for (const letter of await repo.letters(oc.complaintId)) {
          const path = `letters/${packName(++n, `${letter.kind}.pdf`)}`
          files[path] = await pdf(letter.text, `${letterTitle(letter.kind)}, ${complaint.reference}`)
          listed.push({
            path,
            what: `${letterTitle(letter.kind)}, issued ${formatLongDate(londonDateOf(letter.issuedAt))}`,
          })
        }
        for (const d of documents.filter((x) => !leftOut.some((l) => l.documentId === x.id))) {
          const content = await repo.documentContent(oc.complaintId, d.id)
          if (!content) continue
          const path = `documents/${packName(++n, d.filename)}`
          files[path] = new Uint8Array(content.content)
          listed.push({ path, what: d.description ? `${d.filename}: ${d.description}` : d.filename })
        }
        const versions = new Map((await deps.policy.versions()).map((v) => [v.version, v]))
        for (const stage of [1, 2] as const) {
          const record = complaint.stages[stage]
          const v = record && versions.get(record.policyVersion)
          if (!v) continue
          const path = `policies/${packName(++n, `timescales-stage-${stage}.pdf`)}`
          files[path] = await pdf(
            policyText(deps.landlordName, v.version, v.effectiveFrom, v),
            'Complaint timescales',
          )
          listed.push({ path, what: `The timescales in force at stage ${stage} (version ${v.version})` })
        }
        const now = clock.now()
        const index = evidencePackIndex({
          landlordName: deps.landlordName,
          preparedAt: now,
          ombudsmanCase: oc,
          complaintReference: complaint.reference,
          files: [{ path: 'index.pdf', what: 'This index' }, ...listed],
          chronology: complaint.events.map((e) => ({
            at: e.at,
            ...describeEvent(e, complaint, names),
            by: e.by
              ? (names.get(e.by) ?? 'a former member of staff')
              : e.byResident
                ? 'the resident, online'
                : 'the service',
          })),
          leftOut,
          reason: input.reason?.trim(),
        })
        files['index.pdf'] = await pdf(index, `Evidence for the Housing Ombudsman, ${oc.ombudsmanReference}`)
        await act(caseId, actor, () => recorded)
        return {
          filename: `evidence-${oc.ombudsmanReference}-${complaint.reference}.zip`.replace(/[^\w.-]+/g, '_'),
          zip: zipSync(files, { level: 6, mtime: now }),
        }
      } catch (error) {
        refused(error, 'Ombudsman case')
      }
    },

    /** How many cases have evidence or an order overdue today (of one entity's complaints, if given). */
    overdueCount: (entityId?: string) => ombudsmanRepository(db).countOverdue(today(), entityId),

    /**
     * The Ombudsman's cases, owed, open or closed, a page of `OMBUDSMAN_PAGE` (or `pageSize`) at a
     * time; only those of one entity's complaints, for a person limited to it (`entityId`).
     */
    async list(filter: OmbudsmanCaseFilter, page = 1, pageSize = OMBUDSMAN_PAGE, entityId?: string) {
      const t = today()
      const repo = ombudsmanRepository(db)
      const [rows, counts] = await Promise.all([
        repo.list(filter, { limit: pageSize, offset: (page - 1) * pageSize }, entityId),
        repo.counts(entityId),
      ])
      return {
        items: rows.map((r) => ({ ...r, overdue: r.nextDueOn !== null && r.nextDueOn < t })),
        counts,
        pageSize,
      }
    },
  }
}

/** How many Ombudsman cases a page of the list shows. */
export const OMBUDSMAN_PAGE = 50

export type OmbudsmanService = ReturnType<typeof ombudsmanService>
