-- Code 9.3: the residents' complaints or scrutiny panel, a role of its own that sees anonymised
-- performance only, and its comments and challenges, each answered by the complaints team on the
-- record. A comment is its events, kept for good; the row holds what lists read.
alter table users drop constraint users_role_check;
alter table users add constraint users_role_check
  check (role in ('handler', 'complaints_officer', 'senior_lead', 'board', 'admin', 'residents_panel'));

create table panel_comments (
  id uuid primary key,
  -- What it is about: the board pack for a period, the self-assessment for a year, the policy,
  -- a theme or an improvement action, and which one (the key), and the reporting year it belongs to.
  subject_kind text not null,
  subject_key text not null,
  reporting_year integer not null,
  kind text not null check (kind in ('comment', 'challenge')),
  status text not null check (status in ('open', 'answered')),
  made_at timestamptz not null,
  made_by uuid not null references users (id),
  answered_at timestamptz,
  version integer not null,
  updated_at timestamptz not null
);
create index panel_comments_open_idx on panel_comments (made_at) where status = 'open';
create index panel_comments_year_idx on panel_comments (reporting_year, made_at);

create table panel_comment_events (
  id bigint generated always as identity primary key,
  comment_id uuid not null references panel_comments (id),
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_id uuid references users (id),
  data jsonb not null,
  unique (comment_id, seq)
);
create trigger panel_comment_events_append_only
  before update or delete on panel_comment_events
  for each row execute function refuse_history_change();
create trigger panel_comment_events_no_truncate
  before truncate on panel_comment_events
  for each statement execute function refuse_history_change();
