import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser'
import type { Clock } from '../../clock.js'
import type { ImapConfig } from '../../config.js'
import { inboxRepository } from '../../db/repositories/inbox.js'
import type { DB } from '../../db/schema.js'
import { formatLondonDayAndTime } from '../../domain/calendar/calendarDate.js'
import { checkDocument } from '../../domain/complaints/documents.js'
import { isReference } from '../../domain/complaints/intake.js'
import { isUuid } from '../../domain/ids.js'
import {
  htmlAsText,
  type InboxStatus,
  inboxStatuses,
  receivedEmailSummary,
  referenceInSubject,
  repliedToIds,
} from '../../domain/inbox/inbox.js'
import { rule } from '../../domain/rules.js'
import { can, type StaffRole } from '../../domain/staff/roles.js'
import { conflict, notFound, refused } from '../../errors.js'
import type { OnlineIntake } from '../complaints/intake.js'
import type { ComplaintsService } from '../complaints.js'
import type { ServiceRequestsService } from '../serviceRequests/serviceRequests.js'
import { type MailboxMessage, readNewMessages } from './mailbox.js'
import { oauthTokenSource } from './oauthToken.js'

type Staff = { id: string; role: StaffRole; name?: string }

const PAGE_SIZE = 25

const addressesOf = (a: AddressObject | AddressObject[] | undefined) =>
  ([] as AddressObject[])
    .concat(a ?? [])
    .flatMap((o) => o.value)
    .map((v) => v.address ?? '')
    .filter(Boolean)

/** The email as a file for a case: the whole message, as it arrived (RFC 5322, .eml). */
const emailFile = (item: { arrivedAt: Date; fromAddress: string }, raw: Uint8Array) => ({
  filename: `email-${item.arrivedAt.toISOString().slice(0, 10)}.eml`,
  bytes: raw,
  description: `The email from ${item.fromAddress}, received ${formatLondonDayAndTime(item.arrivedAt)}`,
})

/**
 * Email in: the complaints mailbox read over IMAP into the inbox queue, each message once
 * however many instances poll; a reply to our mail joins its case at once; everything else
 * waits for a handler to decide whether it is a complaint, a service request or part of a case.
 */
