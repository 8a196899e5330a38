-- Code 8.1–8.4: the landlord's self-assessments against the Code: the annual one for each year and
-- any re-assessment, each a run of events kept for good (approved ones never change); the row
-- holds what lists read.
create table self_assessments (
  id uuid primary key,
  year integer not null,
  trigger text not null,
  status text not null,
  version integer not null,
  updated_at timestamptz not null
);
-- One annual assessment a year; re-assessments as many as are needed.
create unique index self_assessments_annual_idx on self_assessments (year) where trigger = 'annual';

create table self_assessment_events (
  id bigint generated always as identity primary key,
  assessment_id uuid not null references self_assessments (id),
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_id uuid references users (id),
  data jsonb not null,
  unique (assessment_id, seq)
);
create trigger self_assessment_events_append_only
  before update or delete on self_assessment_events
  for each row execute function refuse_history_change();
create trigger self_assessment_events_no_truncate
  before truncate on self_assessment_events
  for each statement execute function refuse_history_change();
