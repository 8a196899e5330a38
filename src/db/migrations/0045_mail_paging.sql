-- The mail pages are paged newest first (by when each message was made, then its id) and
-- searched by the address a message went to: at a real landlord's volume (thousands of letters a
-- year) neither may read every message to find a page.
create index mail_messages_created_idx on mail_messages (created_at desc, id desc);
create index mail_messages_status_created_idx on mail_messages (status, created_at desc, id desc);
create index mail_messages_to_idx on mail_messages (lower(to_address), created_at desc, id desc);
drop index mail_messages_status_idx;
