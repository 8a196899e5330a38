-- What the governance reports count (the TSM, the board pack, the annual report): each dated
-- fact a complaint adds, worked out from its events by the domain (reportFacts) and rewritten in
-- the same transaction as any event that changes them. Derived, like the complaints row: the
-- events stay the record, and the facts can always be worked out again from them.
create table report_facts (
  complaint_id uuid not null references complaints (id),
  on_date date not null,
  kind text not null,
  key text not null,
  tenure text,
  counted boolean not null,
  within boolean,
  amount numeric(12, 2)
);
-- A period's counts read the index alone.
create index report_facts_period_idx on report_facts (on_date, kind)
  include (key, tenure, counted, within, amount, complaint_id);
create index report_facts_complaint_idx on report_facts (complaint_id);

-- Complaints recorded before this release get their facts once, at start-up.
insert into data_upgrades (name) values ('report_facts');

-- The themes (root causes recorded) for a period, without reading every event.
create index complaint_events_learning_idx on complaint_events (at) where type = 'complaint.learning_recorded';
