import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { jobsRepository } from '../../db/repositories/jobs.js'
import { mailRepository, type NewMailMessage } from '../../db/repositories/mail.js'
import type { DB } from '../../db/schema.js'
import type { Complaint } from '../../domain/complaints/complaint.js'
import { letterTitle } from '../../domain/complaints/letters.js'
import { letterHtml } from '../../domain/letters/layout.js'
import { letterRoute } from '../../domain/letters/recipient.js'
import { preferencesOf } from '../people/people.js'

export type MailMode = { mode: 'smtp' | 'outbox'; maxAttempts: number }

export const SEND_MAIL_JOB = 'send_mail'

/**
 * Sends a letter on its way, in the transaction that issues it: by email (queued for the SMTP
 * server, or kept in the outbox when there is none) to whoever it is written to, or into the
 * print queue for the post. Nothing is issued that is not also on its way.
 */
export async function dispatchLetter(
  trx: Kysely<DB>,
  input: {
    letter: { id: string; kind: string; text: string; reissueOf?: string }
    complaint: Complaint
    now: Date
    mail: MailMode
  },
): Promise<void> {
  const { letter, complaint, now } = input
  const route = letterRoute(complaint, await preferencesOf(trx, complaint.personId))
  const mail = mailRepository(trx)
  if (letter.reissueOf) await mail.replaceUnposted(letter.reissueOf, letter.id)
  if (route.by === 'post') {
    await mail.queueForPost({
      letterId: letter.id,
      complaintId: complaint.id,
      reason: route.reason,
      largePrint: route.largePrint,
      at: now,
    })
    return
  }
  await queueMail(trx, input.mail, {
    kind: 'letter',
    complaintId: complaint.id,
    letterId: letter.id,
    toAddress: route.to,
    subject: `${letterTitle(letter.kind).replace(/ letter$/, '')}: your complaint ${complaint.reference}`,
    textBody: letter.text,
    htmlBody: letterHtml(letter.text, { largePrint: route.largePrint }),
    largePrint: route.largePrint,
    at: now,
  })
}

/**
 * Puts a message on its way, in the caller's transaction: queued for the SMTP server (a job
 * sends it), or kept in the outbox when there is none.
 */
export async function queueMail(
  trx: Kysely<DB>,
  mode: MailMode,
  message: Omit<NewMailMessage, 'id' | 'status'>,
): Promise<string> {
  const id = randomUUID()
  await mailRepository(trx).insertMessage({
    ...message,
    id,
    status: mode.mode === 'smtp' ? 'queued' : 'outbox',
  })
  if (mode.mode === 'smtp')
    await jobsRepository(trx).enqueue({
      kind: SEND_MAIL_JOB,
      payload: { messageId: id },
      runAt: message.at,
      now: message.at,
      maxAttempts: mode.maxAttempts,
    })
  return id
}
