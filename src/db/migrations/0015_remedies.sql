-- Code 7.4: the compensation guidance the landlord takes account of, as dated sets of bands.
-- A set is never changed once added: a new set, effective from its own date, replaces it for
-- remedies offered from then on, and the remedies offered before keep the set they were offered under.
create table compensation_guidance (
  id uuid primary key,
  title text not null,
  source text not null,
  effective_from date not null,
  note text,
  created_at timestamptz not null,
  created_by uuid references users (id)
);
create index compensation_guidance_effective_idx on compensation_guidance (effective_from desc, created_at desc);

create table compensation_bands (
  guidance_id uuid not null references compensation_guidance (id),
  position integer not null,
  min_pounds numeric(10, 2) not null,
  max_pounds numeric(10, 2),
  label text not null,
  description text not null,
  primary key (guidance_id, position)
);

create trigger compensation_guidance_kept
  before update or delete on compensation_guidance
  for each row execute function refuse_history_change();
create trigger compensation_bands_kept
  before update or delete on compensation_bands
  for each row execute function refuse_history_change();

-- The default: the Housing Ombudsman's bands for financial redress, from its Guidance on remedies.
-- The descriptions summarise the guidance in the service's own words; check them against the
-- guidance in force and add a new dated set when it changes.
insert into compensation_guidance (id, title, source, effective_from, note, created_at) values (
  '00000000-0000-4000-8000-00000000c0de',
  'Housing Ombudsman: guidance on financial redress',
  'Housing Ombudsman Service, Guidance on remedies (www.housing-ombudsman.org.uk), as revised April 2024',
  '2024-04-01',
  'Shipped with the service as the default. Check the figures against the Ombudsman’s current guidance before relying on them, and add a new dated set when the guidance or the landlord’s own compensation policy changes.',
  '2024-04-01T00:00:00Z'
);
insert into compensation_bands (guidance_id, position, min_pounds, max_pounds, label, description) values
  ('00000000-0000-4000-8000-00000000c0de', 1, 50, 100, 'Minor failure',
   'A failure of short duration that may not have significantly affected the overall outcome for the resident.'),
  ('00000000-0000-4000-8000-00000000c0de', 2, 100, 600, 'Adverse effect',
   'A failure that adversely affected the resident; any attempt to put things right did not address the detriment or was not proportionate to the failings.'),
  ('00000000-0000-4000-8000-00000000c0de', 3, 600, 1000, 'Significant impact',
   'A failure that had a significant impact on the resident, with little or no attempt to acknowledge the failings or put things right.'),
  ('00000000-0000-4000-8000-00000000c0de', 4, 1000, null, 'Severe long-term impact',
   'Severe long-term impact on the resident, including repeated failures or a failure to act that seriously affected them.');

-- The register reads responses newest first without reading every event.
create index complaint_events_responded_idx on complaint_events (at) where type = 'complaint.responded';

-- Work a new release does once on data that is already there, by name; removed when done.
create table data_upgrades (
  name text primary key
);
-- Remedies offered before they were tracked count as outstanding actions in the queues from now on.
insert into data_upgrades (name) values ('remedies_outstanding');
