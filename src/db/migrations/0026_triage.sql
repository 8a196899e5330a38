-- Triage at intake (Code 6.1). The landlord's rules are plain data: each change is a new version,
-- kept, so every suggestion on a complaint can say which rules made it. With no version saved,
-- the service's starting rules apply.
create table triage_rule_sets (
  version integer primary key,
  rules jsonb not null,
  changed_by uuid references users (id),
  changed_at timestamptz not null
);
create trigger triage_rule_sets_append_only
  before update or delete on triage_rule_sets
  for each row execute function refuse_history_change();

-- The complaint's priority for queues: as confirmed by a handler, else as suggested; null before
-- triage (complaints logged before it existed). The rank sorts urgent first, untriaged last.
alter table complaints add column priority text;
alter table complaints add column priority_rank smallint not null default 3;
alter table complaints add column priority_confirmed boolean not null default false;
create index complaints_priority_idx on complaints (priority_rank, deadline_due_on)
  where state in ('received', 'stage1', 'stage2_requested', 'stage2');
