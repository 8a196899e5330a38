-- Complaints: an append-only history of events per complaint, the letters issued, and a
-- projection of each complaint's current state for lists and queues.

create sequence complaint_reference_seq;

-- The landlord's categories and exclusion grounds: configurable lists.
create table complaint_categories (
  code text primary key,
  label text not null,
  active boolean not null default true,
  position integer not null default 0
);
insert into complaint_categories (code, label, position) values
  ('repairs', 'Repairs', 1),
  ('damp_and_mould', 'Damp and mould', 2),
  ('anti_social_behaviour', 'Anti-social behaviour', 3),
  ('staff_conduct', 'Staff conduct', 4),
  ('complaint_handling', 'Complaint handling', 5),
  ('communication', 'Communication', 6),
  ('rent_and_service_charges', 'Rent and service charges', 7),
  ('estate_and_grounds', 'Estate, grounds and cleaning', 8),
  ('lettings_and_allocations', 'Lettings and allocations', 9),
  ('other', 'Other', 99);

create table exclusion_grounds (
  code text primary key,
  label text not null,
  description text not null,
  active boolean not null default true,
  position integer not null default 0
);
insert into exclusion_grounds (code, label, description, position) values
  ('older_than_12_months', 'the issue happened more than 12 months ago',
   'The issue giving rise to the complaint occurred over twelve months ago, and there is no good reason to use discretion to accept it (Code 2.2, 2.3).', 1),
  ('legal_proceedings', 'legal proceedings about it have started',
   'Legal proceedings have started: details of the claim, such as the Claim Form and Particulars of Claim, have been filed at court (Code 2.2).', 2),
  ('previously_considered', 'it has already been considered under our complaints procedure',
   'The matter has previously been considered under the complaints policy (Code 2.2).', 3);

-- The current state of each complaint, rebuilt from its events in the same transaction as
-- every change. The deadline columns hold the deadline open now: its start and its length
-- in working days come from the events; its due date is derived from them and the calendar,
-- and is refreshed whenever the calendar changes.
create table complaints (
  id uuid primary key,
  reference text not null unique,
  state text not null,
  stage smallint not null,
  channel text not null,
  received_at timestamptz not null,
  received_on date not null,
  resident_name text not null,
  resident_email text,
  resident_postcode text,
  categories text[] not null default '{}',
  stage1_handler_id uuid references users (id),
  stage2_handler_id uuid references users (id),
  current_handler_id uuid references users (id),
  linked_from_id uuid references complaints (id),
  deadline_key text,
  deadline_start_on date,
  deadline_working_days integer,
  deadline_due_on date,
  version integer not null,
  updated_at timestamptz not null,
  search_text text not null
);
create index complaints_state_idx on complaints (state);
create index complaints_deadline_due_on_idx on complaints (deadline_due_on) where deadline_due_on is not null;
create index complaints_received_on_idx on complaints (received_on);
create index complaints_current_handler_idx on complaints (current_handler_id);
create index complaints_linked_from_idx on complaints (linked_from_id) where linked_from_id is not null;

create table complaint_events (
  id bigint generated always as identity primary key,
  complaint_id uuid not null references complaints (id),
  seq integer not null,
  type text not null,
  at timestamptz not null,
  recorded_at timestamptz not null,
  actor_id uuid references users (id),
  data jsonb not null,
  unique (complaint_id, seq)
);
create trigger complaint_events_append_only
  before update or delete on complaint_events
  for each row execute function refuse_history_change();
create trigger complaint_events_no_truncate
  before truncate on complaint_events
  for each statement execute function refuse_history_change();

-- Letters as issued: their text never changes.
create table letters (
  id uuid primary key,
  complaint_id uuid not null references complaints (id),
  kind text not null,
  stage smallint not null,
  issued_at timestamptz not null,
  created_at timestamptz not null,
  text text not null
);
create index letters_complaint_idx on letters (complaint_id);
create trigger letters_append_only
  before update or delete on letters
  for each row execute function refuse_history_change();
create trigger letters_no_truncate
  before truncate on letters
  for each statement execute function refuse_history_change();

-- Idempotency-Key on intake: the same key and body within 24 hours returns the first result.
create table idempotency_keys (
  actor_id uuid not null references users (id),
  key text not null,
  request_hash text not null,
  complaint_id uuid not null references complaints (id),
  created_at timestamptz not null,
  primary key (actor_id, key)
);
