import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { type MailStatus, mailRepository, mailStatuses } from '../../db/repositories/mail.js'
import type { DB } from '../../db/schema.js'
import { letterTitle } from '../../domain/complaints/letters.js'
import { isUuid } from '../../domain/ids.js'
import { invalidInput, notFound } from '../../errors.js'
import { letterPdf } from '../letters/letterPdf.js'
import { houseLogo } from '../letters/wording.js'

/** What staff see of mail and post: the outbox, each message's attempts, the print queue, letters as PDFs. */
export function mailService(deps: { db: Kysely<DB>; clock: Clock; landlordName: string }) {
  const { db, clock } = deps
  const mail = mailRepository(db)
  const pdfOf = async (text: string | string[], title: string, largePrint = false) =>
    letterPdf(text, { title, landlordName: deps.landlordName, largePrint, logo: await houseLogo(db) })

  return {
    async messages(status?: string) {
      if (status && !(mailStatuses as readonly string[]).includes(status))
        throw invalidInput(`The status must be one of: ${mailStatuses.join(', ')}`)
      return {
        items: await mail.list({ status: status as MailStatus | undefined, limit: 200 }),
        counts: await mail.countByStatus(),
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
        pdf: await pdfOf(m.letterText, title, m.largePrint),
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
        pdf: await pdfOf(letter.text, `${letterTitle(letter.kind)}, ${reference}`),
      }
    },

    /** How each letter on a case went out: by email (and what happened) or by post. */
    async deliveries(complaintId: string) {
      const [messages, postal] = await Promise.all([mail.forComplaint(complaintId), mail.postal(complaintId)])
      return { messages, postal }
    },

    counts: () => mail.countByStatus(),

    printQueue: () => mail.waitingToPrint(),

    waitingToPrint: () => mail.countWaitingToPrint(),

    /** Every letter waiting for the post, one after another in one PDF to print. */
    async printQueuePdf() {
      const waiting = await mail.waitingToPrint()
      if (!waiting.length) throw notFound('No letters are waiting to be printed')
      return pdfOf(
        waiting.map((w) => w.text),
        `Letters to post, ${waiting.length}`,
        waiting.some((w) => w.largePrint),
      )
    },

    async markPrinted(letterIds: string[], by: string) {
      const ids = letterIds.filter(isUuid)
      if (!ids.length) throw invalidInput('Choose the letters that have been printed')
      return mail.markPrinted(ids, by, clock.now())
    },
  }
}

export type MailService = ReturnType<typeof mailService>
