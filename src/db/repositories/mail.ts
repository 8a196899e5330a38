import { type Kysely, sql } from 'kysely'
import type { DB } from '../schema.js'

export const mailStatuses = ['outbox', 'queued', 'sent', 'not_delivered'] as const
export type MailStatus = (typeof mailStatuses)[number]

export type NewMailMessage = {
  id: string
  kind:
    | 'letter'
    | 'daily_prompt'
    | 'account_locked'
    | 'online_receipt'
    | 'track_code'
    | 'resident_information'
    | 'ombudsman_alert'
    | 'email_received'
  complaintId?: string
  letterId?: string
  toUserId?: string
  toAddress: string
  subject: string
  textBody: string
  htmlBody: string
  largePrint?: boolean
  status: MailStatus
  at: Date
}

/** Messages the service sends (or keeps in its outbox), each attempt to deliver them, and the print queue. */
export function mailRepository(db: Kysely<DB>) {
  const messageColumns = [
    'mail_messages.id',
    'mail_messages.kind',
    'mail_messages.complaint_id as complaintId',
    'mail_messages.letter_id as letterId',
    'mail_messages.to_address as toAddress',
    'mail_messages.subject',
    'mail_messages.status',
    'mail_messages.server_message_id as serverMessageId',
    'mail_messages.last_error as lastError',
    'mail_messages.large_print as largePrint',
    'mail_messages.created_at as createdAt',
    'mail_messages.updated_at as updatedAt',
  ] as const
  return {
    async insertMessage(m: NewMailMessage): Promise<void> {
      await db
        .insertInto('mail_messages')
        .values({
          id: m.id,
          kind: m.kind,
          complaint_id: m.complaintId ?? null,
          letter_id: m.letterId ?? null,
          to_user_id: m.toUserId ?? null,
          to_address: m.toAddress,
          subject: m.subject,
          text_body: m.textBody,
          html_body: m.htmlBody,
          large_print: m.largePrint ?? false,
          status: m.status,
          created_at: m.at,
          updated_at: m.at,
        })
        .execute()
    },

    async message(id: string) {
      return db
        .selectFrom('mail_messages')
        .leftJoin('letters', 'letters.id', 'mail_messages.letter_id')
        .leftJoin('complaints', 'complaints.id', 'mail_messages.complaint_id')
        .select([
          ...messageColumns,
          'mail_messages.text_body as textBody',
          'mail_messages.html_body as htmlBody',
        ])
        .select(['letters.text as letterText', 'letters.kind as letterKind', 'complaints.reference'])
        .where('mail_messages.id', '=', id)
        .executeTakeFirst()
    },

    async recordAttempt(a: {
      messageId: string
      at: Date
      outcome: 'sent' | 'failed'
      serverMessageId?: string
      error?: string
    }) {
      await db
        .insertInto('mail_attempts')
        .values({
          message_id: a.messageId,
          at: a.at,
          outcome: a.outcome,
          server_message_id: a.serverMessageId ?? null,
          error: a.error?.slice(0, 2000) ?? null,
        })
        .execute()
    },

    async setStatus(
      id: string,
      status: MailStatus,
      at: Date,
      extra: { serverMessageId?: string; error?: string } = {},
    ) {
      await db
        .updateTable('mail_messages')
        .set({
          status,
          updated_at: at,
          ...(extra.serverMessageId ? { server_message_id: extra.serverMessageId } : {}),
          ...(extra.error !== undefined ? { last_error: extra.error.slice(0, 2000) } : {}),
        })
        .where('id', '=', id)
        .execute()
    },

    async attempts(messageId: string) {
      return db
        .selectFrom('mail_attempts')
        .select(['at', 'outcome', 'server_message_id as serverMessageId', 'error'])
        .where('message_id', '=', messageId)
        .orderBy('id')
        .execute()
    },

    /**
     * The newest messages first (by when each was made, then id), a page at a time: those of one
     * status, about one complaint, or to one address, after the message `before` when paging on;
     * only those about one entity's complaints, for a person limited to it (each message's
     * complaint read by its key as the page is read newest first).
     */
    async list(filter: {
      status?: MailStatus
      complaintId?: string
      toAddress?: string
      entityId?: string
      before?: { createdAt: Date; id: string }
      limit: number
    }) {
      let q = db
        .selectFrom('mail_messages')
        .leftJoin('complaints', 'complaints.id', 'mail_messages.complaint_id')
        .select([...messageColumns, 'complaints.reference'])
      if (filter.status) q = q.where('mail_messages.status', '=', filter.status)
      if (filter.entityId) q = q.where('complaints.entity_id', '=', filter.entityId)
      if (filter.complaintId) q = q.where('mail_messages.complaint_id', '=', filter.complaintId)
      if (filter.toAddress)
        q = q.where(sql`lower(mail_messages.to_address)`, '=', filter.toAddress.trim().toLowerCase())
      const before = filter.before
      if (before)
        q = q.where(
          sql`(mail_messages.created_at, mail_messages.id)`,
          '<',
          sql`(${before.createdAt}, ${before.id}::uuid)`,
        )
      return q
        .orderBy('mail_messages.created_at', 'desc')
        .orderBy('mail_messages.id', 'desc')
        .limit(filter.limit)
        .execute()
    },

    async forComplaint(complaintId: string) {
      return db
        .selectFrom('mail_messages')
        .select(messageColumns)
        .where('complaint_id', '=', complaintId)
        .orderBy('created_at')
        .execute()
    },

    /**
     * How many messages there are of each status (or of one, from its index): every one, or those
     * about one entity's complaints.
     */
    async countByStatus(f: { entityId?: string; status?: MailStatus } = {}): Promise<Record<string, number>> {
      let q = db
        .selectFrom('mail_messages')
        .select(['mail_messages.status', sql<string>`count(*)`.as('n')])
        .groupBy('mail_messages.status')
      if (f.status) q = q.where('mail_messages.status', '=', f.status)
      if (f.entityId)
        q = q
          .innerJoin('complaints', 'complaints.id', 'mail_messages.complaint_id')
          .where('complaints.entity_id', '=', f.entityId)
      const rows = await q.execute()
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
    },

    async queueForPost(p: {
      letterId: string
      complaintId: string
      reason: string
      largePrint: boolean
      at: Date
    }) {
      await db
        .insertInto('postal_letters')
        .values({
          letter_id: p.letterId,
          complaint_id: p.complaintId,
          reason: p.reason,
          large_print: p.largePrint,
          queued_at: p.at,
        })
        .onConflict((oc) => oc.column('letter_id').doNothing())
        .execute()
    },

    async postal(complaintId: string) {
      return db
        .selectFrom('postal_letters')
        .select(['letter_id as letterId', 'reason', 'queued_at as queuedAt', 'printed_at as printedAt'])
        .where('complaint_id', '=', complaintId)
        .execute()
    },

    /** Letters waiting to be printed and posted, oldest first (one entity's complaints', if asked). */
    async waitingToPrint(entityId?: string) {
      let q = db
        .selectFrom('postal_letters')
        .innerJoin('letters', 'letters.id', 'postal_letters.letter_id')
        .innerJoin('complaints', 'complaints.id', 'postal_letters.complaint_id')
        .select([
          'postal_letters.letter_id as letterId',
          'postal_letters.complaint_id as complaintId',
          'postal_letters.reason',
          'postal_letters.large_print as largePrint',
          'postal_letters.queued_at as queuedAt',
          'letters.kind',
          'letters.text',
          'complaints.reference',
          'complaints.resident_name as residentName',
        ])
        .where('postal_letters.printed_at', 'is', null)
        .where('postal_letters.replaced_by', 'is', null)
      if (entityId) q = q.where('complaints.entity_id', '=', entityId)
      return q.orderBy('postal_letters.queued_at').orderBy('complaints.reference').execute()
    },

    async countWaitingToPrint(entityId?: string): Promise<number> {
      let q = db
        .selectFrom('postal_letters')
        .select(sql<string>`count(*)`.as('n'))
        .where('postal_letters.printed_at', 'is', null)
        .where('postal_letters.replaced_by', 'is', null)
      if (entityId)
        q = q
          .innerJoin('complaints', 'complaints.id', 'postal_letters.complaint_id')
          .where('complaints.entity_id', '=', entityId)
      const row = await q.executeTakeFirstOrThrow()
      return Number(row.n)
    },

    /** A letter reissued before it was posted: the one it replaces is not posted as well. */
    async replaceUnposted(letterId: string, by: string) {
      await db
        .updateTable('postal_letters')
        .set({ replaced_by: by })
        .where('letter_id', '=', letterId)
        .where('printed_at', 'is', null)
        .execute()
    },

    /** Marks these letters posted; of one entity's complaints only, for a person limited to it. */
    async markPrinted(letterIds: string[], by: string, at: Date, entityId?: string): Promise<number> {
      if (!letterIds.length) return 0
      let q = db
        .updateTable('postal_letters')
        .set({ printed_at: at, printed_by: by })
        .where('letter_id', 'in', letterIds)
        .where('printed_at', 'is', null)
        .where('replaced_by', 'is', null)
      if (entityId)
        q = q.where('complaint_id', 'in', (eb) =>
          eb.selectFrom('complaints').select('complaints.id').where('complaints.entity_id', '=', entityId),
        )
      const r = await q.executeTakeFirst()
      return Number(r.numUpdatedRows)
    },
  }
}
