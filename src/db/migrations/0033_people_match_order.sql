-- Matching a resident to their record (db/repositories/people.ts, matchQuery) asks, each way, for
-- the oldest live record with that tenancy reference, that email, or that name at that postcode:
-- `order by reference limit 1`. With the record's reference last in each index, that is one short
-- ordered index lookup. Without it PostgreSQL may walk every record in reference order looking for
-- the first that matches, and a new resident, who matches none, walks them all: intake slowed as
-- the number of residents grew.
drop index people_email_idx;
create index people_email_idx on people (lower(email), reference)
  where email is not null and merged_into_id is null;
drop index people_tenancy_idx;
create index people_tenancy_idx on people (tenancy_reference, reference)
  where tenancy_reference is not null and merged_into_id is null;
drop index people_name_postcode_idx;
create index people_name_postcode_idx on people (lower(name), replace(postcode, ' ', ''), reference)
  where merged_into_id is null;
