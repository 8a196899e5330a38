-- Fast at a million (issue 30): the remedy register and the self-assessment's figures read
-- indexes instead of every complaint, event or fact.

-- Code 7.1–7.3: one row for each remedy offered in a response, with where it has got to, kept
-- in the same transaction as the events that change it (as the complaint's own row and its
-- report facts are). The events stay the record; the rows can always be worked out again from
-- them. What the remedy was (its description) is read from the response itself, so a redacted
-- response leaves nothing behind here.
create table remedy_register (
  complaint_id uuid not null references complaints (id),
  stage smallint not null,
  position smallint not null,
  -- The complaint.responded event that offered it: its remedies hold this one at `position`.
  response_seq integer not null,
  offered_at timestamptz not null,
  -- That response upheld the complaint, wholly or in part (Code 7.1).
  upheld boolean not null,
  type text not null,
  amount numeric(12, 2),
  status text not null,
  -- Offered or accepted and not yet done or paid: an outstanding action (Code 7.3).
  owed boolean not null,
  done_on date,
  offset_against_arrears numeric(12, 2),
  primary key (complaint_id, stage, position)
);
-- The remedies still to do, oldest offer (so soonest due) first.
create index remedy_register_owed_idx on remedy_register (offered_at, complaint_id, stage, position) where owed;
-- Every remedy, newest offer first (read backwards).
create index remedy_register_offered_idx on remedy_register (offered_at, complaint_id, stage, position);

