-- The governance reports at a million complaints (issue 30).

-- Each report counts the facts of a period by kind, key, tenure and result. A year at a million
-- complaints holds 1.5 million facts, and the board pack reads two periods, so counting the facts
-- themselves cost seconds however they were indexed. The same counts are kept a day at a time:
-- one row for each day and group (a year is tens of thousands of rows, not millions), exact,
-- written by triggers in the transaction that writes the facts.
create table report_fact_days (
  on_date date not null,
  kind text not null,
  key text not null,
  tenure text,
  counted boolean not null,
  within boolean,
  result text,
  with_extension boolean not null,
  recorded_late boolean not null,
  n bigint not null,
  amount numeric(16, 2) not null,
  unique nulls not distinct (on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late)
);

-- What the triggers write: each statement's facts added (+) or removed (-), grouped, only ever
-- appended, so concurrent actions never wait on (or deadlock over) a shared counter row. The
-- reports read the days and these together, and fold these into the days from time to time
-- (`fold` in repositories/reports.ts), under a lock only that fold takes.
create table report_fact_changes (
  on_date date not null,
  kind text not null,
  key text not null,
  tenure text,
  counted boolean not null,
  within boolean,
  result text,
  with_extension boolean not null,
  recorded_late boolean not null,
  n bigint not null,
  amount numeric(16, 2) not null
);

create function report_facts_added() returns trigger language plpgsql as $$
begin
  insert into report_fact_changes (on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, n, amount)
  select on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late,
    count(*), coalesce(sum(amount), 0)
  from added_facts
  group by on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late;
  return null;
end $$;

create function report_facts_removed() returns trigger language plpgsql as $$
begin
  insert into report_fact_changes (on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, n, amount)
  select on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late,
    -count(*), -coalesce(sum(amount), 0)
  from removed_facts
  group by on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late;
  return null;
end $$;

create function report_facts_updated() returns trigger language plpgsql as $$
begin
  insert into report_fact_changes (on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, n, amount)
  select on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late,
    -count(*), -coalesce(sum(amount), 0)
  from removed_facts
  group by on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late;
  insert into report_fact_changes (on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, n, amount)
  select on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late,
    count(*), coalesce(sum(amount), 0)
  from added_facts
  group by on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late;
  return null;
end $$;

create function report_facts_emptied() returns trigger language plpgsql as $$
begin
  truncate report_fact_days, report_fact_changes;
  return null;
end $$;

-- A day's group that has come to nothing, for the fold to clear away.
create index report_fact_days_emptied_idx on report_fact_days (on_date) where n = 0;

-- Exact from the start: no fact may be written between the count and the triggers.
lock table report_facts in share mode;

insert into report_fact_days (on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late, n, amount)
select on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late,
  count(*), coalesce(sum(amount), 0)
from report_facts
group by on_date, kind, key, tenure, counted, within, result, with_extension, recorded_late;

create trigger report_facts_on_insert after insert on report_facts
  referencing new table as added_facts for each statement execute function report_facts_added();
create trigger report_facts_on_delete after delete on report_facts
  referencing old table as removed_facts for each statement execute function report_facts_removed();
create trigger report_facts_on_update after update on report_facts
  referencing old table as removed_facts new table as added_facts
  for each statement execute function report_facts_updated();
create trigger report_facts_on_truncate after truncate on report_facts
  for each statement execute function report_facts_emptied();

-- The complaints behind a figure: a kind's facts in date order, a page at a time, filtered on
-- what the figure counts (tenure, key, result) without reading the table. It replaces the
-- date-first index, which made a kind's year a filter over every kind's facts.
drop index report_facts_period_idx;
create index report_facts_kind_idx on report_facts (kind, on_date)
  include (key, tenure, counted, within, result, complaint_id);

-- The TSM's complaints counted with no tenure recorded: a few among the year's facts.
create index report_facts_no_tenure_idx on report_facts (kind, on_date)
  include (counted, complaint_id) where tenure is null;