export function inboxService(deps: {
  db: Kysely<DB>
  clock: Clock
  complaints: ComplaintsService
  serviceRequests: ServiceRequestsService
  imap?: ImapConfig
  /** Only for tests that read another way; the default reads the mailbox IMAP_* names. */
  read?: typeof readNewMessages
}) {
  const { db, clock } = deps
  const repo = inboxRepository(db)
  const read = deps.read ?? readNewMessages
  // With OAuth2 client credentials, each poll signs in with a token fetched and renewed here.
  const oauth = deps.imap && 'oauth' in deps.imap.auth ? deps.imap.auth.oauth : undefined
  const accessToken = oauth ? oauthTokenSource(oauth) : undefined

  /** The case a reply answers: by the Message-ID of our mail it names, else our reference in its subject. */
  async function caseAnswered(item: { inReplyTo: string | null; referenceIds: string; subject: string }) {
    const ids = repliedToIds(item.inReplyTo ?? undefined, item.referenceIds)
    const byMessage = await repo.complaintRepliedTo(ids)
    if (byMessage) return byMessage
    const reference = referenceInSubject(item.subject)
    return reference ? deps.complaints.findIdByReference(reference) : undefined
  }

  async function itemOrThrow(id: string) {
    const item = isUuid(id) ? await repo.item(id) : undefined
    if (!item) throw notFound('There is no such email in the inbox')
    return item
  }

  /** The email and the attachments that passed the checks, as files for a case. */
  async function filesOf(item: { id: string; arrivedAt: Date; fromAddress: string }) {
    const raw = (await repo.raw(item.id)) ?? new Uint8Array()
    const attachments = await repo.acceptedAttachments(item.id)
    return [
      emailFile(item, raw),
      ...attachments.map((a) => ({
        filename: a.filename,
        bytes: a.content,
        description: `Attached to the email from ${item.fromAddress}`,
      })),
    ]
  }

  const mustBeNew = (item: { status: string }) => {
    if (item.status !== 'new')
      throw conflict('This email has already been decided; it is no longer in the queue')
  }

  /** Appends the email to the case, taking the item out of the queue in the same transaction. */
  async function addToCase(
    itemId: string,
    complaintId: string,
    actor: Staff | { id: null; role: 'resident' },
    decision: 'joined' | 'existing_case',
  ) {
    const item = await itemOrThrow(itemId)
    mustBeNew(item)
    return deps.complaints.recordReceivedEmail(complaintId, actor, {
      summary: receivedEmailSummary({ ...item, text: (await repo.item(itemId))?.textBody ?? '' }),
      files: await filesOf(item),
      alsoInTransaction: async (trx) => {
        const decided = await inboxRepository(trx).decide(itemId, {
          decision,
          complaintId,
          by: actor.id,
          at: clock.now(),
        })
        if (!decided) throw conflict('This email has already been decided; it is no longer in the queue')
      },
    })
  }

  /** One message read from the mailbox: an item (once), joined to its case when it answers our mail. */
  async function take(mailbox: string, m: MailboxMessage): Promise<'new' | 'joined' | 'already'> {
    // An email the parser cannot read still becomes an item (the whole email kept, to download),
    // so one bad message never stops the mailbox being read.
    const parsed: Partial<ParsedMail> & Pick<ParsedMail, 'attachments'> = await simpleParser(m.source).catch(
      () => ({ attachments: [], subject: '(This email could not be read: download it to open it)' }),
    )
    const id = randomUUID()
    const from = parsed.from?.value[0]
    const attachments = parsed.attachments.map((a, i) => {
      const filename = a.filename || `attachment-${i + 1}`
      const check = checkDocument(filename, a.content)
      return {
        id: randomUUID(),
        filename: check.ok ? check.filename : filename.slice(-200),
        contentType: check.ok
          ? check.contentType
          : (a.contentType || 'application/octet-stream').slice(0, 200),
        size: a.size ?? a.content.length,
        content: check.ok ? new Uint8Array(a.content) : null,
        refusedReason: check.ok ? null : check.problem,
      }
    })
    const inserted = await db.transaction().execute((trx) =>
      inboxRepository(trx).insertItem({
        id,
        mailbox,
        uidvalidity: m.uidvalidity,
        uid: m.uid,
        messageId: parsed.messageId ?? null,
        inReplyTo: parsed.inReplyTo ?? null,
        referenceIds: ([] as string[]).concat(parsed.references ?? []).join(' '),
        fromAddress: from?.address ?? '',
        fromName: from?.name || null,
        toAddresses: addressesOf(parsed.to).join(', '),
        subject: parsed.subject ?? '',
        arrivedAt: m.internalDate,
        // The text part, or the HTML part as mailparser renders it to text: never the HTML itself.
        textBody: parsed.text?.trim() ? parsed.text : parsed.html ? htmlAsText(parsed.html) : '',
        raw: new Uint8Array(m.source),
        createdAt: clock.now(),
        attachments,
      }),
    )
    if (!inserted) return 'already'
    const complaintId = await caseAnswered({
      inReplyTo: parsed.inReplyTo ?? null,
      referenceIds: ([] as string[]).concat(parsed.references ?? []).join(' '),
      subject: parsed.subject ?? '',
    })
    if (!complaintId) return 'new'
    try {
      await addToCase(id, complaintId, { id: null, role: 'resident' }, 'joined')
      return 'joined'
    } catch (error) {
      // A reply to a closed case, say: it waits in the queue for a person, with the reason.
      const reason = error instanceof Error ? error.message : String(error)
      await repo.setNote(id, `It answers a case but could not join it: ${reason}`)
      return 'new'
    }
  }

  return {
    /** Whether a mailbox is set up (IMAP_HOST and the rest): without one nothing is read. */
    enabled: Boolean(deps.imap),

    /** Reads what is new in the mailbox; safe to run on any number of instances at once. */
    async poll(): Promise<{ read: number; new: number; joined: number }> {
      const imap = deps.imap
      if (!imap) return { read: 0, new: 0, joined: 0 }
      const state = await repo.mailboxState(imap.mailbox)
      const signIn = accessToken ? { ...imap, auth: { accessToken: await accessToken() } } : imap
      const { uidvalidity, messages } = await read(signIn, state)
      const counts = { read: messages.length, new: 0, joined: 0 }
      for (const m of messages) {
        const outcome = await take(imap.mailbox, m)
        if (outcome === 'new') counts.new++
        if (outcome === 'joined') counts.joined++
        await repo.readUpTo(imap.mailbox, uidvalidity, m.uid, clock.now())
      }
      if (!messages.length) await repo.readUpTo(imap.mailbox, uidvalidity, state?.lastUid ?? 0, clock.now())
      return counts
    },

    newCount: () => repo.countNew(),

    /**
     * The queue, newest first, filtered, a page at a time (keyset, like the mail pages); for a
     * person limited to an entity, only the emails joined to its complaints.
     */
    async list(filter: {
      status?: string
      from?: string
      entityId?: string
      arrivedFrom?: Date
      arrivedBefore?: Date
      before?: { arrivedAt: Date; id: string }
      /** A page's rows; a download reads bigger batches. */
      limit?: number
    }) {
      const status = inboxStatuses.find((s) => s === filter.status) as InboxStatus | undefined
      const size = filter.limit ?? PAGE_SIZE
      const rows = await repo.list({ ...filter, status, limit: size + 1 })
      const items = rows.slice(0, size)
      const last = items.at(-1)
      return {
        items,
        next: rows.length > size && last ? { arrivedAt: last.arrivedAt, id: last.id } : undefined,
      }
    },

    async item(id: string) {
      const item = await itemOrThrow(id)
      return { ...item, attachments: await repo.attachments(id) }
    },

    async attachment(itemId: string, id: string) {
      const a = isUuid(itemId) && isUuid(id) ? await repo.attachment(itemId, id) : undefined
      if (!a?.content) throw notFound('There is no such attachment, or it was refused')
      return { filename: a.filename, contentType: a.contentType, content: a.content }
    },

    async email(itemId: string) {
      const item = await itemOrThrow(itemId)
      const raw = (await repo.raw(itemId)) ?? new Uint8Array()
      return { filename: emailFile(item, raw).filename, contentType: 'message/rfc822', content: raw }
    },

    /** What the new-complaint form starts with for this email: channel email, received when it arrived. */
    async intakeStart(itemId: string) {
      const item = await itemOrThrow(itemId)
      mustBeNew(item)
      return item
    },

    /**
     * Logging the email as a complaint through the one intake: the email is its first document
     * (then its attachments), and the item leaves the queue in the same transaction; a second
     * submit, or someone else deciding first, logs nothing more.
     */
    async asComplaint(itemId: string, staff: Staff): Promise<OnlineIntake> {
      const item = await itemOrThrow(itemId)
      mustBeNew(item)
      return {
        documents: (await filesOf(item)).map((f) => {
          const check = checkDocument(f.filename, f.bytes)
          if (!check.ok) throw rule(`${f.filename}: ${check.problem}`, 'description')
          return {
            filename: check.filename,
            contentType: check.contentType,
            bytes: f.bytes,
            description: f.description,
          }
        }),
        claim: (trx, complaintId) =>
          inboxRepository(trx).decide(itemId, {
            decision: 'complaint',
            complaintId,
            by: staff.id,
            at: clock.now(),
          }),
        already: async () => (await repo.item(itemId))?.complaintId ?? undefined,
      }
    },

    /** A service request, not a complaint (Code 1.4–1.6): logged, and the item out of the queue with it. */
    async asServiceRequest(
      itemId: string,
      staff: Staff,
      input: Parameters<ServiceRequestsService['log']>[0],
    ) {
      try {
        if (!can(staff.role, 'handleComplaints'))
          throw rule('Your role does not allow you to decide emails in the inbox')
        const item = await itemOrThrow(itemId)
        mustBeNew(item)
        return await deps.serviceRequests.log(input, staff, 'staff', async (trx, request) => {
          const decided = await inboxRepository(trx).decide(itemId, {
            decision: 'service_request',
            serviceRequestId: request.id,
            by: staff.id,
            at: clock.now(),
          })
          if (!decided) throw conflict('This email has already been decided; it is no longer in the queue')
        })
      } catch (error) {
        refused(error, 'email')
      }
    },

    /** Part of an existing case, named by its reference: appended to its history. */
    async asPartOfCase(itemId: string, staff: Staff, reference: string) {
      try {
        if (!isReference(reference))
          throw rule('Enter the complaint’s reference, like CMP-2026-000123', 'reference')
        const found = await deps.complaints.findIdByReference(reference)
        if (!found) throw rule(`There is no complaint ${reference.trim().toUpperCase()}`, 'reference')
        return await addToCase(itemId, found, staff, 'existing_case')
      } catch (error) {
        refused(error, 'email')
      }
    },
  }
}

export type InboxService = ReturnType<typeof inboxService>
