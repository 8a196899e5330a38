-- Email in (issue 34): the complaints mailbox, read over IMAP. Nothing in the mailbox is deleted,
-- moved or flagged; what has been read is remembered here, per mailbox and UIDVALIDITY.

-- How far each mailbox has been read: the last UID taken, under the mailbox's UIDVALIDITY (when
-- the server renumbers the mailbox, UIDVALIDITY changes and reading starts again from UID 1).
create table inbox_mailboxes (
  mailbox text primary key,
  uidvalidity bigint not null,
  last_uid bigint not null,
  polled_at timestamptz not null
);

-- Each email read, once: the unique key means two instances, or a poll retried, never make two
-- items of one message. An item waits in the queue ('new') until a handler decides what it is, or
-- joins its case at once when it answers mail we sent ('joined').
create table inbox_items (
  id uuid primary key,
  mailbox text not null,
  uidvalidity bigint not null,
  uid bigint not null,
  message_id text,
  in_reply_to text,
  reference_ids text not null default '',
  from_address text not null,
  from_name text,
  to_addresses text not null,
  subject text not null,
  arrived_at timestamptz not null,
  -- The text part, or the HTML part rendered as plain text: email HTML is never shown as HTML.
  text_body text not null,
  raw bytea not null,
  status text not null check (status in ('new', 'decided')),
  decision text check (decision in ('complaint', 'service_request', 'existing_case', 'joined')),
  complaint_id uuid references complaints (id),
  service_request_id uuid references service_requests (id),
  decided_by uuid references users (id),
  decided_at timestamptz,
  -- Why a reply could not join its case at once (the case is closed, say): shown on the item.
  note text,
  created_at timestamptz not null,
  unique (mailbox, uidvalidity, uid),
  check ((status = 'new') = (decision is null))
);
create index inbox_items_queue_idx on inbox_items (status, arrived_at desc, id desc);
create index inbox_items_from_idx on inbox_items (lower(from_address), arrived_at desc);

-- An email's attachments, checked as uploads are: a refused one is kept with the reason (and no
-- content), never silently dropped.
create table inbox_attachments (
  id uuid primary key,
  item_id uuid not null references inbox_items (id),
  position integer not null,
  filename text not null,
  content_type text not null,
  size integer not null,
  content bytea,
  refused_reason text,
  unique (item_id, position),
  check ((content is null) = (refused_reason is not null))
);

-- A reply names the Message-ID of the mail it answers (In-Reply-To, References): found by it.
create index mail_messages_server_message_id_idx on mail_messages (server_message_id)
  where server_message_id is not null;
