-- UK GDPR accountability: who looked at what. Every view of a case, a resident record or a
-- document, and every export, by a member of staff (on the web or through the API), is one row,
-- kept for good: rows cannot be changed or deleted. The entries name what was seen by reference
-- and id, never by its content, so anonymising a record leaves its access log intact.
create table access_log (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  staff_id uuid not null references users (id),
  action text not null check (action in ('viewed', 'downloaded')),
  kind text not null,
  what text not null,
  complaint_id uuid references complaints (id),
  person_id uuid references people (id),
  via text not null check (via in ('web', 'api')),
  context text
);
create index access_log_at_idx on access_log (at desc, id desc);
create index access_log_staff_idx on access_log (staff_id, at desc);
create index access_log_complaint_idx on access_log (complaint_id, at desc) where complaint_id is not null;
create index access_log_person_idx on access_log (person_id, at desc) where person_id is not null;
create trigger access_log_append_only
  before update or delete on access_log
  for each row execute function refuse_history_change();
create trigger access_log_no_truncate
  before truncate on access_log
  for each statement execute function refuse_history_change();

-- The log of views of vulnerabilities (migration 0027) becomes part of the one access log.
insert into access_log (at, staff_id, action, kind, what, person_id, via, context)
select at, staff_id, 'viewed', 'vulnerabilities', what, person_id, 'web', purpose
from sensitive_access_log
order by id;
drop table sensitive_access_log;
