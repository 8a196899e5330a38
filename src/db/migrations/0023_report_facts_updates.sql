-- The reports now count updates to residents (Code 5.9) among their facts: every complaint's
-- facts are worked out again once, at start-up.
insert into data_upgrades (name) values ('report_facts') on conflict do nothing;
