-- Complaint histories imported from a landlord's earlier system (issue 34).

-- The complaint's reference in the earlier system: the key that makes an import re-runnable.
alter table complaints add column legacy_reference text;
create unique index complaints_legacy_reference on complaints (legacy_reference)
  where legacy_reference is not null;

-- A file checked (the dry run) and, once someone confirms it, written. The rows are kept as read
-- so that what is confirmed is exactly what was checked; the report is what the dry run found.
create table complaint_imports (
  id uuid primary key,
  file_name text not null,
  uploaded_by uuid not null references users (id),
  uploaded_at timestamptz not null,
  cells jsonb not null,
  report jsonb not null,
  confirmed_at timestamptz,
  confirmed_by uuid references users (id),
  created_count integer
);
create index complaint_imports_uploaded_at on complaint_imports (uploaded_at desc);
