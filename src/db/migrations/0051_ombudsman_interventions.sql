-- The Housing Ombudsman's interventions against the landlord, apart from its investigations:
-- Dispute Support instructions, Complaint Handling Failure Orders, failure notices and policy
-- compliance check recommendations. An intervention is its events, kept for good; the row holds
-- what lists, the dashboard and the prompts read (the date to comply by, and when it was met).
create table ombudsman_interventions (
  id uuid primary key,
  kind text not null,
  failure_type text,
  ombudsman_reference text not null,
  received_on date not null,
  complaint_id uuid references complaints (id),
  provision text,
  owner_id uuid not null references users (id),
  due_on date not null,
  complied_on date,
  complied_late boolean,
  version integer not null,
  updated_at timestamptz not null
);
create index ombudsman_interventions_open_due_idx on ombudsman_interventions (due_on) where complied_on is null;
create index ombudsman_interventions_received_idx on ombudsman_interventions (received_on desc, id);
create index ombudsman_interventions_complaint_idx on ombudsman_interventions (complaint_id) where complaint_id is not null;

create table ombudsman_intervention_events (
  id bigint generated always as identity primary key,
  intervention_id uuid not null references ombudsman_interventions (id),
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_id uuid references users (id),
  data jsonb not null,
  unique (intervention_id, seq)
);
create trigger ombudsman_intervention_events_append_only
  before update or delete on ombudsman_intervention_events
  for each row execute function refuse_history_change();
create trigger ombudsman_intervention_events_no_truncate
  before truncate on ombudsman_intervention_events
  for each statement execute function refuse_history_change();

-- A copy of the evidence of compliance, checked as any upload, kept for good.
create table ombudsman_intervention_documents (
  id uuid primary key,
  intervention_id uuid not null references ombudsman_interventions (id),
  filename text not null,
  content_type text not null,
  size integer not null,
  sha256 text not null,
  content bytea not null,
  uploaded_at timestamptz not null,
  uploaded_by uuid references users (id)
);
create index ombudsman_intervention_documents_idx on ombudsman_intervention_documents (intervention_id);
create trigger ombudsman_intervention_documents_append_only
  before update or delete on ombudsman_intervention_documents
  for each row execute function refuse_history_change();
create trigger ombudsman_intervention_documents_no_truncate
  before truncate on ombudsman_intervention_documents
  for each statement execute function refuse_history_change();
