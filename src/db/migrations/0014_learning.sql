-- Code 9.1–9.4: why things went wrong, as the landlord names the causes. Entries are switched
-- off rather than deleted: learning already recorded keeps pointing at them.
create table root_causes (
  code text primary key,
  label text not null,
  active boolean not null default true,
  position integer not null default 0
);
insert into root_causes (code, label, position) values
  ('communication', 'Communication', 1),
  ('repair_quality', 'Repair quality', 2),
  ('repair_delay', 'Repair delay', 3),
  ('policy', 'Policy or procedure', 4),
  ('staff_conduct', 'Staff conduct', 5),
  ('contractor', 'Contractor', 6),
  ('record_keeping', 'Record keeping', 7),
  ('other', 'Other', 99);
