-- Letter audits: the landlord's own checklist, versioned (a new row for each change; audits keep
-- the version they were scored against), and each audit of a letter sent, with its scores and
-- the feedback the handler sees. Letters are sampled by the month they were sent.
create table letter_audit_checklists (
  version integer primary key,
  items jsonb not null,
  created_at timestamptz not null,
  created_by uuid references users (id)
);

-- handler_id is who issued the letter (its event's actor), not whoever handles the complaint now.
create table letter_audits (
  id uuid primary key,
  letter_id uuid not null references letters (id),
  complaint_id uuid not null references complaints (id),
  kind text not null,
  sent_on date not null,
  handler_id uuid references users (id),
  checklist_version integer not null references letter_audit_checklists (version),
  scores jsonb not null,
  score integer,
  summary text not null,
  audited_at timestamptz not null,
  audited_on date not null,
  audited_by uuid not null references users (id),
  feedback_seen_at timestamptz,
  unique (letter_id)
);
create index letter_audits_sent_idx on letter_audits (sent_on);
create index letter_audits_handler_idx on letter_audits (handler_id, audited_at desc);

-- Sampling reads the letters' own events (who issued each, and when), by the time they were issued.
create index complaint_events_letter_issued_idx on complaint_events (at) where type = 'complaint.letter_issued';
