-- Residents complain, follow and escalate online (Code section 3, 6.12).

-- Who did it: a member of staff (actor_id), the service (neither), or the resident online.
-- A new column with a default: the events already recorded are not rewritten.
alter table complaint_events add column by_resident boolean not null default false;

-- The online complaint form: the answers so far, kept in the database so that neither the
-- back button nor a restart loses them. The browser holds only a random token.
create table complaint_drafts (
  id uuid primary key,
  token_hash text not null unique,
  answers jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  -- Set in the transaction that logs the complaint: a second submit finds it and logs nothing.
  complaint_id uuid references complaints (id),
  submitted_at timestamptz
);
create index complaint_drafts_updated_idx on complaint_drafts (updated_at);

create table complaint_draft_files (
  id uuid primary key,
  draft_id uuid not null references complaint_drafts (id) on delete cascade,
  purpose text not null check (purpose in ('evidence', 'consent')),
  filename text not null,
  content_type text not null,
  size integer not null,
  content bytea not null,
  created_at timestamptz not null
);
create index complaint_draft_files_draft_idx on complaint_draft_files (draft_id);

-- Following a complaint: a one-time code sent by email. A request that matches no complaint
-- gets a challenge too (complaint_id null), so the page never shows whether a reference exists.
create table track_challenges (
  id uuid primary key,
  token_hash text not null unique,
  complaint_id uuid references complaints (id),
  viewer text check (viewer in ('resident', 'representative')),
  code_hash text not null,
  attempts integer not null default 0,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);

-- A resident signed in to one complaint with a code.
create table resident_sessions (
  token_hash text primary key,
  complaint_id uuid not null references complaints (id),
  viewer text not null check (viewer in ('resident', 'representative')),
  created_at timestamptz not null,
  expires_at timestamptz not null
);

-- Rate limits shared by every instance: one row per attempt, by bucket and a hash of the key.
create table rate_limit_hits (
  bucket text not null,
  key_hash text not null,
  at timestamptz not null
);
create index rate_limit_hits_idx on rate_limit_hits (bucket, key_hash, at);

-- TSM TP09: how satisfied the resident is with the handling of their complaint, after the
-- landlord's final response. One answer per complaint and stage.
create table satisfaction_responses (
  complaint_id uuid not null references complaints (id),
  stage smallint not null,
  satisfaction text not null check (satisfaction in
    ('very_satisfied', 'fairly_satisfied', 'neither', 'fairly_dissatisfied', 'very_dissatisfied')),
  comment text,
  answered_at timestamptz not null,
  primary key (complaint_id, stage)
);
