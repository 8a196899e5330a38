-- What the daily dashboard and the queues count, kept on the projection with the rest of a
-- complaint's current state (rewritten from its events with every change).
alter table complaints add column extended boolean not null default false;
alter table complaints add column open_actions integer not null default 0;
alter table complaints add column next_action_due_on date;
create index complaints_received_at_idx on complaints (received_at desc);
create index complaints_open_actions_idx on complaints (next_action_due_on) where open_actions > 0;
