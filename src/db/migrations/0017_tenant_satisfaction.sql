-- The Tenant Satisfaction Measures CH01 and CH02: each complaint's tenure (lcra, lcho, other;
-- null when not recorded), and the homes the landlord owns at the end of each reporting year.
alter table complaints add column tenure text;
create index complaints_tenure_received_idx on complaints (tenure, received_on);

-- Every figure given is kept; the latest for a year is the one used.
create table homes_owned (
  id bigint generated always as identity primary key,
  year integer not null,
  lcra integer not null check (lcra >= 0),
  lcho integer not null check (lcho >= 0),
  recorded_at timestamptz not null,
  recorded_by uuid references users (id)
);
create index homes_owned_year_idx on homes_owned (year, id desc);
create trigger homes_owned_append_only
  before update or delete on homes_owned
  for each row execute function refuse_history_change();
