-- The case list's total when nothing narrows it: every complaint ever logged. Counting a million
-- rows on each first page costs more than the page itself, so the count is kept as it changes,
-- exactly, by triggers in the transaction that inserts (or, never in practice, deletes) the rows.
-- Sixteen stripes, picked by connection, so concurrent intakes do not queue on one counter row;
-- a read sums them.
create table complaint_count_stripes (
  stripe smallint primary key,
  n bigint not null
);
insert into complaint_count_stripes (stripe, n) select s, 0 from generate_series(0, 15) s;

-- Exact from the start: no intake may slip between the count and the triggers.
lock table complaints in share mode;
update complaint_count_stripes set n = (select count(*) from complaints) where stripe = 0;

create function complaint_count_added() returns trigger language plpgsql as $$
begin
  update complaint_count_stripes set n = n + (select count(*) from added_rows)
    where stripe = pg_backend_pid() % 16;
  return null;
end $$;

create function complaint_count_removed() returns trigger language plpgsql as $$
begin
  update complaint_count_stripes set n = n - (select count(*) from removed_rows)
    where stripe = pg_backend_pid() % 16;
  return null;
end $$;

create function complaint_count_emptied() returns trigger language plpgsql as $$
begin
  update complaint_count_stripes set n = 0;
  return null;
end $$;

create trigger complaint_count_on_insert after insert on complaints
  referencing new table as added_rows for each statement execute function complaint_count_added();
create trigger complaint_count_on_delete after delete on complaints
  referencing old table as removed_rows for each statement execute function complaint_count_removed();
create trigger complaint_count_on_truncate after truncate on complaints
  for each statement execute function complaint_count_emptied();
