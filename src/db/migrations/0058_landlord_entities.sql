-- A group of landlords (issue 34): each registered provider the installation handles complaints
-- for is a landlord entity, with its own name, registered provider number, address, logo and
-- contact details, and its own homes by tenure each year (the TSM return is per registered
-- provider). There is always exactly one default entity: the landlord the installation was
-- before there were entities. Its blank details mean "as the installation says" (the name in
-- LANDLORD_NAME, the address, phone, email and logo in the letter settings), so nothing a landlord
-- set up before this release is copied, lost or left to drift.
create table landlord_entities (
  id uuid primary key,
  name text,
  rp_number text,
  address text,
  phone text,
  email text,
  website text,
  logo bytea,
  logo_type text,
  is_default boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  updated_by uuid references users (id),
  -- Only the default may leave its name to the installation's.
  constraint landlord_entities_named check (is_default or name is not null)
);
create unique index landlord_entities_one_default on landlord_entities (is_default) where is_default;
create unique index landlord_entities_name_idx on landlord_entities (lower(name)) where name is not null;

insert into landlord_entities (id, is_default, created_at, updated_at)
values ('00000000-0000-4000-8000-000000000001', true, now(), now());

-- The homes owned each year are now an entity's: every figure recorded so far is the default's.
alter table homes_owned
  add column entity_id uuid not null default '00000000-0000-4000-8000-000000000001'
  references landlord_entities (id);
create index homes_owned_entity_year_idx on homes_owned (entity_id, year, id desc);

-- Each complaint belongs to one entity. The default lets every write path that does not know
-- about entities (the API, an import, the inbox, the demo data) keep working: theirs is the default.
alter table complaints
  add column entity_id uuid not null default '00000000-0000-4000-8000-000000000001'
  references landlord_entities (id);
create index complaints_entity_received_idx on complaints (entity_id, received_on);

-- A member of staff may be limited to one entity's complaints; null: every entity's.
alter table users add column entity_id uuid references landlord_entities (id);

-- The report facts and the counts kept a day at a time gain the entity, so each registered
-- provider's TSM is counted like the group's (migration 0037). Every fact so far is a complaint
-- of the default's, which the column default gives them without rewriting a row.
alter table report_facts
  add column entity_id uuid not null default '00000000-0000-4000-8000-000000000001';
alter table report_fact_days
  add column entity_id uuid not null default '00000000-0000-4000-8000-000000000001';
alter table report_fact_changes
  add column entity_id uuid not null default '00000000-0000-4000-8000-000000000001';

do $$
declare c text;
begin
  select conname into c from pg_constraint
  where conrelid = 'report_fact_days'::regclass and contype = 'u';
  execute format('alter table report_fact_days drop constraint %I', c);
end $$;
alter table report_fact_days add constraint report_fact_days_on_date_entity_key
  unique nulls not distinct (on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id);

create or replace function report_facts_added() returns trigger language plpgsql as $$
begin
  insert into report_fact_changes (on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id, n, amount)
  select on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id,
    count(*), coalesce(sum(amount), 0)
  from added_facts
  group by on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id;
  return null;
end $$;

create or replace function report_facts_removed() returns trigger language plpgsql as $$
begin
  insert into report_fact_changes (on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id, n, amount)
  select on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id,
    -count(*), -coalesce(sum(amount), 0)
  from removed_facts
  group by on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id;
  return null;
end $$;

create or replace function report_facts_updated() returns trigger language plpgsql as $$
begin
  insert into report_fact_changes (on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id, n, amount)
  select on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id,
    -count(*), -coalesce(sum(amount), 0)
  from removed_facts
  group by on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id;
  insert into report_fact_changes (on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id, n, amount)
  select on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id,
    count(*), coalesce(sum(amount), 0)
  from added_facts
  group by on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, entity_id;
  return null;
end $$;

-- The complaints behind one entity's figure and its TSM workbook read their indexes alone, as
-- the group's do (migrations 0037, 0042).
drop index report_facts_kind_idx;
create index report_facts_kind_idx on report_facts (kind, on_date)
  include (key, tenure, counted, within, result, complaint_id, entity_id);
drop index report_facts_tsm_idx;
create index report_facts_tsm_idx on report_facts (on_date, reference)
  include (complaint_id, kind, key, tenure, counted, within, owed_on, why, entity_id)
  where kind in ('received', 'escalation', 'response');
