import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { type MailStatus, mailRepository, mailStatuses } from '../../db/repositories/mail.js'
import type { DB } from '../../db/schema.js'
import { foldComplaint } from '../../domain/complaints/complaint.js'
import { isReference } from '../../domain/complaints/intake.js'
import { letterTitle } from '../../domain/complaints/letters.js'
import { isUuid } from '../../domain/ids.js'
import { missingAddressText, postalAddressOf, postedTo } from '../../domain/letters/postalAddress.js'
import { invalidInput, notFound, pageLinkNotOurs } from '../../errors.js'
import { letterPdf } from '../letters/letterPdf.js'
import { letterheadOf } from '../letters/wording.js'

/** How many messages the mail page shows at a time. */
export const MAIL_PAGE = 50

/** Where a page of mail starts: after the message made at `createdAt` with this id (newest first). */
export type MailCursor = { createdAt: Date; id: string }
export const mailCursorKeys = (c: MailCursor): (string | number)[] => [c.createdAt.toISOString(), c.id]
const mailCursorShape = z.tuple([z.iso.datetime(), z.uuid()])
/** A mail page link's keys as the cursor they name; keys this service did not make are refused. */
export function mailCursorOf(keys: (string | number)[] | undefined): MailCursor | undefined {
  if (!keys) return undefined
  const k = mailCursorShape.safeParse(keys)
  if (!k.success) throw pageLinkNotOurs()
  return { createdAt: new Date(k.data[0]), id: k.data[1] }
}

