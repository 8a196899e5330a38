-- The resident record shared by a resident's complaints: each a run of events kept for good, with
-- a row holding what lists, matching and reminders read. Vulnerabilities are in the events and are
-- shown only to the roles that need them; every view of them is logged below.
create sequence person_reference_seq;
create table people (
  id uuid primary key,
  reference text not null unique,
  name text not null,
  email text,
  phone text,
  postcode text,
  address text,
  tenancy_reference text,
  search_text text not null,
  has_vulnerability boolean not null default false,
  has_adjustments boolean not null default false,
  -- The earliest adjustment review owed (Code 5.10).
  next_review_on date,
  -- The last day of the restrictions on contact (Code 5.14), and their earliest review (5.15).
  -- A restriction ends itself after its last day, so both count only while restricted_until >= today.
  restricted_until date,
  restriction_review_on date,
  merged_into_id uuid references people (id),
  version integer not null,
  updated_at timestamptz not null
);
create index people_email_idx on people (lower(email)) where email is not null and merged_into_id is null;
create index people_tenancy_idx on people (tenancy_reference) where tenancy_reference is not null and merged_into_id is null;
create index people_name_postcode_idx on people (lower(name), replace(postcode, ' ', '')) where merged_into_id is null;
create index people_next_review_idx on people (next_review_on) where next_review_on is not null and merged_into_id is null;
create index people_restriction_review_idx on people (restriction_review_on) where restriction_review_on is not null and merged_into_id is null;

create table person_events (
  id bigint generated always as identity primary key,
  person_id uuid not null references people (id),
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_id uuid references users (id),
  data jsonb not null,
  unique (person_id, seq)
);
create trigger person_events_append_only
  before update or delete on person_events
  for each row execute function refuse_history_change();
create trigger person_events_no_truncate
  before truncate on person_events
  for each statement execute function refuse_history_change();

-- Who looked at a resident's disclosed vulnerabilities, when, and why: never changed.
create table sensitive_access_log (
  id bigint generated always as identity primary key,
  person_id uuid not null references people (id),
  staff_id uuid not null references users (id),
  at timestamptz not null,
  what text not null,
  purpose text not null
);
create index sensitive_access_person_idx on sensitive_access_log (person_id, at desc);
create trigger sensitive_access_log_append_only
  before update or delete on sensitive_access_log
  for each row execute function refuse_history_change();
create trigger sensitive_access_log_no_truncate
  before truncate on sensitive_access_log
  for each statement execute function refuse_history_change();

-- Which resident record a complaint belongs to (moved when duplicates are merged), and its
-- address as a key, so repeat complaints about a home can be counted (Code 6.1).
alter table complaints add column person_id uuid references people (id);
alter table complaints add column address_key text;
create index complaints_person_idx on complaints (person_id, received_at) where person_id is not null;
create index complaints_address_key_idx on complaints (address_key, received_at) where address_key is not null;

-- Complaints logged before resident records join them once, at start-up (services/people/upgrade.ts).
insert into data_upgrades (name) select 'resident_records' where exists (select 1 from complaints);
