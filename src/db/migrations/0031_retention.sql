-- UK GDPR storage limitation: personal data on closed complaints is anonymised once the landlord's
-- retention period has run (services/dataProtection/retention.ts). The complaint, its dates,
-- states, decisions and report facts stay, so every count stays right; names, contact details and
-- free text are redacted, letters' text replaced and documents removed.

alter table complaints add column anonymised_at timestamptz;
alter table people add column anonymised_at timestamptz;
-- The closed complaints not yet anonymised, by when they last changed: what each run reads.
create index complaints_retention_idx on complaints (updated_at)
  where anonymised_at is null and state in ('closed', 'not_accepted', 'withdrawn');

-- History stays append-only. The one exception is anonymisation itself: inside its transaction
-- (and only there) the service sets complaints.anonymising, and only then may the history of a
-- complaint be rewritten in place (never its log of access, audit or anonymisations) and its
-- documents removed. Nothing can truncate history.
create or replace function refuse_history_change() returns trigger language plpgsql as $$
begin
  if tg_level = 'ROW'
    and coalesce(current_setting('complaints.anonymising', true), '') = 'on'
    and (
      (tg_op = 'UPDATE' and tg_table_name in (
        'complaint_events', 'letters', 'person_events', 'hazard_events', 'ombudsman_case_events',
        'mail_attempts'))
      or (tg_op = 'DELETE' and tg_table_name = 'documents')
    ) then
    if tg_op = 'DELETE' then return old; end if;
    return new;
  end if;
  raise exception 'the table % is append-only: its rows may not be updated or deleted', tg_table_name
    using errcode = 'P0001';
end;
$$;

-- Legal holds: a complaint that must be kept whatever its age (a claim, a disrepair case, a
-- regulator's inquiry). Placed and released by the data protection roles, with reasons.
create table retention_holds (
  id uuid primary key,
  complaint_id uuid not null references complaints (id),
  reason text not null,
  placed_at timestamptz not null,
  placed_by uuid not null references users (id),
  released_at timestamptz,
  released_by uuid references users (id),
  release_reason text
);
create unique index retention_holds_active_idx on retention_holds (complaint_id) where released_at is null;

-- Every anonymisation, kept for good: which complaint, when, under which policy, what went.
create table retention_anonymisations (
  id bigint generated always as identity primary key,
  complaint_id uuid not null references complaints (id),
  reference text not null,
  person_id uuid references people (id),
  person_anonymised boolean not null,
  anonymised_at timestamptz not null,
  last_activity_on date not null,
  retention_years integer not null,
  by_user_id uuid references users (id),
  removed jsonb not null
);
create index retention_anonymisations_at_idx on retention_anonymisations (anonymised_at desc, id desc);
create trigger retention_anonymisations_append_only
  before update or delete on retention_anonymisations
  for each row execute function refuse_history_change();
create trigger retention_anonymisations_no_truncate
  before truncate on retention_anonymisations
  for each statement execute function refuse_history_change();
