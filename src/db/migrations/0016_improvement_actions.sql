-- Code 9.1–9.4: improvements to the service, raised from a complaint, a theme, an Ombudsman
-- order or recommendation, or another recommendation, and tracked to completion. An action is
-- its events, kept for good; the row and the complaint links hold what lists read.
create table improvement_actions (
  id uuid primary key,
  title text not null,
  source text not null,
  ombudsman_case_id uuid references ombudsman_cases (id),
  direction_id text,
  owner_id uuid not null references users (id),
  status text not null,
  due_on date not null,
  completed_on date,
  published_at timestamptz,
  you_said text,
  we_did text,
  raised_at timestamptz not null,
  version integer not null,
  updated_at timestamptz not null
);
create index improvement_actions_open_due_idx on improvement_actions (due_on) where status in ('open', 'in_progress');
create index improvement_actions_published_idx on improvement_actions (published_at) where published_at is not null;
create index improvement_actions_direction_idx on improvement_actions (ombudsman_case_id) where ombudsman_case_id is not null;

create table improvement_action_complaints (
  action_id uuid not null references improvement_actions (id),
  complaint_id uuid not null references complaints (id),
  primary key (action_id, complaint_id)
);
create index improvement_action_complaints_complaint_idx on improvement_action_complaints (complaint_id);

create table improvement_action_events (
  id bigint generated always as identity primary key,
  action_id uuid not null references improvement_actions (id),
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_id uuid references users (id),
  data jsonb not null,
  unique (action_id, seq)
);
create trigger improvement_action_events_append_only
  before update or delete on improvement_action_events
  for each row execute function refuse_history_change();
create trigger improvement_action_events_no_truncate
  before truncate on improvement_action_events
  for each statement execute function refuse_history_change();
