import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import { type Complaint, currentStageRecord } from '../../domain/complaints/complaint.js'
import {
  decideAddInformation,
  decideAttachDocument,
  decideContact,
} from '../../domain/complaints/decisions/record.js'
import { checkDocument } from '../../domain/complaints/documents.js'
import type { ComplaintEventData } from '../../domain/complaints/events.js'
import { paragraphsHtml } from '../../domain/letters/layout.js'
import { rule } from '../../domain/rules.js'
import { queueMail } from '../mail/letterDelivery.js'
import {
  type Actor,
  type CaseworkEngine,
  type ComplaintsDeps,
  type ResidentActor,
  storeDocument,
} from './casework.js'

/** An email that joins a case: what it says, the email itself as a file, and its attachments. */
export type ReceivedEmail = {
  summary: string
  files: { filename: string; bytes: Uint8Array; description: string }[]
  /** Written with it, in the same transaction (the inbox item taken out of the queue). */
  alsoInTransaction?: (trx: Kysely<DB>, after: Complaint) => Promise<void>
}

/**
 * An email received about a case, added to its history with its files, and its handler told at
 * once. A reply to our mail joins by itself, as the resident's (their words, from their side); a
 * member of staff deciding an email is about a case records it as an incoming email contact.
 */
export function emailActions(deps: ComplaintsDeps, engine: CaseworkEngine) {
  async function tellTheHandler(
    trx: Kysely<DB>,
    c: Complaint,
    now: Date,
    summary: string,
    by: string | null,
  ) {
    const handlerId = currentStageRecord(c).handlerId
    if (!handlerId || handlerId === by) return
    const handler = await usersRepository(trx).findById(handlerId)
    if (!handler || handler.disabledAt) return
    const lines = [
      `An email about complaint ${c.reference} arrived.`,
      summary,
      'It is on the case’s timeline.',
    ]
    await queueMail(trx, deps.mail, {
      kind: 'email_received',
      complaintId: c.id,
      toUserId: handler.id,
      toAddress: handler.email,
      subject: `Email received: ${c.reference}`,
      textBody: lines.join('\n\n'),
      htmlBody: paragraphsHtml(lines),
      at: now,
    })
  }

  return {
    recordReceivedEmail(id: string, actor: Actor | ResidentActor, email: ReceivedEmail) {
      return engine.act(id, actor, undefined, (c, ctx) => {
        const events: ComplaintEventData[] = [
          actor.role === 'resident'
            ? decideAddInformation(c, email.summary, ctx)
            : decideContact(c, { direction: 'incoming', method: 'email', summary: email.summary }, ctx),
        ]
        const documents = email.files.map((f) => {
          const check = checkDocument(f.filename, f.bytes)
          if (!check.ok) throw rule(`${f.filename}: ${check.problem}`, 'file')
          const document = {
            id: randomUUID(),
            filename: check.filename,
            contentType: check.contentType,
            bytes: f.bytes,
            description: f.description,
          }
          events.push(
            decideAttachDocument(
              c,
              {
                documentId: document.id,
                filename: document.filename,
                contentType: document.contentType,
                size: f.bytes.length,
                description: f.description,
              },
              ctx,
            ),
          )
          return document
        })
        // Recorded now, the email's own arrival said in its summary and files: an email decided
        // days later is not an action recorded late, and a history is never out of order.
        return {
          events,
          at: ctx.now,
          alsoInTransaction: async (trx, after, now) => {
            const repo = complaintsRepository(trx)
            for (const d of documents) await storeDocument(repo, id, d, now, actor.id)
            await tellTheHandler(trx, after, now, email.summary, actor.id)
            await email.alsoInTransaction?.(trx, after)
          },
        }
      })
    },
  }
}
