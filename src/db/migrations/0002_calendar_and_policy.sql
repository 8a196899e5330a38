-- Bank holidays (official, from gov.uk), the landlord's closure days, and its versioned
-- timescale policy.

-- Every bank holiday file ever loaded, kept whole: where each official date came from.
create table bank_holiday_imports (
  id bigint generated always as identity primary key,
  imported_at timestamptz not null,
  imported_by uuid references users (id),
  source text not null,
  years integer[] not null,
  document jsonb not null
);
create trigger bank_holiday_imports_append_only
  before update or delete on bank_holiday_imports
  for each row execute function refuse_history_change();

-- The official dates now in force: each import replaces the years it covers.
create table bank_holidays (
  date date primary key,
  title text not null,
  substitute boolean not null,
  import_id bigint not null references bank_holiday_imports (id)
);

create table closure_days (
  date date primary key,
  title text not null,
  created_at timestamptz not null,
  created_by uuid references users (id)
);

-- Bumped with every change to the calendar, so each instance knows when to rebuild its index.
create table calendar_revision (
  singleton boolean primary key default true check (singleton),
  revision bigint not null,
  updated_at timestamptz not null
);
insert into calendar_revision (singleton, revision, updated_at) values (true, 0, now());

-- Each change of policy is a new version from a date; a stage keeps the version in force
-- when it started. Versions are never changed or removed.
create table policy_versions (
  version integer primary key,
  effective_from date not null,
  acknowledge_days integer not null,
  stage1_response_days integer not null,
  stage1_max_extension_days integer not null,
  stage2_acknowledge_days integer not null,
  stage2_response_days integer not null,
  stage2_max_extension_days integer not null,
  internal_targets jsonb not null default '[]'::jsonb,
  created_at timestamptz not null,
  created_by uuid references users (id),
  note text
);
create trigger policy_versions_append_only
  before update or delete on policy_versions
  for each row execute function refuse_history_change();

-- Version 1: the Code's maxima, in force since the Code became statutory.
insert into policy_versions (
  version, effective_from, acknowledge_days, stage1_response_days, stage1_max_extension_days,
  stage2_acknowledge_days, stage2_response_days, stage2_max_extension_days, created_at, note
) values (1, '2024-04-01', 5, 10, 10, 5, 20, 20, now(), 'The Complaint Handling Code''s maximum timescales');
