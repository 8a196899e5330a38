-- Retention counts from when a complaint ended, as it took effect: its closing (or its withdrawal,
-- or its refusal), not the last time its row was written. A history recorded late (imported, or
-- typed in from paper) would otherwise be kept for the retention period from the day it was
-- typed in. The projection keeps the effective time of the event that ended the complaint, and
-- null while it is open (services/complaints/casework.ts projectionOf).
alter table complaints add column closed_at timestamptz;

-- Events on a complaint never go back in time, so the latest of each kind is the one in force: a
-- complaint closed at stage 1, escalated, then closed, withdrawn or refused at stage 2 ended then.
update complaints c set closed_at = coalesce((
    select max(e.at) from complaint_events e
    where e.complaint_id = c.id
      and e.type = case c.state
        when 'closed' then 'complaint.closed'
        when 'withdrawn' then 'complaint.withdrawn'
        when 'not_accepted' then 'complaint.refused'
      end
  ), c.updated_at)
where c.state in ('closed', 'not_accepted', 'withdrawn');

-- The closed complaints not yet anonymised, by when they ended: what each retention run reads.
drop index complaints_retention_idx;
create index complaints_retention_idx on complaints (closed_at)
  where anonymised_at is null and state in ('closed', 'not_accepted', 'withdrawn');
