-- Every deadline that fell due is counted, not only those met (issue: figures a landlord can
-- publish). A clock's fact is now dated on the day it fell due and says what became of it:
-- on time, late, still open (overdue once its day has passed), not met (the complaint closed
-- without it), or stopped by a withdrawal or refusal before it fell due. Beside it, whether it
-- was in time only thanks to an extension, and whether the date it rests on was recorded more
-- than the landlord's tolerance after it happened.
alter table report_facts
  add column result text,
  add column with_extension boolean not null default false,
  add column recorded_late boolean not null default false;

drop index report_facts_period_idx;
create index report_facts_period_idx on report_facts (on_date, kind)
  include (key, tenure, counted, within, result, with_extension, recorded_late, amount, complaint_id);

-- Every complaint's facts are worked out again once, at start-up, by the new rule.
insert into data_upgrades (name) values ('report_facts') on conflict do nothing;
