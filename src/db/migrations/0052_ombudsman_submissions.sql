-- The Housing Ombudsman's annual submission for each reporting year: each one recorded is an
-- event kept for good, with a frozen copy of what was sent (the organisation, the four published
-- documents' addresses, the yes or no for every provision); a re-submission is a new event. The
-- row holds what the dashboard reads: the latest submission and the self-assessment it carried.
create table ombudsman_submissions (
  year integer primary key,
  version integer not null,
  assessment_id uuid not null references self_assessments (id),
  submitted_at timestamptz not null,
  updated_at timestamptz not null
);

create table ombudsman_submission_events (
  id bigint generated always as identity primary key,
  year integer not null,
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_id uuid references users (id),
  data jsonb not null,
  unique (year, seq)
);
create trigger ombudsman_submission_events_append_only
  before update or delete on ombudsman_submission_events
  for each row execute function refuse_history_change();
create trigger ombudsman_submission_events_no_truncate
  before truncate on ombudsman_submission_events
  for each statement execute function refuse_history_change();