-- The register's totals, kept a day of offers at a time by the triggers below, in the transaction
-- that changes the rows: still owed, and the money owed, paid and set against arrears. The
-- totals read a row a day (a few thousand) instead of every remedy; those owed since before a
-- day (so overdue) are the days before it. Beside them, the upheld responses that offered a
-- remedy (Code 7.1, the self-assessment's figure): those with a first remedy.
create table remedy_register_days (
  offered_on date primary key,
  upheld_remedied integer not null,
  owed integer not null,
  owed_amount numeric(14, 2) not null,
  paid_amount numeric(14, 2) not null,
  offset_amount numeric(14, 2) not null
);

-- The rows a statement added or removed, a day at a time in date order, so two transactions
-- changing the same days take their locks in the same order.
create function remedy_register_days_added() returns trigger language plpgsql as $$
begin
  insert into remedy_register_days as d (offered_on, upheld_remedied, owed, owed_amount, paid_amount, offset_amount)
  select (offered_at at time zone 'Europe/London')::date, count(*) filter (where upheld and position = 1),
    count(*) filter (where owed),
    coalesce(sum(amount) filter (where owed), 0), coalesce(sum(amount) filter (where status = 'done'), 0),
    coalesce(sum(offset_against_arrears), 0)
  from added_rows group by 1 order by 1
  on conflict (offered_on) do update set upheld_remedied = d.upheld_remedied + excluded.upheld_remedied,
    owed = d.owed + excluded.owed,
    owed_amount = d.owed_amount + excluded.owed_amount, paid_amount = d.paid_amount + excluded.paid_amount,
    offset_amount = d.offset_amount + excluded.offset_amount;
  return null;
end $$;

create function remedy_register_days_removed() returns trigger language plpgsql as $$
begin
  insert into remedy_register_days as d (offered_on, upheld_remedied, owed, owed_amount, paid_amount, offset_amount)
  select (offered_at at time zone 'Europe/London')::date, -count(*) filter (where upheld and position = 1),
    -count(*) filter (where owed),
    -coalesce(sum(amount) filter (where owed), 0), -coalesce(sum(amount) filter (where status = 'done'), 0),
    -coalesce(sum(offset_against_arrears), 0)
  from removed_rows group by 1 order by 1
  on conflict (offered_on) do update set upheld_remedied = d.upheld_remedied + excluded.upheld_remedied,
    owed = d.owed + excluded.owed,
    owed_amount = d.owed_amount + excluded.owed_amount, paid_amount = d.paid_amount + excluded.paid_amount,
    offset_amount = d.offset_amount + excluded.offset_amount;
  return null;
end $$;

create trigger remedy_register_days_on_insert after insert on remedy_register
  referencing new table as added_rows for each statement execute function remedy_register_days_added();
create trigger remedy_register_days_on_delete after delete on remedy_register
  referencing old table as removed_rows for each statement execute function remedy_register_days_removed();
-- The service rewrites a complaint's rows rather than updating them; an update is counted all the same.
create trigger remedy_register_days_on_update_old after update on remedy_register
  referencing old table as removed_rows for each statement execute function remedy_register_days_removed();
create trigger remedy_register_days_on_update_new after update on remedy_register
  referencing new table as added_rows for each statement execute function remedy_register_days_added();

-- The rows for the remedies already offered, worked out once from the events as the complaint's
-- fold does (`remedyStates`): each remedy's latest answer and completion; an apology,
-- acknowledgement or explanation is done with the response letter itself.
insert into remedy_register (complaint_id, stage, position, response_seq, offered_at, upheld, type, amount,
  status, owed, done_on, offset_against_arrears)
select r.complaint_id, (r.data->>'stage')::smallint, m.position, r.seq, r.at,
  r.data->>'decision' in ('upheld', 'partly_upheld'), m.remedy->>'type',
  (m.remedy->>'amount')::numeric, s.status, s.status in ('offered', 'accepted'),
  case when d.data is not null then (d.data->>'on')::date
    when s.status = 'done' then (r.at at time zone 'Europe/London')::date end,
  (d.data->'payment'->>'offsetAgainstArrears')::numeric
from complaint_events r
cross join lateral jsonb_array_elements(r.data->'remedies') with ordinality as m(remedy, position)
left join (
  select distinct on (complaint_id, data->>'remedyId') complaint_id, data->>'remedyId' as remedy_id, data
  from complaint_events where type = 'complaint.remedy_answered'
  order by complaint_id, data->>'remedyId', seq desc
) a on a.complaint_id = r.complaint_id and a.remedy_id = (r.data->>'stage') || '-' || m.position
left join (
  select distinct on (complaint_id, data->>'remedyId') complaint_id, data->>'remedyId' as remedy_id, data
  from complaint_events where type = 'complaint.remedy_done'
  order by complaint_id, data->>'remedyId', seq desc
) d on d.complaint_id = r.complaint_id and d.remedy_id = (r.data->>'stage') || '-' || m.position
cross join lateral (
  select case when d.data is not null or m.remedy->>'type' in ('apology', 'acknowledgement', 'explanation')
    then 'done' else coalesce(a.data->>'answer', 'offered') end as status
) s
where r.type = 'complaint.responded';

-- The Ombudsman's orders and recommendations, by the date each is due.
create index ombudsman_directions_due_idx on ombudsman_case_events ((data->>'dueOn'), case_id, (data->>'directionId'))
  where type = 'ombudsman.direction_made';

-- Code 6.13 for a year: the stage 2 acknowledgements made (on time or late) by the day they fell
-- due, without reading the period's other facts; then the complaints considered by the same
-- person at both stages (few, when the Code is followed), matched without reading every complaint.
create index report_facts_stage2_acknowledged_idx on report_facts (on_date) include (complaint_id)
  where kind = 'clock' and key = 'stage2Acknowledgement' and result in ('on_time', 'late');
create index complaints_same_handler_idx on complaints (id) where stage2_handler_id = stage1_handler_id;

-- Code 9.6, 9.7: the board packs taken in a period, without reading the rest of the audit log.
create index audit_log_board_packs_idx on audit_log (at) where action = 'board_pack.produced';

-- Code 5.10: the residents with reasonable adjustments agreed, counted without reading every record.
create index people_adjustments_idx on people (id) where has_adjustments and merged_into_id is null;
