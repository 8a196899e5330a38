-- Code 8.1, 8.2: the annual complaints performance and service improvement report. Its
-- commentary, publications, the governing body's response and approval are events, kept for
-- good; each published version is kept exactly as published, never changed (a correction is a
-- new version).
create table annual_report_events (
  id bigint generated always as identity primary key,
  year integer not null,
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_id uuid references users (id),
  data jsonb not null,
  unique (year, seq)
);
create trigger annual_report_events_append_only
  before update or delete on annual_report_events
  for each row execute function refuse_history_change();
create trigger annual_report_events_no_truncate
  before truncate on annual_report_events
  for each statement execute function refuse_history_change();

create table annual_report_versions (
  year integer not null,
  version integer not null,
  published_at timestamptz not null,
  published_by uuid references users (id),
  title text not null,
  html text not null,
  pdf bytea not null,
  docx bytea not null,
  primary key (year, version)
);
create trigger annual_report_versions_append_only
  before update or delete on annual_report_versions
  for each row execute function refuse_history_change();
create trigger annual_report_versions_no_truncate
  before truncate on annual_report_versions
  for each statement execute function refuse_history_change();
