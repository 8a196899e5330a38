-- The TSM workbook and the complaints behind a TSM figure list each complaint with the date its
-- response was owed and why it counted as it did. These are worked out with the facts, by the
-- same rule and at the same moment as whether it counted (domain/reports/facts.ts), and kept
-- beside them, so the list agrees with the figures by construction and a year's workbook reads
-- its rows instead of folding every complaint's history again (issue: fast at a million).
alter table report_facts
  add column owed_on date,
  add column why text;

-- Every complaint's facts are worked out again once, at start-up, to fill the new columns.
insert into data_upgrades (name) values ('report_facts') on conflict do nothing;
