-- Storage limitation for service requests too: they hold a resident's name and what they asked
-- for, and survey comments. A closed request is anonymised once the retention period has run
-- from its last change and no complaint about it is still kept (services/dataProtection).
alter table service_requests add column anonymised_at timestamptz;
-- The closed requests not yet anonymised, by when they last changed: what each run reads.
create index service_requests_retention_idx on service_requests (updated_at)
  where anonymised_at is null and status = 'closed';

-- Every request anonymised, kept for good: which, when, under which policy, how many events.
create table retention_request_anonymisations (
  id bigint generated always as identity primary key,
  request_id uuid not null references service_requests (id),
  reference text not null,
  anonymised_at timestamptz not null,
  last_activity_on date not null,
  retention_years integer not null,
  by_user_id uuid references users (id),
  events integer not null
);
create index retention_request_anonymisations_at_idx
  on retention_request_anonymisations (anonymised_at desc, id desc);
create trigger retention_request_anonymisations_append_only
  before update or delete on retention_request_anonymisations
  for each row execute function refuse_history_change();
create trigger retention_request_anonymisations_no_truncate
  before truncate on retention_request_anonymisations
  for each statement execute function refuse_history_change();

-- As in 0031, with service requests' history among what anonymisation (and only it) may rewrite.
create or replace function refuse_history_change() returns trigger language plpgsql as $$
begin
  if tg_level = 'ROW'
    and coalesce(current_setting('complaints.anonymising', true), '') = 'on'
    and (
      (tg_op = 'UPDATE' and tg_table_name in (
        'complaint_events', 'letters', 'person_events', 'hazard_events', 'ombudsman_case_events',
        'mail_attempts', 'service_request_events'))
      or (tg_op = 'DELETE' and tg_table_name = 'documents')
    ) then
    if tg_op = 'DELETE' then return old; end if;
    return new;
  end if;
  raise exception 'the table % is append-only: its rows may not be updated or deleted', tg_table_name
    using errcode = 'P0001';
end;
$$;
