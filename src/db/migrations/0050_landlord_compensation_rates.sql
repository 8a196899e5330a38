-- Code 7.4: the landlord's own compensation policy rates for the sums the Ombudsman's guidance
-- defines (loss of heating, hot water or power a day; a missed appointment), shown beside the
-- Ombudsman's and used by the remedy calculator. Each version is dated and kept: a newer one takes
-- over from its date, and a blank rate means the policy sets none (the Ombudsman's applies).
create table landlord_compensation_rates (
  id uuid primary key,
  source text not null,
  effective_from date not null,
  note text,
  loss_of_heating numeric(10, 2),
  heating_or_hot_water numeric(10, 2),
  loss_of_power numeric(10, 2),
  missed_appointment numeric(10, 2),
  created_at timestamptz not null,
  created_by uuid references users (id)
);
create index landlord_compensation_rates_effective_idx
  on landlord_compensation_rates (effective_from desc, created_at desc);

create trigger landlord_compensation_rates_kept
  before update or delete on landlord_compensation_rates
  for each row execute function refuse_history_change();
