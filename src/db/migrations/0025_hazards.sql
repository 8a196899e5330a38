-- Awaab's Law: hazards in the home (emergency hazards, significant damp and mould) recorded from
-- complaints, each its run of events kept for good. The row holds what queues read (the clock
-- that runs out next); hazard_clocks holds each duty's clock as last worked out, for reports.
-- Both are derived from the events and the calendar, and rewritten whenever either changes.
create table hazards (
  id uuid primary key,
  complaint_id uuid not null references complaints (id),
  kind text not null,
  aware_at timestamptz not null,
  next_clock text,
  next_due_at timestamptz,
  version integer not null,
  updated_at timestamptz not null
);
create index hazards_complaint_idx on hazards (complaint_id);
create index hazards_next_due_idx on hazards (next_due_at) where next_due_at is not null;

create table hazard_events (
  id bigint generated always as identity primary key,
  hazard_id uuid not null references hazards (id),
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_id uuid references users (id),
  data jsonb not null,
  unique (hazard_id, seq)
);
create trigger hazard_events_append_only
  before update or delete on hazard_events
  for each row execute function refuse_history_change();
create trigger hazard_events_no_truncate
  before truncate on hazard_events
  for each statement execute function refuse_history_change();

create table hazard_clocks (
  hazard_id uuid not null references hazards (id),
  complaint_id uuid not null references complaints (id),
  kind text not null,
  clock text not null,
  due_at timestamptz not null,
  met_at timestamptz,
  -- Met in time (true) or late (false); null while running or stopped.
  within boolean,
  stopped boolean not null,
  primary key (hazard_id, clock)
);
create index hazard_clocks_due_idx on hazard_clocks (due_at);
