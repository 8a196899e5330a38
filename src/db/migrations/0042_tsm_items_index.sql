-- The TSM workbook lists a year's receipts, escalations and responses (about 400,000 rows at a
-- million complaints) by date and reference. Read from the facts' heap with each complaint's
-- reference looked up, that is a random page read or an index descent a row (a complaint's facts
-- are rewritten wherever they land). The facts the TSM count keep their complaint's reference (a
-- reference never changes), and this index holds them in the workbook's order: a year is a walk
-- along one index.
alter table report_facts add column reference text;

update report_facts f set reference = c.reference
from complaints c
where c.id = f.complaint_id and f.kind in ('received', 'escalation', 'response');

create index report_facts_tsm_idx on report_facts (on_date, reference)
  include (complaint_id, kind, key, tenure, counted, within, owed_on, why)
  where kind in ('received', 'escalation', 'response');
