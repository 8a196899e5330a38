-- The TSM workbook lists a year's receipts, escalations and responses (about 400,000 rows at a
-- million complaints) by date with each complaint's reference. Read from the facts' heap, that is
-- a random page read a row, since a complaint's facts are rewritten wherever they land; from
-- these two indexes it is a walk along the year's days and a lookup in a small index a row.
create index report_facts_tsm_idx on report_facts (on_date, complaint_id)
  include (kind, key, tenure, counted, within, owed_on, why)
  where kind in ('received', 'escalation', 'response');

create index complaints_reference_of_idx on complaints (id) include (reference);
