-- The self-assessment counts, for a year, the assignments that declared the handler's conflict of
-- interest (Code 5.8) and the stage 2 responses that named who was involved (Code 6.20). Both read
-- the complaint events of their type in the year, by these indexes rather than the whole table.
create index complaint_events_assignment_idx on complaint_events (at)
  where type in ('complaint.acknowledged', 'complaint.assigned');
