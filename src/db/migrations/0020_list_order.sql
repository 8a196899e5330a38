-- The case list's default order (newest first, then by reference) read straight from an index,
-- so its first page does not sort every complaint.
create index complaints_received_order_idx on complaints (received_at desc, reference desc);
create index complaints_updated_order_idx on complaints (updated_at desc, reference desc);
drop index complaints_received_at_idx;
