-- The Today page's counts (complaintQueries.ts dashboardCounts) and the daily prompts read the open
-- complaints only: 15,000 of a million, scattered over the whole table. Everything they count is
-- in this index, so they are read from it alone rather than from 15,000 pages of the table.
create index complaints_open_idx on complaints (state)
  include (deadline_due_on, extended, open_actions, next_action_due_on, current_handler_id, update_due_on,
    received_on, stage)
  where state in ('received', 'stage1', 'stage1_responded', 'stage2_requested', 'stage2', 'stage2_responded');
