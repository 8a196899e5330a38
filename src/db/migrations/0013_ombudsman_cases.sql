-- The Housing Ombudsman's cases on complaints: enquiries, evidence requests, determinations,
-- orders and recommendations, and the evidence of compliance. A case is its events, kept for
-- good; the row holds what lists read (the next date something is owed).
create table ombudsman_cases (
  id uuid primary key,
  complaint_id uuid not null references complaints (id),
  ombudsman_reference text not null,
  kind text not null,
  received_on date not null,
  next_due_on date,
  version integer not null,
  updated_at timestamptz not null
);
create index ombudsman_cases_complaint_idx on ombudsman_cases (complaint_id);
create index ombudsman_cases_next_due_idx on ombudsman_cases (next_due_on) where next_due_on is not null;

create table ombudsman_case_events (
  id bigint generated always as identity primary key,
  case_id uuid not null references ombudsman_cases (id),
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_id uuid references users (id),
  data jsonb not null,
  unique (case_id, seq)
);
create trigger ombudsman_case_events_append_only
  before update or delete on ombudsman_case_events
  for each row execute function refuse_history_change();
create trigger ombudsman_case_events_no_truncate
  before truncate on ombudsman_case_events
  for each statement execute function refuse_history_change();
