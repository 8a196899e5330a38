import type { Kysely } from 'kysely'
import { inboxRepository } from '../src/db/repositories/inbox.js'
import type { DB } from '../src/db/schema.js'

/**
 * An email in the inbox as the mailbox poll would leave it (no attachments), and, given a
 * complaint, joined to that case by `by`.
 */
export async function emailInInbox(
  db: Kysely<DB>,
  e: {
    id: string
    uid: number
    subject: string
    at: Date
    from?: { address: string; name?: string }
    joinedTo?: { complaintId: string; by: string }
  },
) {
  const repo = inboxRepository(db)
  await repo.insertItem({
    id: e.id,
    mailbox: 'INBOX',
    uidvalidity: 1,
    uid: e.uid,
    messageId: null,
    inReplyTo: null,
    referenceIds: '',
    fromAddress: e.from?.address ?? 'resident@example.org',
    fromName: e.from?.name ?? null,
    toAddresses: 'complaints@test-homes.example',
    subject: e.subject,
    arrivedAt: e.at,
    textBody: e.subject,
    raw: new TextEncoder().encode(`Subject: ${e.subject}\r\n\r\n${e.subject}\r\n`),
    createdAt: e.at,
    attachments: [],
  })
  if (e.joinedTo) await repo.decide(e.id, { decision: 'existing_case', ...e.joinedTo, at: e.at })
}
