import { type Kysely, sql } from 'kysely'
import { type CalendarDate, endOfLondonDay } from '../../domain/calendar/calendarDate.js'
import type { InboxDecision, InboxStatus } from '../../domain/inbox/inbox.js'
import type { DB } from '../schema.js'

export type NewInboxItem = {
  id: string
  mailbox: string
  uidvalidity: number
  uid: number
  messageId: string | null
  inReplyTo: string | null
  referenceIds: string
  fromAddress: string
  fromName: string | null
  toAddresses: string
  subject: string
  arrivedAt: Date
  textBody: string
  raw: Uint8Array
  createdAt: Date
  attachments: {
    id: string
    filename: string
    contentType: string
    size: number
    content: Uint8Array | null
    refusedReason: string | null
  }[]
}

const itemColumns = [
  'inbox_items.id',
  'inbox_items.mailbox',
  'inbox_items.uid',
  'inbox_items.message_id as messageId',
  'inbox_items.in_reply_to as inReplyTo',
  'inbox_items.reference_ids as referenceIds',
  'inbox_items.from_address as fromAddress',
  'inbox_items.from_name as fromName',
  'inbox_items.to_addresses as toAddresses',
  'inbox_items.subject',
  'inbox_items.arrived_at as arrivedAt',
  'inbox_items.status',
  'inbox_items.decision',
  'inbox_items.complaint_id as complaintId',
  'inbox_items.service_request_id as serviceRequestId',
  'inbox_items.decided_by as decidedBy',
  'inbox_items.decided_at as decidedAt',
  'inbox_items.note',
] as const

