-- Code 1.4–1.6: the service requests the landlord is handling (repairs, ASB reports…), entered by
-- staff or sent by the housing management system. Each is a run of events kept for good; the row
-- holds what lists read. A complaint about one is linked to it; the request stays open.
create sequence service_request_reference_seq;
create table service_requests (
  id uuid primary key,
  reference text not null unique,
  external_reference text unique,
  kind text not null,
  summary text not null,
  status text not null,
  resident_name text not null,
  opened_on date not null,
  -- Code 1.6: survey comments showing dissatisfaction not yet offered to the resident as a complaint.
  comments_to_offer integer not null default 0,
  complaints integer not null default 0,
  version integer not null,
  updated_at timestamptz not null
);
create index service_requests_open_idx on service_requests (opened_on desc) where status = 'open';
create index service_requests_to_offer_idx on service_requests (updated_at) where comments_to_offer > 0;

create table service_request_events (
  id bigint generated always as identity primary key,
  request_id uuid not null references service_requests (id),
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_id uuid references users (id),
  data jsonb not null,
  unique (request_id, seq)
);
create trigger service_request_events_append_only
  before update or delete on service_request_events
  for each row execute function refuse_history_change();
create trigger service_request_events_no_truncate
  before truncate on service_request_events
  for each statement execute function refuse_history_change();
