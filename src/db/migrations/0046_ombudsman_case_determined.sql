-- The Ombudsman cases list shows every case, owed, open or closed: a case is closed once its
-- determination is recorded and nothing is owed on it. The row keeps the determination's date.
alter table ombudsman_cases add column determined_on date;

update ombudsman_cases c set determined_on = (
  select (e.data ->> 'reportOn')::date from ombudsman_case_events e
  where e.case_id = c.id and e.type = 'ombudsman.determination_recorded'
  order by e.seq limit 1
);

create index ombudsman_cases_received_idx on ombudsman_cases (received_on desc, id);