/** The inbox queue: emails read from the complaints mailbox, each once, and what was decided. */
export function inboxRepository(db: Kysely<DB>) {
  return {
    async mailboxState(mailbox: string) {
      return db
        .selectFrom('inbox_mailboxes')
        .select(['uidvalidity', 'last_uid as lastUid'])
        .where('mailbox', '=', mailbox)
        .executeTakeFirst()
    },

    /**
     * Remembers how far the mailbox was read: never backwards under the same UIDVALIDITY (two
     * instances may finish in any order); a new UIDVALIDITY starts again from what was read now.
     */
    async readUpTo(mailbox: string, uidvalidity: number, lastUid: number, at: Date) {
      await db
        .insertInto('inbox_mailboxes')
        .values({ mailbox, uidvalidity, last_uid: lastUid, polled_at: at })
        .onConflict((oc) =>
          oc.column('mailbox').doUpdateSet({
            last_uid: sql`case when inbox_mailboxes.uidvalidity = excluded.uidvalidity
              then greatest(inbox_mailboxes.last_uid, excluded.last_uid) else excluded.last_uid end`,
            uidvalidity: sql`excluded.uidvalidity`,
            polled_at: sql`excluded.polled_at`,
          }),
        )
        .execute()
    },

    /** The item and its attachments; false when this message (mailbox, UIDVALIDITY, UID) is already an item. */
    async insertItem(item: NewInboxItem): Promise<boolean> {
      const r = await db
        .insertInto('inbox_items')
        .values({
          id: item.id,
          mailbox: item.mailbox,
          uidvalidity: item.uidvalidity,
          uid: item.uid,
          message_id: item.messageId,
          in_reply_to: item.inReplyTo,
          reference_ids: item.referenceIds,
          from_address: item.fromAddress,
          from_name: item.fromName,
          to_addresses: item.toAddresses,
          subject: item.subject,
          arrived_at: item.arrivedAt,
          text_body: item.textBody,
          raw: item.raw,
          status: 'new',
          created_at: item.createdAt,
        })
        .onConflict((oc) => oc.columns(['mailbox', 'uidvalidity', 'uid']).doNothing())
        .executeTakeFirst()
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false
      if (item.attachments.length)
        await db
          .insertInto('inbox_attachments')
          .values(
            item.attachments.map((a, position) => ({
              id: a.id,
              item_id: item.id,
              position,
              filename: a.filename,
              content_type: a.contentType,
              size: a.size,
              content: a.content,
              refused_reason: a.refusedReason,
            })),
          )
          .execute()
      return true
    },

    /**
     * Takes the item out of the queue with what was decided; false when someone else decided it
     * first (the row is no longer new), so the caller's transaction can be undone.
     */
    async decide(
      id: string,
      d: {
        decision: InboxDecision
        complaintId?: string
        serviceRequestId?: string
        by: string | null
        at: Date
      },
    ): Promise<boolean> {
      const r = await db
        .updateTable('inbox_items')
        .set({
          status: 'decided',
          decision: d.decision,
          complaint_id: d.complaintId ?? null,
          service_request_id: d.serviceRequestId ?? null,
          decided_by: d.by,
          decided_at: d.at,
        })
        .where('id', '=', id)
        .where('status', '=', 'new')
        .executeTakeFirst()
      return Number(r.numUpdatedRows) > 0
    },

    async setNote(id: string, note: string) {
      await db.updateTable('inbox_items').set({ note }).where('id', '=', id).execute()
    },

    async item(id: string) {
      return db
        .selectFrom('inbox_items')
        .leftJoin('complaints', 'complaints.id', 'inbox_items.complaint_id')
        .leftJoin('service_requests', 'service_requests.id', 'inbox_items.service_request_id')
        .leftJoin('users', 'users.id', 'inbox_items.decided_by')
        .select([
          ...itemColumns,
          'inbox_items.text_body as textBody',
          'complaints.reference as complaintReference',
          'service_requests.reference as serviceRequestReference',
          'users.name as decidedByName',
        ])
        .where('inbox_items.id', '=', id)
        .executeTakeFirst()
    },

    async raw(id: string) {
      return (await db.selectFrom('inbox_items').select('raw').where('id', '=', id).executeTakeFirst())?.raw
    },

    /**
     * The emails about a resident (a subject access request): those from their address, and those
     * joined to one of their complaints, oldest first, with the text of each.
     */
    async aboutResident(r: { complaintIds: readonly string[]; email: string | null }) {
      if (!r.complaintIds.length && !r.email) return []
      return db
        .selectFrom('inbox_items')
        .select([...itemColumns, 'inbox_items.text_body as textBody'])
        .where((eb) =>
          eb.or([
            ...(r.complaintIds.length ? [eb('inbox_items.complaint_id', 'in', [...r.complaintIds])] : []),
            ...(r.email
              ? [eb(eb.fn('lower', ['inbox_items.from_address']), '=', r.email.trim().toLowerCase())]
              : []),
          ]),
        )
        .orderBy('inbox_items.arrived_at')
        .orderBy('inbox_items.id')
        .execute()
    },

    /**
     * Retention (UK GDPR storage limitation): the emails joined to a complaint or logged as a
     * service request being anonymised, and emails never decided that arrived on or before the retention cutoff day, deleted with
     * their attachments. Returns how many emails went.
     */
    async deleteForRetention(
      r: { complaintId: string } | { serviceRequestId: string } | { undecidedOnOrBefore: CalendarDate },
    ) {
      const all = db.selectFrom('inbox_items').select('id')
      const items =
        'complaintId' in r
          ? all.where('complaint_id', '=', r.complaintId)
          : 'serviceRequestId' in r
            ? all.where('service_request_id', '=', r.serviceRequestId)
            : all.where('status', '=', 'new').where('arrived_at', '<', endOfLondonDay(r.undecidedOnOrBefore))
      await db.deleteFrom('inbox_attachments').where('item_id', 'in', items).execute()
      const deleted = await db.deleteFrom('inbox_items').where('id', 'in', items).executeTakeFirst()
      return Number(deleted.numDeletedRows)
    },

    async attachments(itemId: string) {
      return db
        .selectFrom('inbox_attachments')
        .select(['id', 'filename', 'content_type as contentType', 'size', 'refused_reason as refusedReason'])
        .where('item_id', '=', itemId)
        .orderBy('position')
        .execute()
    },

    /** The attachments that passed the checks, with their content, in the order the email has them. */
    async acceptedAttachments(itemId: string) {
      const rows = await db
        .selectFrom('inbox_attachments')
        .select(['id', 'filename', 'content_type as contentType', 'content'])
        .where('item_id', '=', itemId)
        .where('refused_reason', 'is', null)
        .orderBy('position')
        .execute()
      return rows.flatMap((r) => (r.content ? [{ ...r, content: r.content }] : []))
    },

    async attachment(itemId: string, id: string) {
      return db
        .selectFrom('inbox_attachments')
        .select(['filename', 'content_type as contentType', 'content'])
        .where('item_id', '=', itemId)
        .where('id', '=', id)
        .executeTakeFirst()
    },

    /**
     * Newest first (by arrival, then id), a page at a time: of one status, from one address,
     * arrived on or after a time and before another, after the item `before` when paging on; only
     * those joined to one entity's complaints, for a person limited to it (an email not yet
     * decided is no entity's), each one's complaint read by its key as the page is read.
     */
    async list(filter: {
      status?: InboxStatus
      from?: string
      entityId?: string
      arrivedFrom?: Date
      arrivedBefore?: Date
      before?: { arrivedAt: Date; id: string }
      limit: number
    }) {
      let q = db.selectFrom('inbox_items').select(itemColumns)
      if (filter.status) q = q.where('inbox_items.status', '=', filter.status)
      const entityId = filter.entityId
      if (entityId)
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('complaints')
              .select(sql`1`.as('one'))
              .whereRef('complaints.id', '=', 'inbox_items.complaint_id')
              .where('complaints.entity_id', '=', entityId),
          ),
        )
      if (filter.from)
        q = q.where(sql`lower(inbox_items.from_address)`, '=', filter.from.trim().toLowerCase())
      if (filter.arrivedFrom) q = q.where('inbox_items.arrived_at', '>=', filter.arrivedFrom)
      if (filter.arrivedBefore) q = q.where('inbox_items.arrived_at', '<', filter.arrivedBefore)
      const before = filter.before
      if (before)
        q = q.where(
          sql`(inbox_items.arrived_at, inbox_items.id)`,
          '<',
          sql`(${before.arrivedAt}, ${before.id}::uuid)`,
        )
      return q
        .orderBy('inbox_items.arrived_at', 'desc')
        .orderBy('inbox_items.id', 'desc')
        .limit(filter.limit)
        .execute()
    },

    async countNew(): Promise<number> {
      const r = await db
        .selectFrom('inbox_items')
        .select(sql<string>`count(*)`.as('n'))
        .where('status', '=', 'new')
        .executeTakeFirstOrThrow()
      return Number(r.n)
    },

    /** The mailbox's finished polls, done before `before`: each interval leaves one behind. */
    async forgetFinishedPolls(kind: string, before: Date) {
      await db
        .deleteFrom('jobs')
        .where('kind', '=', kind)
        .where((eb) => eb.or([eb('done_at', '<', before), eb('gave_up_at', '<', before)]))
        .execute()
    },

    /** The complaint a sent email (or letter) with one of these Message-IDs belongs to. */
    async complaintRepliedTo(messageIds: string[]): Promise<string | undefined> {
      if (!messageIds.length) return undefined
      // Ours name the message itself (`outgoingMessageId`); any other is the one the server gave.
      const ours = messageIds.flatMap((m) => /^<mail-([0-9a-f-]{36})@/i.exec(m)?.[1] ?? [])
      const row = await db
        .selectFrom('mail_messages')
        .select('complaint_id')
        .where((eb) =>
          eb.or([eb('server_message_id', 'in', messageIds), ...(ours.length ? [eb('id', 'in', ours)] : [])]),
        )
        .where('complaint_id', 'is not', null)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst()
      return row?.complaint_id ?? undefined
    },
  }
}
