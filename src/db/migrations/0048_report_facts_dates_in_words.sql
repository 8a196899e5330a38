-- The TSM workbook and the complaints behind a TSM figure say why each complaint counted as it
-- did; those words now give dates as people read them ("18 March 2026", not "2026-03-18").
-- They are kept with the facts, so every complaint's facts are worked out again once, at start-up.
insert into data_upgrades (name) values ('report_facts') on conflict do nothing;
