-- A self-assessment for one landlord of a group (issue 34). Where one policy covers the whole
-- group the Ombudsman accepts one assessment for it (entity_id null: the group's, which is every
-- assessment made so far); where a registered provider runs its own procedure, it assesses itself
-- against the Code with the figures of its own complaints. Each scope has one annual assessment a
-- year; re-assessments as many as are needed.
alter table self_assessments add column entity_id uuid references landlord_entities (id);

drop index self_assessments_annual_idx;
create unique index self_assessments_annual_idx on self_assessments (year, entity_id) nulls not distinct
  where trigger = 'annual';
