-- Code 8.1: documents uploaded as evidence for a provision of a self-assessment, kept with it for
-- good, never changed or deleted.
create table self_assessment_documents (
  id uuid primary key,
  assessment_id uuid not null references self_assessments (id),
  provision text not null,
  filename text not null,
  content_type text not null,
  size integer not null,
  sha256 text not null,
  content bytea not null,
  uploaded_at timestamptz not null,
  uploaded_by uuid references users (id)
);
create index self_assessment_documents_assessment_idx on self_assessment_documents (assessment_id);
create trigger self_assessment_documents_append_only
  before update or delete on self_assessment_documents
  for each row execute function refuse_history_change();
create trigger self_assessment_documents_no_truncate
  before truncate on self_assessment_documents
  for each statement execute function refuse_history_change();
