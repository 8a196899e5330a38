-- Background and scheduled work, run once per cluster: a job is claimed with
-- FOR UPDATE SKIP LOCKED, so however many instances poll, each job runs on one of them. A
-- scheduled job (the daily prompts) has a unique key, so it is created once however many
-- instances schedule it.
create table jobs (
  id bigint generated always as identity primary key,
  kind text not null,
  payload jsonb not null default '{}'::jsonb,
  unique_key text unique,
  run_at timestamptz not null,
  attempts integer not null default 0,
  max_attempts integer not null default 6,
  locked_until timestamptz,
  done_at timestamptz,
  gave_up_at timestamptz,
  last_error text,
  created_at timestamptz not null
);
create index jobs_due_idx on jobs (run_at) where done_at is null and gave_up_at is null;

-- Every message the service sends, or would send: letters to residents, prompts to staff.
-- Without SMTP_URL they stay here, in the outbox staff can open.
create table mail_messages (
  id uuid primary key,
  kind text not null,
  complaint_id uuid references complaints (id),
  letter_id uuid references letters (id),
  to_user_id uuid references users (id),
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  large_print boolean not null default false,
  status text not null,
  server_message_id text,
  last_error text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index mail_messages_status_idx on mail_messages (status, created_at);
create index mail_messages_complaint_idx on mail_messages (complaint_id) where complaint_id is not null;
create index mail_messages_letter_idx on mail_messages (letter_id) where letter_id is not null;

-- Each attempt to deliver a message, as it happened: kept for good.
create table mail_attempts (
  id bigint generated always as identity primary key,
  message_id uuid not null references mail_messages (id),
  at timestamptz not null,
  outcome text not null,
  server_message_id text,
  error text
);
create index mail_attempts_message_idx on mail_attempts (message_id);
create trigger mail_attempts_append_only
  before update or delete on mail_attempts
  for each row execute function refuse_history_change();

-- Letters that go by post: the print queue, until someone marks them printed.
create table postal_letters (
  letter_id uuid primary key references letters (id),
  complaint_id uuid not null references complaints (id),
  reason text not null,
  large_print boolean not null default false,
  queued_at timestamptz not null,
  printed_at timestamptz,
  printed_by uuid references users (id)
);
create index postal_letters_waiting_idx on postal_letters (queued_at) where printed_at is null;
