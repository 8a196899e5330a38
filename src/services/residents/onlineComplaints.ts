import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { type DraftFilePurpose, residentPortalRepository } from '../../db/repositories/residentPortal.js'
import type { DB } from '../../db/schema.js'
import { formatLongDate, londonDateOf } from '../../domain/calendar/calendarDate.js'
import { type Complaint, consentNeeded } from '../../domain/complaints/complaint.js'
import type { Deadline } from '../../domain/complaints/deadlines.js'
import { checkDocument } from '../../domain/complaints/documents.js'
import { HOUSING_OMBUDSMAN } from '../../domain/complaints/vocabulary.js'
import { paragraphsHtml } from '../../domain/letters/layout.js'
import {
  answerStep,
  intakeFromAnswers,
  missingAnswers,
  type OnlineAnswers,
  type StepErrors,
  type StepSlug,
} from '../../domain/residents/onlineComplaint.js'
import { whatHappensNext } from '../../domain/residents/progress.js'
import { AppError, ruleBroken } from '../../errors.js'
import type { CalendarService } from '../calendar.js'
import type { ComplaintsService } from '../complaints.js'
import { type MailMode, queueMail } from '../mail/letterDelivery.js'
import type { PolicyService } from '../policy.js'
import { hashToken, newToken } from '../tokens.js'
import type { RateLimiter } from './rateLimits.js'

/** Files a resident may add to one online complaint. */
export const MAX_DRAFT_FILES = 10

/** Drafts not sent are deleted this long after they were last touched. */
export const DRAFT_DAYS = 30

export type OnlineComplaintsDeps = {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
  policy: PolicyService
  complaints: ComplaintsService
  limits: RateLimiter
  mail: MailMode
  landlordName: string
  publicUrl: string
}

/**
 * The online complaint form (Code 3.1, 3.2): answers kept in the database as the resident
 * goes, and the complaint logged once, with its files, however many times it is sent.
 */
