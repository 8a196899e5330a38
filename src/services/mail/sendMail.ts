import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import type { JobHandler } from '../../db/jobs/runner.js'
import { mailRepository } from '../../db/repositories/mail.js'
import type { DB } from '../../db/schema.js'
import { letterTitle } from '../../domain/complaints/letters.js'
import { outgoingMessageId } from '../../domain/inbox/inbox.js'
import { letterPdf } from '../letters/letterPdf.js'
import { houseLogo } from '../letters/wording.js'
import type { MailTransport } from './transport.js'

/**
 * The job that sends one queued message. A letter goes with its PDF attached. Every attempt is
 * kept; a failure is retried by the job runner with backoff, and after the last attempt the
 * message is marked not delivered and its letter joins the print queue, to go by post.
 */
export function sendMailJob(deps: {
  db: Kysely<DB>
  clock: Clock
  transport: MailTransport
  from: string
  landlordName: string
}): JobHandler {
  const mail = mailRepository(deps.db)
  return async (payload, ctx) => {
    const id = (payload as { messageId?: string }).messageId ?? ''
    const m = await mail.message(id)
    if (m?.status !== 'queued') return
    const title = m.letterKind ? `${letterTitle(m.letterKind)}, ${m.reference ?? ''}`.trim() : m.subject
    const attachments = m.letterText
      ? [
          {
            filename: `${m.reference ?? 'letter'}-${m.letterKind ?? 'letter'}.pdf`,
            content: await letterPdf(m.letterText, {
              title,
              landlordName: deps.landlordName,
              largePrint: m.largePrint,
              logo: await houseLogo(deps.db),
            }),
            contentType: 'application/pdf',
          },
        ]
      : []
    try {
      const sent = await deps.transport.send({
        from: deps.from,
        to: m.toAddress,
        subject: m.subject,
        text: m.textBody,
        html: m.htmlBody,
        attachments,
        messageId: outgoingMessageId(id, deps.from),
      })
      const at = deps.clock.now()
      await deps.db.transaction().execute(async (trx) => {
        await mailRepository(trx).recordAttempt({
          messageId: id,
          at,
          outcome: 'sent',
          serverMessageId: sent.serverMessageId,
        })
        await mailRepository(trx).setStatus(id, 'sent', at, {
          serverMessageId: sent.serverMessageId,
          error: '',
        })
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      const at = deps.clock.now()
      const last = ctx.attempt >= ctx.maxAttempts
      await deps.db.transaction().execute(async (trx) => {
        const txMail = mailRepository(trx)
        await txMail.recordAttempt({ messageId: id, at, outcome: 'failed', error: reason })
        await txMail.setStatus(id, last ? 'not_delivered' : 'queued', at, { error: reason })
        if (last && m.letterId && m.complaintId)
          await txMail.queueForPost({
            letterId: m.letterId,
            complaintId: m.complaintId,
            reason: 'not_delivered',
            largePrint: m.largePrint,
            at,
          })
      })
      throw error
    }
  }
}
