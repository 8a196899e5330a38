-- Webhook housekeeping (issue 34, events out): an endpoint can be removed without losing the
-- record of what was sent to it (kept, marked removed, its unsent deliveries cancelled), and old
-- deliveries are deleted by the nightly housekeeping (WEBHOOK_RETENTION_DAYS).
alter table webhook_endpoints drop constraint webhook_endpoints_status_check;
alter table webhook_endpoints
  add constraint webhook_endpoints_status_check check (status in ('active', 'paused', 'removed')),
  add column removed_at timestamptz,
  add column removed_by uuid references users (id);

-- Cancelled: it was never sent, and never will be, because its endpoint was removed first.
alter table webhook_deliveries drop constraint webhook_deliveries_status_check;
alter table webhook_deliveries
  add constraint webhook_deliveries_status_check
    check (status in ('pending', 'delivered', 'failed', 'held', 'cancelled'));

-- What the housekeeping looks for: deliveries delivered before the cutoff, events long fanned out.
create index webhook_deliveries_delivered_idx on webhook_deliveries (delivered_at) where status = 'delivered';
create index webhook_events_fanned_out_idx on webhook_events (fanned_out_at) where fanned_out_at is not null;