export function onlineComplaintsService(deps: OnlineComplaintsDeps) {
  const { db, clock } = deps
  const repo = residentPortalRepository(db)

  async function draftOf(token: string | undefined) {
    if (!token) return undefined
    const draft = await repo.draftByToken(hashToken(token))
    if (!draft) return undefined
    return { ...draft, answers: draft.answers as OnlineAnswers, files: await repo.draftFiles(draft.id) }
  }

  async function requireDraft(token: string | undefined) {
    const draft = await draftOf(token)
    if (!draft) throw new AppError(404, 'not_found', 'Your answers could not be found; start again')
    if (draft.complaintId)
      throw new AppError(409, 'already_sent', 'This complaint has already been sent', [
        { field: 'draft', message: draft.complaintId },
      ])
    return draft
  }

  return {
    /** A new, empty set of answers; the browser keeps the token, the database the answers. */
    async start(): Promise<{ token: string }> {
      const token = newToken('drf')
      await repo.insertDraft({ id: randomUUID(), tokenHash: hashToken(token), at: clock.now() })
      return { token }
    },

    draft: draftOf,

    /** What happens next, and by when, if a complaint is made today (for the help on every page). */
    async expectations() {
      const today = londonDateOf(clock.now())
      const [calendar, policy] = await Promise.all([deps.calendar.current(), deps.policy.inForceOn(today)])
      return { ...whatHappensNext(today, policy, calendar), ombudsman: HOUSING_OMBUDSMAN }
    },

    /** One page's answer: saved, or the page's errors (nothing saved). */
    async answer(
      token: string | undefined,
      slug: StepSlug,
      fields: Record<string, string | string[] | undefined>,
    ) {
      const draft = await requireDraft(token)
      if (slug === 'consent-upload' && !draft.files.some((f) => f.purpose === 'consent'))
        return {
          errors: { file: 'Code 1.3: select the resident’s signed letter or form to upload' } as StepErrors,
          answers: draft.answers,
        }
      const result = answerStep(slug, fields, draft.answers, londonDateOf(clock.now()))
      if ('errors' in result) return { errors: result.errors, answers: draft.answers }
      const answers: OnlineAnswers = { ...draft.answers, ...result.patch }
      if (answers.who === 'resident') {
        delete answers.representative
        delete answers.consent
      }
      await repo.saveAnswers(draft.id, answers as Record<string, unknown>, clock.now())
      return { answers }
    },

    /** A photo, letter or other file, checked as staff uploads are (type, content, size). */
    async addFile(
      token: string | undefined,
      input: { purpose: DraftFilePurpose; filename: string; bytes: Uint8Array; address: string },
    ) {
      const draft = await requireDraft(token)
      await deps.limits.take('uploadsPerAddress', input.address, 'Too many files have been sent from here.')
      if (draft.files.length >= MAX_DRAFT_FILES)
        throw ruleBroken(`You can send up to ${MAX_DRAFT_FILES} files with a complaint`, [
          { field: 'file', message: `You can send up to ${MAX_DRAFT_FILES} files with a complaint` },
        ])
      const check = checkDocument(input.filename, input.bytes)
      if (!check.ok) throw ruleBroken(check.problem, [{ field: 'file', message: check.problem }])
      await repo.insertDraftFile({
        id: randomUUID(),
        draftId: draft.id,
        purpose: input.purpose,
        filename: check.filename,
        contentType: check.contentType,
        content: input.bytes,
        at: clock.now(),
      })
    },

    async removeFile(token: string | undefined, fileId: string) {
      const draft = await requireDraft(token)
      if (draft.files.some((f) => f.id === fileId)) await repo.removeDraftFile(draft.id, fileId)
    },

    /** Whatever is still to answer before the complaint can be sent. */
    async missing(token: string | undefined) {
      const draft = await requireDraft(token)
      return missingAnswers(
        draft.answers,
        draft.files.some((f) => f.purpose === 'consent'),
      )
    },

    /**
     * Logs the complaint (channel web) with its files, once: a second submit of the same
     * answers, even at the same moment, returns the complaint the first one logged.
     */
    async submit(token: string | undefined, input: { address: string }) {
      const existing = await draftOf(token)
      if (existing?.complaintId) return this.sent(existing.complaintId)
      const draft = await requireDraft(token)
      const consentFile = draft.files.find((f) => f.purpose === 'consent')
      const missing = missingAnswers(draft.answers, Boolean(consentFile))
      if (missing.length)
        throw ruleBroken(
          'Some questions still need answering',
          missing.map((m) => ({ field: m.step, message: m.message })),
        )
      await deps.limits.take(
        'complaintsPerAddress',
        input.address,
        'Too many complaints have been sent from here in the last hour.',
      )
      const files = await repo.draftFileContents(draft.id)
      const now = clock.now()
      const intake = intakeFromAnswers(draft.answers, now, consentFile)
      const { view } = await deps.complaints.receive(intake, { id: null, role: 'resident' }, undefined, {
        documents: files.map((f) => ({
          filename: f.filename,
          contentType: f.contentType,
          bytes: f.content,
          description:
            f.purpose === 'consent'
              ? 'The resident’s consent, sent with the online complaint'
              : 'Sent with the online complaint',
        })),
        claim: (trx, complaintId) => residentPortalRepository(trx).claimDraft(draft.id, complaintId, now),
        already: async () => (await repo.draftByToken(hashToken(token ?? '')))?.complaintId ?? undefined,
        alsoInTransaction: (trx, complaint, deadlines) => receipt(trx, complaint, deadlines, now),
      })
      return this.sent(view.complaint.id)
    },

    /** The confirmation: the reference and the date by which the resident will hear from us. */
    async sent(complaintId: string) {
      const view = await deps.complaints.view(complaintId, 'resident')
      const ack = view.deadlines.find((d) => d.key === 'acknowledgement')
      return {
        complaintId,
        reference: view.complaint.reference,
        hearBy: ack?.due,
        email: view.complaint.representative?.email ?? view.complaint.resident.email,
        consentNeeded: consentNeeded(view.complaint),
      }
    },
  }

  /** An email receipt to whoever complained, if they gave an address: the reference and what next. */
  async function receipt(trx: Kysely<DB>, complaint: Complaint, deadlines: Deadline[], now: Date) {
    const to = complaint.representative?.email ?? complaint.resident.email
    if (!to) return
    const ack = deadlines.find((d) => d.key === 'acknowledgement')
    const lines = [
      `Thank you for your complaint. Your reference is ${complaint.reference}.`,
      ack
        ? `We will contact you by ${formatLongDate(ack.due)} to confirm that we are looking into it.`
        : 'We will contact you soon to confirm that we are looking into it.',
      `You can follow your complaint at ${deps.publicUrl}/track using this reference and this email address.`,
      `You can contact the ${HOUSING_OMBUDSMAN.name} at any time: ${HOUSING_OMBUDSMAN.phone}, ${HOUSING_OMBUDSMAN.website}.`,
      deps.landlordName,
    ]
    await queueMail(trx, deps.mail, {
      kind: 'online_receipt',
      complaintId: complaint.id,
      toAddress: to,
      subject: `We have received your complaint ${complaint.reference}`,
      textBody: lines.join('\n\n'),
      htmlBody: paragraphsHtml(lines),
      at: now,
    })
  }
}

export type OnlineComplaintsService = ReturnType<typeof onlineComplaintsService>
