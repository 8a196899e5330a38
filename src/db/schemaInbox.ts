import type { Instant } from './columnTypes.js'

/** How far each mailbox has been read over IMAP (migration 0056). */
export interface InboxMailboxesTable {
  mailbox: string
  uidvalidity: number
  last_uid: number
  polled_at: Instant
}

/** Each email read from the mailbox, once (migration 0056). */
export interface InboxItemsTable {
  id: string
  mailbox: string
  uidvalidity: number
  uid: number
  message_id: string | null
  in_reply_to: string | null
  reference_ids: string
  from_address: string
  from_name: string | null
  to_addresses: string
  subject: string
  arrived_at: Instant
  text_body: string
  raw: Uint8Array
  status: 'new' | 'decided'
  decision: 'complaint' | 'service_request' | 'existing_case' | 'joined' | null
  complaint_id: string | null
  service_request_id: string | null
  decided_by: string | null
  decided_at: Instant | null
  note: string | null
  created_at: Instant
}

/** An email's attachment, kept or refused with the reason (migration 0056). */
export interface InboxAttachmentsTable {
  id: string
  item_id: string
  position: number
  filename: string
  content_type: string
  size: number
  content: Uint8Array | null
  refused_reason: string | null
}
