-- Awaab's Law counts working days as the Regulations define them (a weekday that is not a bank
-- holiday in England): a landlord's closure days never move a hazard clock. Whether closure days
-- extend the Code's clocks becomes the landlord's own setting, stated in its policy. A new
-- landlord starts with it off (the Code counts working days); one that already declared closure
-- days keeps the clocks it has been working to until it decides otherwise.
alter table calendar_revision add column closures_extend_code_clocks boolean not null default false;
update calendar_revision set closures_extend_code_clocks = exists (select 1 from closure_days);

-- A duty that fell due stays on the record when a hazard is classed differently or assessed again
-- after a material change: each assessment period keeps its own clocks.
alter table hazard_clocks add column period integer not null default 0;
alter table hazard_clocks drop constraint hazard_clocks_pkey;
alter table hazard_clocks add primary key (hazard_id, period, clock);

-- Every hazard's clocks are worked out again once, at the next start, on the Regulations' working
-- days and with each assessment's duties kept (services/hazards/upgrade.ts).
insert into data_upgrades (name) values ('hazard_clocks_statutory');
