-- Code 5.9: when each complaint's next update to the resident is due, for lists, the dashboard
-- and the daily prompts. Like the deadline columns, the start and length come from the events
-- and the due date is worked out again whenever the calendar changes.
alter table complaints add column update_start_on date;
alter table complaints add column update_interval_days integer;
alter table complaints add column update_due_on date;
create index complaints_update_due_on_idx on complaints (update_due_on) where update_due_on is not null;