/** What staff see of mail and post: the outbox, each message's attempts, the print queue, letters as PDFs. */
export function mailService(deps: { db: Kysely<DB>; clock: Clock; landlordName: string }) {
  const { db, clock } = deps
  const mail = mailRepository(db)
  /** A letter's PDF, with the name and logo of its complaint's landlord entity (issue 34). */
  const pdfOf = async (
    text: Parameters<typeof letterPdf>[0],
    title: string,
    largePrint = false,
    complaintId?: string | null,
  ) => letterPdf(text, { title, largePrint, ...(await letterheadOf(db, complaintId, deps.landlordName)) })

  return {
    /**
     * The mail, newest first, a page of `MAIL_PAGE` at a time: of one status, and found by a
     * complaint's reference or the address it went to; `next` names the page after this one. For a
     * person limited to an entity (`entityId`), only the mail about its complaints, counts too.
     */
    async messages(
      status?: string,
      page: { q?: string; before?: MailCursor; limit?: number; entityId?: string } = {},
    ) {
      const entityId = page.entityId
      const size = page.limit ?? MAIL_PAGE
      if (status && !(mailStatuses as readonly string[]).includes(status))
        throw invalidInput(`The status must be one of: ${mailStatuses.join(', ')}`)
      const q = page.q?.trim() ?? ''
      let found: { complaintId?: string; toAddress?: string } = {}
      if (q && !q.includes('@') && !isReference(q))
        throw invalidInput('Search by a complaint’s reference, like CMP-2026-000123, or an email address', [
          {
            field: 'q',
            message: 'Search by a complaint’s reference, like CMP-2026-000123, or an email address',
          },
        ])
      if (q.includes('@')) found = { toAddress: q }
      else if (q) {
        const complaintId = await complaintsRepository(db).findIdByReference(q)
        // A reference no complaint has finds nothing, rather than everything.
        if (!complaintId)
          return { items: [], counts: await mail.countByStatus({ entityId }), next: undefined }
        found = { complaintId }
      }
      const rows = await mail.list({
        status: status as MailStatus | undefined,
        ...found,
        entityId,
        ...(page.before ? { before: page.before } : {}),
        limit: size + 1,
      })
      const items = rows.slice(0, size)
      const last = items.at(-1)
      return {
        items,
        counts: await mail.countByStatus({ entityId }),
        next: rows.length > size && last ? { createdAt: last.createdAt, id: last.id } : undefined,
      }
    },

    async message(id: string) {
      const m = isUuid(id) ? await mail.message(id) : undefined
      if (!m) throw notFound('There is no such message')
      // A resident's one-time code is theirs alone. Staff see it only in the outbox, where there
      // is no mail server and they must read it to the resident themselves.
      const hidden = m.kind === 'track_code' && m.status !== 'outbox'
      const redacted = 'The one-time code in this message is not shown to staff.'
      return {
        ...m,
        ...(hidden ? { textBody: redacted, htmlBody: `<p>${redacted}</p>` } : {}),
        attempts: await mail.attempts(id),
      }
    },

    /** A message's letter as the PDF that was (or will be) attached. */
    async messagePdf(id: string) {
      const m = await this.message(id)
      if (!m.letterText || !m.letterKind) throw notFound('This message has no letter attached')
      const title = `${letterTitle(m.letterKind)}, ${m.reference ?? ''}`
      return {
        filename: `${m.reference}-${m.letterKind}.pdf`,
        pdf: await pdfOf(m.letterText, title, m.largePrint, m.complaintId),
      }
    },

    /** A letter on a case as a PDF, for staff to read or print. */
    async letterPdf(complaintId: string, letterId: string) {
      if (!isUuid(complaintId) || !isUuid(letterId)) throw notFound('There is no such letter')
      const letter = (await complaintsRepository(db).letters(complaintId)).find((l) => l.id === letterId)
      if (!letter) throw notFound('There is no such letter on this complaint')
      const reference = (await complaintsRepository(db).referenceOf(complaintId)) ?? ''
      return {
        filename: `${reference}-${letter.kind}.pdf`,
        pdf: await pdfOf(letter.text, `${letterTitle(letter.kind)}, ${reference}`, false, complaintId),
      }
    },

    /** How each letter on a case went out: by email (and what happened) or by post. */
    async deliveries(complaintId: string) {
      const [messages, postal] = await Promise.all([mail.forComplaint(complaintId), mail.postal(complaintId)])
      return { messages, postal }
    },

    /** How many messages of each status (or of one), every one or one entity's complaints'. */
    counts: (f: { entityId?: string; status?: MailStatus } = {}) => mail.countByStatus(f),

    /**
     * Letters waiting for the post, oldest first, each with whether it can be printed: a letter
     * issued without a postal address cannot go in an envelope. For one that cannot, what is
     * missing, or that the address has been recorded since and the letter needs reissuing. One
     * entity's complaints' letters, for a person limited to it.
     */
    async printQueue(entityId?: string) {
      const waiting = await mail.waitingToPrint(entityId)
      const blocked = waiting.filter((w) => !postedTo(w.text))
      const histories = await complaintsRepository(db).eventsOf([
        ...new Set(blocked.map((w) => w.complaintId)),
      ])
      return waiting.map((w) => {
        if (postedTo(w.text)) return { ...w, printable: true as const }
        const events = histories.get(w.complaintId)
        const now = events?.length ? postalAddressOf(foldComplaint(w.complaintId, events)) : undefined
        return {
          ...w,
          printable: false as const,
          why: now?.ok
            ? 'It was issued without a postal address, which has been recorded since: reissue the letter to post it'
            : `It cannot be posted: ${now ? missingAddressText(now) : 'no postal address is recorded'}. Record the address on the complaint, then reissue the letter`,
        }
      })
    },

    waitingToPrint: (entityId?: string) => mail.countWaitingToPrint(entityId),

    /** Every letter waiting for the post that can be posted, one after another in one PDF to print. */
    async printQueuePdf(entityId?: string) {
      const waiting = (await this.printQueue(entityId)).filter((w) => w.printable)
      if (!waiting.length) throw notFound('No letters with a postal address are waiting to be printed')
      return pdfOf(
        waiting.map((w) => ({ text: w.text, largePrint: w.largePrint })),
        `Letters to post, ${waiting.length}`,
      )
    },

    /** Marks letters posted; a person limited to an entity marks only its complaints' letters. */
    async markPrinted(letterIds: string[], by: string, entityId?: string) {
      const ids = letterIds.filter(isUuid)
      if (!ids.length) throw invalidInput('Choose the letters that have been printed')
      return mail.markPrinted(ids, by, clock.now(), entityId)
    },
  }
}

export type MailService = ReturnType<typeof mailService>
