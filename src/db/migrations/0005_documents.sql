-- Documents attached to complaints (Code 5.12: correspondence, reports, surveys), kept in the
-- database with the rest of the record. Never changed or deleted once attached.
create table documents (
  id uuid primary key,
  complaint_id uuid not null references complaints (id),
  filename text not null,
  content_type text not null,
  size integer not null,
  sha256 text not null,
  description text,
  content bytea not null,
  uploaded_at timestamptz not null,
  uploaded_by uuid references users (id)
);
create index documents_complaint_idx on documents (complaint_id);
create trigger documents_append_only
  before update or delete on documents
  for each row execute function refuse_history_change();
create trigger documents_no_truncate
  before truncate on documents
  for each statement execute function refuse_history_change();

