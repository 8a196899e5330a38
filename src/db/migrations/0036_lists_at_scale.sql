-- Lists that stay fast at a million complaints (issue 30).

-- Code 9.1: the "learning to record" queue read from the projection, as every other queue is,
-- instead of searching every upheld response for learning not yet recorded (728,000 of them at a
-- million complaints, all sorted for one page). The projection keeps the stages owing learning
-- and the time of the first such response (services/complaints/casework.ts projectionOf, from the
-- domain's learningToRecord); null when none is owed.
alter table complaints add column learning_due_stages smallint[];
alter table complaints add column learning_due_since timestamptz;

-- The latest response of each stage decides, as the domain's fold does; learning recorded for a
-- stage settles it.
update complaints c set learning_due_stages = owed.stages, learning_due_since = owed.since
from (
  select r.complaint_id, array_agg(r.stage order by r.stage)::smallint[] as stages, min(r.at) as since
  from (
    select distinct on (e.complaint_id, (e.data->>'stage')::int)
      e.complaint_id, (e.data->>'stage')::int as stage, e.at, e.data->>'decision' as decision
    from complaint_events e
    where e.type = 'complaint.responded'
    order by e.complaint_id, (e.data->>'stage')::int, e.seq desc
  ) r
  where r.decision in ('upheld', 'partly_upheld')
    and not exists (
      select 1 from complaint_events l
      where l.complaint_id = r.complaint_id
        and l.type = 'complaint.learning_recorded'
        and (l.data->>'stage')::int = r.stage
    )
  group by r.complaint_id
) owed
where owed.complaint_id = c.id;

-- The queue, oldest response first, one page at a time.
create index complaints_learning_due_idx on complaints (learning_due_since, reference)
  where learning_due_since is not null;

-- The case list and the queues at a million complaints (issue 30): each order and each common
-- filter read from an index, so a page costs what it returns rather than what the table holds.

-- The queues' default order (by due date, the ones with no Code deadline last, as the day that
-- never comes, then reference), with no state filter. Keyset paging reads the rows after a row's
-- keys from here; id and the due date are included, so a page is found from the index alone and
-- only its hundred rows are read (complaintQueries.ts listStatements).
create index complaints_due_order_idx on complaints ((coalesce(deadline_due_on, 'infinity'::date)), reference)
  include (id, deadline_due_on);

-- Urgent first, then by due date, over every complaint (the partial index of 0026 served only the
-- open states).
drop index complaints_priority_idx;
create index complaints_priority_order_idx
  on complaints (priority_rank, (coalesce(deadline_due_on, 'infinity'::date)), reference)
  include (id, deadline_due_on);

-- A channel, in the queues' order; a category, by the array's own index (`categories @> array[…]`).
create index complaints_channel_order_idx
  on complaints (channel, (coalesce(deadline_due_on, 'infinity'::date)), reference);
create index complaints_categories_idx on complaints using gin (categories);

-- A whole email address typed into the search finds the resident's complaints by equality: the
-- trigrams of an address are common to every address at the same domain.
create index complaints_email_idx on complaints (lower(resident_email));

-- Search by any part of a reference, name, email or postcode: trigrams serve `like '%…%'`.
-- The extension is the database's, in schema public, whatever schema the service's tables are in
-- (the tests give each database its own): its operator class is named with its schema.
create extension if not exists pg_trgm with schema public;
create index complaints_search_trgm_idx on complaints using gin (search_text public.gin_trgm_ops);
